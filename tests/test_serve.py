"""`powermap serve`: the production server (gunicorn) as a real process against the real Neo4j —
health, a logged-in page, several workers, a graceful SIGTERM, a 503 when Neo4j is away, a
taken port — and the settings and proxy handling around it."""

from __future__ import annotations

import http.client
import http.cookiejar
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from powermap import users
from powermap.api import create_app
from powermap.cli import main
from powermap.config import load_settings
from powermap.errors import ConfigError

PASSWORD = "correct horse battery"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """``powermap serve`` in a child process; its stderr collected line by line."""

    def __init__(self, data_dir: Path, **env: str):
        self.port = free_port()
        self.lines: list[str] = []
        keep = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "TMPDIR")}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "powermap.cli", "serve"],
            env={**keep, "POWERMAP_DATA_DIR": str(data_dir), "POWERMAP_PORT": str(self.port),
                 "POWERMAP_WORKERS": "2", "POWERMAP_THREADS": "2", **env},
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        threading.Thread(target=self._collect, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.port}"
        self.wait_for(f"Powermap on {self.url}/", timeout=60)

    def _collect(self) -> None:
        for line in self.process.stderr:
            self.lines.append(line)

    def log(self) -> str:
        return "".join(self.lines)

    def wait_for(self, text: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.log():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"never saw {text!r}; the server said:\n{self.log()}")
            time.sleep(0.05)

    def workers(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
                # shown by pytest when the test fails (its return code is then -9): what the
                # server was doing when it did not stop within 15 s of SIGTERM
                print(f"server killed 15 s after SIGTERM; its log:\n{self.log()[-4000:]}")


@pytest.fixture
def server(demo_graph, test_settings):
    users.create_user(demo_graph, "ada", "editor", PASSWORD)
    running = Server(test_settings.data_dir)
    yield running
    running.stop()


def get(url: str, opener=None) -> tuple[int, str]:
    try:
        with (opener or urllib.request.build_opener()).open(url, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def test_the_production_server_answers_health_and_a_logged_in_page_with_two_workers(server):
    assert get(server.url + "/health") == (200, '{"status":"ok"}\n')
    # log in through the form, as a browser does: the CSRF token from the page, then the cookie
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    status, page = get(server.url + "/login", opener)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)[1]
    form = urllib.parse.urlencode({"username": "ada", "password": PASSWORD,
                                   "csrf_token": token}).encode()
    with opener.open(urllib.request.Request(server.url + "/login", data=form), timeout=30) as r:
        assert r.status == 200 and r.url == server.url + "/"   # redirected to the accounts
        accounts = r.read().decode()
    assert "Northwind" in accounts and 'name="csrf-token"' in accounts
    assert get(server.url + "/accounts/org-northwind", opener)[0] == 200
    # several processes, each with its own driver, opened after the fork
    workers = server.workers()
    assert len(workers) == 2
    assert all(f"Booting worker with pid: {pid}" in server.log() for pid in workers)
    assert "development server" not in server.log().lower()


def test_sigterm_lets_the_request_in_flight_finish_then_closes_every_driver(server, demo_graph):
    token = users.new_token(demo_graph, "ada")
    body = json.dumps({"name": "Iris In-Flight", "organization_id": "org-northwind"}).encode()
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    connection.putrequest("POST", "/api/v1/people")
    connection.putheader("Authorization", f"Bearer {token}")
    connection.putheader("Content-Type", "application/json")
    connection.putheader("Content-Length", str(len(body)))
    connection.endheaders()
    # Half the body: a worker has the request and waits in the view for the rest of it.
    connection.send(body[:10])
    time.sleep(1.0)
    server.process.send_signal(signal.SIGTERM)
    server.wait_for("Handling signal: term", timeout=5)
    time.sleep(0.5)
    assert server.process.poll() is None  # still there: a request is in flight
    connection.send(body[10:])
    response = connection.getresponse()
    assert response.status == 201, response.read()
    created = json.loads(response.read())
    assert created["name"] == "Iris In-Flight"
    started = time.monotonic()
    assert server.process.wait(timeout=10) == 0
    assert time.monotonic() - started < 5
    assert server.log().count("closed its Neo4j driver") == 2
    assert demo_graph.read("find_person", person_id=created["id"])[0]["person"]["name"] \
        == "Iris In-Flight"


def test_health_answers_503_with_a_json_body_while_neo4j_is_unreachable(tmp_path, test_settings):
    nowhere = f"bolt://127.0.0.1:{free_port()}"
    running = Server(tmp_path, NEO4J_URI=nowhere, NEO4J_PASSWORD="unused")
    try:
        status, body = get(running.url + "/health")
        assert status == 503
        answer = json.loads(body)
        assert answer["status"] == "unavailable"
        assert "cannot reach its graph database" in answer["message"]
        assert nowhere not in body  # the address stays in the log: /health needs no login
        assert nowhere in running.log()
    finally:
        running.stop()
    assert running.process.returncode == 0


def test_health_is_503_in_the_app_when_the_driver_cannot_connect(test_settings):
    settings = test_settings.with_overrides(neo4j_uri=f"bolt://127.0.0.1:{free_port()}")
    client = create_app({"TESTING": True}, settings=settings).test_client()
    response = client.get("/health")
    assert response.status_code == 503
    assert response.get_json()["status"] == "unavailable"


@pytest.mark.parametrize("flags", [[], ["--dev"]], ids=["production", "dev"])
def test_serve_names_a_taken_port(test_settings, flags):
    with socket.socket() as blocker:
        blocker.bind(("127.0.0.1", 0))
        blocker.listen()
        port = blocker.getsockname()[1]
        result = CliRunner().invoke(main, ["serve", "--port", str(port), *flags],
                                    obj=test_settings)
    assert result.exit_code == 1
    assert f"port {port} on 127.0.0.1 is taken" in result.output


def test_reload_and_debugger_need_dev_and_the_debugger_a_loopback_address(test_settings):
    result = CliRunner().invoke(main, ["serve", "--reload"], obj=test_settings)
    assert result.exit_code == 1 and "add --dev" in result.output
    result = CliRunner().invoke(main, ["serve", "--dev", "--debugger", "--host", "0.0.0.0"],
                                obj=test_settings)
    assert result.exit_code == 1 and "refused on 0.0.0.0" in result.output


def test_server_settings_have_defaults_and_reject_nonsense():
    settings = load_settings(environ={})
    assert (settings.web_threads, settings.web_proxies) == (2, 0)
    assert settings.web_workers == len(os.sched_getaffinity(0)) + 1 >= 2
    assert load_settings(environ={"POWERMAP_WORKERS": "3"}).web_workers == 3
    for env in ({"POWERMAP_WORKERS": "0"}, {"POWERMAP_THREADS": "many"},
                {"POWERMAP_PROXIES": "-1"}):
        with pytest.raises(ConfigError, match=next(iter(env))):
            load_settings(environ=env)


@pytest.mark.parametrize("proxies, secure", [(0, False), (1, True)])
def test_forwarded_headers_are_trusted_only_from_the_configured_proxies(graph, test_settings,
                                                                        proxies, secure):
    # Flask-WTF checks the Referer of an HTTPS form post; the request counts as HTTPS only when
    # X-Forwarded-Proto comes from a proxy we were told about.
    app = create_app({"TESTING": True, "POWERMAP_GRAPH": graph},
                     settings=test_settings.with_overrides(web_proxies=proxies))
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)[1]
    response = client.post("/login", data={"username": "x", "password": "y", "csrf_token": token},
                           headers={"X-Forwarded-Proto": "https",
                                    "X-Forwarded-Host": "powermap.example.com"})
    refused_for_referer = "referrer" in response.get_data(as_text=True).lower()
    assert refused_for_referer is secure
