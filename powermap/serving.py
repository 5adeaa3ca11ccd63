"""Serving the web app: gunicorn for real, Flask's development server behind ``--dev``.

Why gunicorn with threaded (``gthread``) workers: the app's requests spend their time in two
places, waiting for Neo4j (threads overlap that) and in Python building maps and reports
(only separate processes overlap that, because of the GIL). gunicorn gives both, restarts a
worker that hangs, and stops gracefully on SIGTERM. A one-process threaded server such as
waitress overlaps the waiting only; ``python -m bench load`` measures the three side by side.

The app is built once in the master (``preload_app``) so a broken installation fails before
any worker is forked; the Neo4j driver is opened only inside each worker, after the fork
(``powermap.api.db``), and closed when the worker exits.
"""

from __future__ import annotations

import gc
import logging
from typing import Callable

from flask import Flask
from gunicorn.app.base import BaseApplication

from powermap.config import Settings
from powermap.errors import PowermapError
from powermap.graph import local_server
from powermap.graph.connection import open_graph
from powermap.i18n import _

log = logging.getLogger("powermap.serving")


def check_port(host: str, port: int) -> None:
    """Refuse at once, with a sentence that says what to do, when ``host:port`` is taken."""
    if port and not local_server.port_free(host, port):
        raise PowermapError(_("port %(port)s on %(host)s is taken by another program (another "
                              "`powermap serve`?); stop it, or choose another with --port or "
                              "POWERMAP_PORT", port=port, host=host))


def check_graph(settings: Settings, say: Callable[[str], None]) -> None:
    """Start the local Neo4j when it is needed and not running; check a remote one answers.

    The driver opened here is closed again before any worker is forked. A remote server that
    does not answer is reported but does not stop the web app: it may come up later (a
    machine's services start in any order), and until then ``/health`` answers 503.
    """
    try:
        open_graph(settings, say=say).close()
    except PowermapError as e:
        if not settings.neo4j_uri:
            raise
        say(_("Warning: %(error)s The web app starts anyway; /health answers 503 until Neo4j "
              "answers.", error=e))


class ProductionServer(BaseApplication):
    """gunicorn, configured from Powermap's settings only (no gunicorn.conf.py, no
    GUNICORN_CMD_ARGS), serving an app that was built before the fork."""

    def __init__(self, app: Flask, settings: Settings, host: str, port: int,
                 say: Callable[[str], None]):
        self.application = app
        self.settings = settings
        self.host = host
        self.port = port
        self.say = say
        super().__init__()

    def load_config(self) -> None:
        s = self.settings
        host = f"[{self.host}]" if ":" in self.host else self.host
        options = {
            "bind": [f"{host}:{self.port}"],
            "workers": s.web_workers,
            "worker_class": "gthread",
            "threads": s.web_threads,
            # A worker takes no more connections than it has threads, and closes each after its
            # response: a kept-alive connection stays with the worker that accepted it, and a
            # burst of them accepted by one worker leaves the others idle (measured: gunicorn
            # then served fewer requests than the development server). A worker that is busy
            # stops accepting, so new connections go to the one that is free.
            "worker_connections": s.web_threads,
            "keepalive": 0,
            "timeout": s.web_timeout,
            "graceful_timeout": s.web_shutdown_timeout,
            "preload_app": True,
            "proc_name": "powermap",
            # X-Forwarded-* headers are trusted by ProxyFix (web_proxies) and nowhere else
            "forwarded_allow_ips": "",
            "errorlog": "-",
            "loglevel": "info",
            # gunicorn >= 25 opens a control socket in the home folder by default; nothing
            # here uses it, and two servers on one machine would share its path
            "control_socket_disable": True,
            "when_ready": self._when_ready,
            "post_worker_init": self._post_worker_init,
            "worker_exit": self._worker_exit,
        }
        for name, value in options.items():
            if name in self.cfg.settings:
                self.cfg.set(name, value)

    def load(self) -> Flask:
        return self.application

    def _when_ready(self, server) -> None:
        for listener in server.LISTENERS:
            self.say(_("Powermap on %(address)s/  (%(workers)s workers × %(threads)s threads; "
                       "Ctrl-C or SIGTERM stops it)", address=listener,
                       workers=self.settings.web_workers, threads=self.settings.web_threads))

    def _post_worker_init(self, worker) -> None:
        # Open this worker's driver now rather than on its first request; when Neo4j is away
        # the worker serves anyway and /health says so.
        from powermap.api.db import graph_of
        try:
            graph_of(self.application)
        except PowermapError as e:
            worker.log.warning("worker %s could not open its Neo4j driver yet: %s", worker.pid, e)

    def _worker_exit(self, server, worker) -> None:
        from powermap.api.db import close_graph
        close_graph(self.application)
        server.log.info("worker %s closed its Neo4j driver", worker.pid)


def serve_production(settings: Settings, host: str, port: int,
                     say: Callable[[str], None]) -> None:
    """Run gunicorn in the foreground until SIGTERM (graceful) or Ctrl-C."""
    from powermap.api import create_app
    check_port(host, port)
    check_graph(settings, say)
    app = create_app(settings=settings)
    # What the app holds now (modules, templates, catalogs) lives as long as the server: out of
    # the garbage collector's sight, a worker's full collections stop walking it on every
    # request burst (a shorter tail of slow requests), and forked workers keep sharing its
    # memory pages with the master (Python's gc.freeze documentation recommends exactly this
    # before fork()).
    gc.collect()
    gc.freeze()
    ProductionServer(app, settings, host, port, say).run()


def serve_development(settings: Settings, host: str, port: int, say: Callable[[str], None],
                      reload: bool = False, debugger: bool = False) -> None:
    """Flask's development server: one process, for working on Powermap itself."""
    from powermap.api import create_app
    if debugger and host not in ("127.0.0.1", "::1", "localhost"):
        raise PowermapError(_("the debugger runs any code a visitor types; it is refused on "
                              "%(host)s, a non-loopback address", host=host))
    check_port(host, port)
    graph = open_graph(settings, say=say)  # starts the local Neo4j when it is not running
    app = create_app({"POWERMAP_GRAPH": graph}, settings=settings)
    say(_("Powermap on http://%(host)s:%(port)s/  (development server; Ctrl-C stops it)",
          host=host, port=port))
    try:
        app.run(host=host, port=port, debug=debugger, use_reloader=reload, threaded=True)
    finally:
        graph.close()
