"""The local Neo4j: build the launcher, start it in the background, find it again, stop it.

Everything lives in the data directory:

- ``neo4j-password`` — generated at the first start (mode 0600), handed to the launcher through
  its environment, never on a command line; an empty one is refused, never run without
  authentication;
- ``server.json`` — the running server's pid, port and URI, so ``status`` and ``stop`` find it;
- ``launcher.log`` — what the launcher printed; its tail is shown when a start fails;
- ``conf/neo4j.conf``, ``data/``, ``logs/`` — Neo4j's own.

The data directory is the whole graph, so it is kept to its owner: folders 0700, files 0600
(made so before each start, and the launcher runs under umask 077 so what Neo4j creates is too).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable

import neo4j

from powermap.config import Settings, child_environment
from powermap.errors import LocalServerError
from powermap.i18n import _
from powermap.secretfile import read_or_create

JAR_NAME = "powermap-neo4j-launcher.jar"
MAIN_CLASS = "io.powermap.launcher.Neo4jLauncher"
# Neo4j's own JVM flags: its page cache and network code reach into these packages.
JVM_FLAGS = (
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "-XX:+UseG1GC",
    "-Dfile.encoding=UTF-8",
)
HOST = "127.0.0.1"


@dataclass(frozen=True)
class ServerState:
    pid: int
    port: int
    data_dir: str
    started_at: float

    @property
    def uri(self) -> str:
        return f"bolt://{HOST}:{self.port}"


def password(settings: Settings) -> str:
    """The local server's password, generated on first use and kept in the data directory.

    Raises ``LocalServerError`` when the file exists but is empty: Neo4j would run without
    authentication, and a silently new password would hide whatever emptied the file.
    """
    path = settings.data_dir / "neo4j-password"
    secret = read_or_create(path)
    if not secret:
        raise LocalServerError(_(
            "%(path)s is empty, and the local Neo4j never runs without a password. Delete the "
            "file (a new password is generated at the next start) or write the password in it.",
            path=path))
    return secret


def ensure_launcher(settings: Settings, say: Callable[[str], None] = lambda _: None) -> Path:
    """Build the launcher with Maven unless an up-to-date build exists; return its jar."""
    module = settings.launcher_dir
    jar = module / "target" / JAR_NAME
    classpath = module / "target" / "classpath.txt"
    # Maven leaves an unchanged classpath.txt alone, so its mtime says nothing: a stamp written
    # after each successful build does.
    stamp = module / "target" / ".powermap-built"
    sources = [module / "pom.xml", *(module / "src").rglob("*.java")]
    if jar.exists() and classpath.exists() and stamp.exists():
        built = stamp.stat().st_mtime
        if all(src.stat().st_mtime <= built for src in sources):
            return jar
    if not (module / "pom.xml").exists():
        raise LocalServerError(_("no launcher module at %(folder)s (POWERMAP_LAUNCHER_DIR)",
                                 folder=module))
    mvn = _require_tool(settings.mvn, "Maven", "apt-get install maven")
    _require_tool(settings.java, "Java 17 or newer", "apt-get install openjdk-17-jdk-headless")
    say(_("Building the Neo4j launcher with Maven (the first time downloads Neo4j, ~150 MB) …"))
    result = subprocess.run(
        [mvn, "-B", "-q", "-f", str(module / "pom.xml"), "package", "-DskipTests"],
        capture_output=True, text=True)
    if result.returncode != 0 or not jar.exists():
        tail = _tail((result.stdout + result.stderr).splitlines(), 30)
        raise LocalServerError(_("the Maven build of the launcher failed:") + "\n" + tail)
    stamp.touch()
    return jar


def status(settings: Settings) -> ServerState | None:
    """The running local server, or None. A stale state file is removed."""
    state_file = settings.data_dir / "server.json"
    try:
        state = ServerState(**json.loads(state_file.read_text()))
    except (FileNotFoundError, ValueError, TypeError):
        return None
    if not _alive(state.pid):
        state_file.unlink(missing_ok=True)
        return None
    return state


def start(settings: Settings, say: Callable[[str], None] = lambda _: None) -> ServerState:
    """Start the local server unless it runs already; wait until Bolt answers ``RETURN 1``."""
    running = status(settings)
    if running is not None:
        _wait_for_bolt(running, password(settings), deadline=time.monotonic() + 10)
        return running
    java = _require_tool(settings.java, "Java 17 or newer", "apt-get install openjdk-17-jdk-headless")
    jar = ensure_launcher(settings, say)
    port = settings.neo4j_port
    if port and not port_free(HOST, port):
        raise LocalServerError(_(
            "port %(port)s on %(host)s is taken by another program; stop it, or choose another "
            "port with POWERMAP_NEO4J_PORT (0 picks a free one)", port=port, host=HOST))
    data = settings.data_dir
    secret = password(settings)  # before anything starts: an empty one is refused
    owner_only(data)
    ready_file = data / "ready.json"
    ready_file.unlink(missing_ok=True)
    log_path = data / "launcher.log"
    classpath = f"{jar}{os.pathsep}{(jar.parent / 'classpath.txt').read_text().strip()}"
    command = [
        java, f"-Xms{settings.neo4j_heap}", f"-Xmx{settings.neo4j_heap}", *JVM_FLAGS,
        "-cp", classpath, MAIN_CLASS,
        "--data", str(data), "--host", HOST, "--port", str(port),
        "--pagecache", settings.neo4j_pagecache, "--ready-file", str(ready_file),
    ]
    env = {**child_environment(), "POWERMAP_NEO4J_PASSWORD": secret}
    say(_("Starting Neo4j in %(folder)s …", folder=data))
    started = time.monotonic()
    log_fd = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(log_fd, "ab") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, env=env, start_new_session=True,
                                   umask=0o077)  # Neo4j's files: owner only
    deadline = started + settings.neo4j_start_timeout
    while not ready_file.exists():
        if process.poll() is not None:
            raise LocalServerError(_(
                "Neo4j stopped during start-up (exit code %(code)s). The end of %(log)s:",
                code=process.returncode, log=log_path) + "\n"
                + _tail(_read_lines(log_path), 25))
        if time.monotonic() > deadline:
            _terminate(process.pid)
            raise LocalServerError(_(
                "Neo4j did not start within %(seconds)s s. The end of %(log)s:",
                seconds=f"{settings.neo4j_start_timeout:.0f}", log=log_path) + "\n"
                + _tail(_read_lines(log_path), 25))
        time.sleep(0.1)
    ready = json.loads(ready_file.read_text())
    state = ServerState(pid=process.pid, port=int(ready["port"]), data_dir=str(data),
                        started_at=time.time())
    _wait_for_bolt(state, secret, deadline)
    _write_private(data / "server.json", json.dumps(asdict(state)))
    say(_("Neo4j is up at %(uri)s after %(seconds)s s", uri=state.uri,
          seconds=f"{time.monotonic() - started:.1f}"))
    return state


def owner_only(data: Path) -> None:
    """Create ``data`` (mode 0700), and narrow what is in it already to its owner: folders
    0700, files 0600 (a data directory from before this rule was 0755/0644)."""
    data.mkdir(mode=0o700, parents=True, exist_ok=True)
    data.chmod(0o700)
    for folder, dirs, files in os.walk(data):
        for name in dirs:
            path = Path(folder, name)
            if not path.is_symlink():
                path.chmod(0o700)
        for name in files:
            path = Path(folder, name)
            if not path.is_symlink():
                path.chmod(0o600)


def _write_private(path: Path, text: str) -> None:
    """Write ``path`` readable by its owner only (mode 0600)."""
    with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as f:
        f.write(text)


def stop(settings: Settings, timeout: float = 60.0) -> ServerState | None:
    """Stop the local server with SIGTERM (a clean shutdown); return what was stopped."""
    state = status(settings)
    if state is None:
        return None
    _terminate(state.pid, timeout)
    (settings.data_dir / "server.json").unlink(missing_ok=True)
    return state


def _terminate(pid: int, timeout: float = 60.0) -> None:
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + timeout
    while _alive(pid):
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            break
        time.sleep(0.1)


def _wait_for_bolt(state: ServerState, secret: str, deadline: float) -> None:
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        try:
            with neo4j.GraphDatabase.driver(state.uri, auth=("neo4j", secret)) as driver:
                records, _summary, _keys = driver.execute_query("RETURN 1 AS one")
                if records[0]["one"] == 1:
                    return
        except Exception as e:  # noqa: BLE001 - any failure means "not yet"
            last_error = e
        time.sleep(0.2)
    raise LocalServerError(_("Neo4j at %(uri)s does not answer RETURN 1: %(error)s",
                             uri=state.uri, error=last_error))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie (exited child not yet reaped) is not alive.
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(") ")[-1].split()[0] != "Z"
    except OSError:
        return True


def port_free(host: str, port: int) -> bool:
    """Whether a TCP server could bind ``host:port`` now.

    SO_REUSEADDR as servers set it (Neo4j's Netty does): connections of a server that just
    stopped linger in TIME_WAIT and must not count as "taken"; a live listener still does.
    """
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError:
            return False
    return True


def _require_tool(command: str, what: str, hint: str) -> str:
    path = shutil.which(command)
    if path is None:
        raise LocalServerError(_("%(what)s is needed to run the local Neo4j, but %(command)r was "
                                 "not found on PATH. Install it (Debian: %(hint)s), or set "
                                 "NEO4J_URI to use an existing Neo4j server instead.",
                                 what=what, command=command, hint=hint))
    return path


def _read_lines(path: Path) -> list[str]:
    try:
        return path.read_text(errors="replace").splitlines()
    except FileNotFoundError:
        return []


def _tail(lines: list[str], n: int) -> str:
    return "\n".join("    " + line for line in lines[-n:])
