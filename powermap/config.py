"""Settings, layered: defaults → TOML file → environment → explicit overrides.

This is the only module that reads ``os.environ``. Every setting has one entry in
``SETTINGS`` below, with the environment variable that sets it and a line of help; the table
in docs/configuration.md is checked against it by the tests.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any, Mapping

from powermap.errors import ConfigError
from powermap.i18n import LANGUAGES, _, normalise

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

REPO_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Setting:
    name: str
    env: str
    default: Any
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("data_dir", "POWERMAP_DATA_DIR", "var",
            "Folder for the local Neo4j's data, logs, password and state file."),
    Setting("neo4j_uri", "NEO4J_URI", None,
            "An existing Neo4j 5 server (bolt://, neo4j://, neo4j+s:// …). When set, no local "
            "server is ever started."),
    Setting("neo4j_user", "NEO4J_USER", "neo4j", "User name for NEO4J_URI."),
    Setting("neo4j_password", "NEO4J_PASSWORD", None,
            "Password for NEO4J_URI. The local server's password is generated and kept in "
            "DATA_DIR/neo4j-password instead."),
    Setting("neo4j_database", "NEO4J_DATABASE", "neo4j", "Database name on the server."),
    Setting("neo4j_port", "POWERMAP_NEO4J_PORT", 7687,
            "Bolt port of the local server; 0 picks a free port."),
    Setting("neo4j_heap", "POWERMAP_NEO4J_HEAP", "512m", "Java heap (-Xmx) of the local server."),
    Setting("neo4j_pagecache", "POWERMAP_NEO4J_PAGECACHE", "256m",
            "Page cache size of the local server."),
    Setting("neo4j_start_timeout", "POWERMAP_NEO4J_START_TIMEOUT", 120.0,
            "Seconds to wait for the local server to answer before giving up."),
    Setting("java", "POWERMAP_JAVA", "java", "Java 17+ executable that runs the local server."),
    Setting("mvn", "POWERMAP_MVN", "mvn", "Maven executable that builds the launcher."),
    Setting("launcher_dir", "POWERMAP_LAUNCHER_DIR", str(REPO_ROOT / "launcher"),
            "The launcher's Maven module."),
    Setting("role_templates_file", "POWERMAP_ROLE_TEMPLATES", None,
            "TOML file of role templates per kind of opportunity (docs/analyses.md); the "
            "built-in templates when not set."),
    Setting("language", "POWERMAP_LANG", "en",
            "Language of the command line's output and messages: en or zh-CN (--lang wins)."),
    Setting("stale_days", "POWERMAP_STALE_DAYS", 90,
            "A relationship with no shared activity for this many days is reported as stale."),
    Setting("query_timeout", "POWERMAP_QUERY_TIMEOUT", 30.0,
            "Seconds a read may run in Neo4j before it is stopped and the request answered "
            "with a 503 (0 turns the limit off)."),
    Setting("web_host", "POWERMAP_HOST", "127.0.0.1", "Address the web app binds to."),
    Setting("web_port", "POWERMAP_PORT", 5000, "Port of the web app."),
    Setting("secret_key", "POWERMAP_SECRET_KEY", None,
            "Flask secret key; generated and kept in DATA_DIR/secret-key when not set."),
    Setting("secure_cookies", "POWERMAP_SECURE_COOKIES", False,
            "Send the session cookie over HTTPS only; set it when the app is behind TLS."),
    Setting("login_max_failures", "POWERMAP_LOGIN_MAX_FAILURES", 5,
            "Failed logins for one user name, or from one address, that lock further logins."),
    Setting("login_failure_window", "POWERMAP_LOGIN_FAILURE_WINDOW", 900,
            "Seconds a failed login counts towards the lock."),
    Setting("login_lockout", "POWERMAP_LOGIN_LOCKOUT", 900,
            "Seconds logins stay refused (even with the right password) once locked."),
    Setting("map_max_people", "POWERMAP_MAP_MAX_PEOPLE", 400,
            "A power map of more people groups them by department."),
    # The production server (`powermap serve`, gunicorn): docs/deploy.md
    Setting("web_workers", "POWERMAP_WORKERS", None,
            "Worker processes of the production server; each has its own Neo4j driver. "
            "Default: one more than the machine's CPU cores."),
    Setting("web_threads", "POWERMAP_THREADS", 2,
            "Threads per worker process: requests one worker serves at once."),
    Setting("web_timeout", "POWERMAP_WEB_TIMEOUT", 60,
            "Seconds a worker may stay unresponsive before it is killed and replaced."),
    Setting("web_shutdown_timeout", "POWERMAP_SHUTDOWN_TIMEOUT", 30,
            "Seconds requests in flight get to finish after SIGTERM before workers are killed."),
    Setting("web_proxies", "POWERMAP_PROXIES", 0,
            "Reverse proxies in front of the app whose X-Forwarded-* headers are trusted; 0 "
            "trusts none."),
)

_BY_NAME = {s.name: s for s in SETTINGS}


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    neo4j_uri: str | None
    neo4j_user: str
    neo4j_password: str | None
    neo4j_database: str
    neo4j_port: int
    neo4j_heap: str
    neo4j_pagecache: str
    neo4j_start_timeout: float
    java: str
    mvn: str
    launcher_dir: Path
    role_templates_file: Path | None
    language: str
    stale_days: int
    query_timeout: float
    web_host: str
    web_port: int
    secret_key: str | None
    secure_cookies: bool
    login_max_failures: int
    login_failure_window: int
    login_lockout: int
    map_max_people: int
    web_workers: int
    web_threads: int
    web_timeout: int
    web_shutdown_timeout: int
    web_proxies: int

    def with_overrides(self, **overrides: Any) -> "Settings":
        return _coerce(replace(self, **overrides).__dict__, source="overrides")


def load_settings(
    overrides: Mapping[str, Any] | None = None,
    environ: Mapping[str, str] | None = None,
) -> Settings:
    """Build the settings from defaults, the file named by POWERMAP_CONFIG, the environment and
    ``overrides`` (later layers win).

    >>> load_settings(environ={}).neo4j_port
    7687
    >>> load_settings({"neo4j_port": "0"}, environ={}).neo4j_port
    0
    """
    env = os.environ if environ is None else environ
    values: dict[str, Any] = {s.name: s.default for s in SETTINGS}
    config_file = env.get("POWERMAP_CONFIG")
    if config_file:
        values.update(_read_file(Path(config_file)))
    for setting in SETTINGS:
        if env.get(setting.env):
            values[setting.name] = env[setting.env]
    for name, value in (overrides or {}).items():
        if name not in _BY_NAME:
            raise ConfigError(_("unknown setting %(name)r; known: %(known)s", name=name,
                                known=", ".join(_BY_NAME)))
        values[name] = value
    return _coerce(values, source="settings")


def _read_file(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(_("%(path)s: POWERMAP_CONFIG names a file that does not exist",
                            path=path)) from None
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(_("%(path)s: not valid TOML: %(error)s", path=path, error=e)) from e
    unknown = sorted(set(data) - set(_BY_NAME))
    if unknown:
        raise ConfigError(_("%(path)s: unknown setting(s) %(unknown)s; known: %(known)s",
                            path=path, unknown=", ".join(unknown), known=", ".join(_BY_NAME)))
    return data


def default_workers() -> int:
    """The production server's worker processes unless ``web_workers`` says otherwise: one
    more than the CPU cores this process may use, so the cores stay busy while a worker
    waits for Neo4j (3 on a 2-core machine; python -m bench load measured the choice)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        cores = os.cpu_count() or 1
    return cores + 1


#: integer settings of the production server, and the smallest value each accepts
_MINIMUM = {"web_workers": 1, "web_threads": 1, "web_timeout": 1, "web_shutdown_timeout": 0,
            "web_proxies": 0}


def _coerce(values: dict[str, Any], source: str) -> Settings:
    out: dict[str, Any] = {}
    for f in fields(Settings):
        value = values[f.name]
        env = _BY_NAME[f.name].env
        try:
            if value is None or value == "":
                value = _BY_NAME[f.name].default
                if value is None and f.name == "web_workers":
                    value = default_workers()
                if value is None:
                    out[f.name] = None
                    continue
            if f.name in ("data_dir", "launcher_dir", "role_templates_file"):
                out[f.name] = Path(value).expanduser().resolve()
            elif f.name in ("neo4j_port", "web_port"):
                port = int(value)
                if not 0 <= port <= 65535:
                    raise ValueError
                out[f.name] = port
            elif f.name == "query_timeout":
                out[f.name] = float(value)
                if not 0 <= out[f.name] < float("inf"):
                    raise ValueError
            elif f.name == "stale_days":
                out[f.name] = int(value)
                if out[f.name] < 1:
                    raise ValueError
            elif f.name == "secure_cookies":
                text = str(value).strip().lower()
                if text not in ("true", "false", "1", "0", "yes", "no"):
                    raise ValueError
                out[f.name] = text in ("true", "1", "yes")
            elif f.name in ("login_max_failures", "login_failure_window", "login_lockout"):
                out[f.name] = int(value)
                if out[f.name] < 1:
                    raise ValueError
            elif f.name == "map_max_people":
                out[f.name] = int(value)
                if out[f.name] < 10:
                    raise ValueError
            elif f.name in _MINIMUM:
                out[f.name] = int(value)
                if out[f.name] < _MINIMUM[f.name]:
                    raise ValueError
            elif f.name == "language":
                # the tag as i18n writes it ("zh_CN", "zh" → "zh-CN"); a language Powermap
                # does not speak is an error here rather than English without a word said
                out[f.name] = normalise(str(value))
                if out[f.name] is None:
                    raise ValueError
            elif f.name == "neo4j_start_timeout":
                out[f.name] = float(value)
            else:
                out[f.name] = str(value)
        except (TypeError, ValueError):
            expected = (", ".join(LANGUAGES) if f.name == "language"
                        else f"int >= {_MINIMUM[f.name]}" if f.name in _MINIMUM
                        else type(_BY_NAME[f.name].default).__name__)
            raise ConfigError(_("%(source)s: %(name)s (%(env)s) = %(value)r is not valid; "
                                "expected %(expected)s", source=source, name=f.name, env=env,
                                value=value, expected=expected)) from None
    return Settings(**out)


def child_environment() -> dict[str, str]:
    """What a child process (the Neo4j launcher) gets from our environment: the ordinary
    variables it needs (PATH, JAVA_HOME, locale) and nothing secret."""
    keep = ("PATH", "HOME", "JAVA_HOME", "LANG", "LC_ALL", "TMPDIR")
    return {k: v for k, v in os.environ.items() if k in keep}
