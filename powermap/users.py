"""Users of the web app, their roles and API tokens, and the audit log.

Neo4j Community has no role-based access control, so access control and audit live here. Roles
are ordered: a viewer reads, an editor also writes, an admin also manages users, imports files
and reads the audit log. Passwords are stored as salted scrypt hashes (werkzeug), API tokens as
their SHA-256 only.

Account lifecycle: a password reset or role change, a disable and a logout move the user's
*session generation* on; a session cookie carries the generation it was issued under and is
refused once it no longer matches, so those events end every session of the user. A reset and a
disable also delete the API token; a reset never enables a disabled user.

Login throttling: failed logins are counted per user name and per address in ``LoginThrottle``
nodes of the graph (not in memory: the production server runs several worker processes, and
each must see every failure). After ``login_max_failures`` failures within
``login_failure_window`` seconds the key is locked for ``login_lockout`` seconds, and a login is
refused even with the right password.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from werkzeug.security import check_password_hash, generate_password_hash

from powermap.errors import NotFound, PowermapError, Problem, ValidationError
from powermap.graph.store import Graph
from powermap.i18n import _

ROLES = ("viewer", "editor", "admin")
MIN_PASSWORD = 10


def role_allows(role: str | None, needed: str) -> bool:
    """Whether ``role`` may do what ``needed`` may.

    >>> role_allows("admin", "editor"), role_allows("viewer", "editor"), role_allows(None, "viewer")
    (True, False, False)
    """
    return role in ROLES and ROLES.index(role) >= ROLES.index(needed)


def create_user(graph: Graph, username: str, role: str, password: str) -> dict:
    """Create a user, or reset one's role and password: a reset keeps a disabled user
    disabled, deletes their API token and ends their sessions."""
    _check_new_user(username, role, password)
    return graph.write("upsert_user", username=username, role=role,
                       password_hash=generate_password_hash(password))[0]


def create_user_if_absent(graph: Graph, username: str, role: str, password: str) -> dict:
    """Create a user unless one of that name exists (which is left exactly as it is); the
    result says which with ``created``."""
    _check_new_user(username, role, password)
    return graph.write("create_user_if_absent", username=username, role=role,
                       password_hash=generate_password_hash(password))[0]


def _check_new_user(username: str, role: str, password: str) -> None:
    problems = []
    if not username or len(username) > 64 or not username.replace("-", "").replace(".", "") \
            .replace("_", "").replace("@", "").isalnum():
        problems.append(Problem("", "username", _("1–64 letters, digits, '.', '-', '_' or '@'")))
    if role not in ROLES:
        problems.append(Problem("", "role", _("%(got)r is not allowed; expected one of %(allowed)s",
                                              got=role, allowed=", ".join(ROLES))))
    if len(password) < MIN_PASSWORD:
        problems.append(Problem("", "password", _("at least %(n)s characters", n=MIN_PASSWORD)))
    if problems:
        raise ValidationError(problems)


def authenticate(graph: Graph, username: str, password: str) -> dict | None:
    """The user, when the password is right and the user is active; else None."""
    rows = graph.read("find_user", username=username)
    if not rows:
        check_password_hash(_DUMMY_HASH, password)  # same time for unknown users
        return None
    user = rows[0]
    if not check_password_hash(user["password_hash"], password) or not user["active"]:
        return None
    return {"username": user["username"], "role": user["role"],
            "session_generation": user["session_generation"], "lang": user["lang"]}


def find_user(graph: Graph, username: str) -> dict | None:
    """The active user ``username`` with role and session generation; None otherwise."""
    rows = graph.lookup("find_user", username=username)
    if not rows or not rows[0]["active"]:
        return None
    return {"username": rows[0]["username"], "role": rows[0]["role"],
            "session_generation": rows[0]["session_generation"], "lang": rows[0]["lang"]}


def set_lang(graph: Graph, username: str, lang: str) -> str:
    """Set the language ``username`` reads Powermap in: ``en``, ``zh-CN`` (or a tag that
    means one of them, such as ``zh``), or ``""`` to follow the browser again. Returns the
    setting stored; for ``powermap users set-lang USER LANG`` and the header's switch."""
    from powermap import i18n
    stored = i18n.normalise(lang) if lang else ""
    if stored is None:
        raise ValidationError(Problem("", "lang", _(
            "%(lang)s is not a language Powermap speaks; expected one of %(languages)s or "
            "empty", lang=repr(lang), languages=", ".join(i18n.LANGUAGES))))
    if not graph.write("set_user_lang", username=username, lang=stored):
        raise NotFound(f"no user {username!r}")
    return stored


def end_sessions(graph: Graph, username: str) -> None:
    """End every session of ``username`` (logout): cookies issued before are refused."""
    graph.write("end_user_sessions", username=username)


@dataclass(frozen=True)
class Throttle:
    """The login throttling limits (settings ``login_max_failures``, ``login_failure_window``
    and ``login_lockout``)."""

    max_failures: int = 5
    window_seconds: int = 900
    lockout_seconds: int = 900

    @classmethod
    def of(cls, settings) -> "Throttle":
        return cls(settings.login_max_failures, settings.login_failure_window,
                   settings.login_lockout)


class LoginThrottled(PowermapError):
    """Too many failed logins for a user name or from an address; ``until`` says when the
    lock ends."""

    status = 429
    code = "throttled"

    def __init__(self, until: datetime):
        super().__init__(_("Too many failed logins for this user name or from this address. "
                           "Logins are refused until %(time)s UTC, even with the right password.",
                           time=f"{until:%H:%M}"))
        self.until = until


def login(graph: Graph, username: str, password: str, address: str,
          throttle: Throttle) -> dict | None:
    """Check a login against the throttle, then the password: the user, or None for a wrong
    user name or password (the failure is counted).

    The attempt is counted against the user name and the address *before* the password is
    checked, in one write transaction that queues attempts on the same key, so a burst of
    parallel guesses cannot slip past the limit; a success takes its attempt back. Raises
    ``LoginThrottled`` while either key is locked, without checking the password, so a locked
    account cannot be guessed into. The attempt that sets a lock is written to the audit log.
    """
    keys = _throttle_keys(username, address)
    now = int(time.time() * 1000)
    stamp = now + secrets.randbelow(1_000_000) / 1_000_000  # this attempt's own entry
    counted = graph.write("record_login_attempt", keys=keys, now=now, stamp=stamp,
                          max_failures=throttle.max_failures,
                          window_ms=throttle.window_seconds * 1000,
                          lockout_ms=throttle.lockout_seconds * 1000)
    locked = [row for row in counted if row["locked"]]
    if locked:
        just_locked = [row["key"] for row in locked if row["just_locked"]]
        if just_locked:
            audit(graph, "(login)", "login throttled", ", ".join(just_locked),
                  f"{throttle.max_failures} failed logins within {throttle.window_seconds} s; "
                  f"logins refused for {throttle.lockout_seconds} s")
        until = datetime.now(timezone.utc) + timedelta(
            milliseconds=max(row["remaining_ms"] for row in locked))
        # round up to the minute shown, so "until 14:05" is never early
        raise LoginThrottled(until.replace(second=0, microsecond=0) + timedelta(minutes=1))
    user = authenticate(graph, username, password)
    if user is not None:
        graph.write("delete_login_attempt", keys=keys, user_key=keys[0], stamp=stamp, now=now,
                    window_ms=throttle.window_seconds * 1000)
    return user


def _throttle_keys(username: str, address: str) -> list[str]:
    """The keys a login attempt counts against: its user name and its address.

    >>> _throttle_keys("Ada", "127.0.0.1")
    ['user:Ada', 'address:127.0.0.1']
    """
    return [f"user:{username[:200]}", f"address:{address[:100]}"]


def new_token(graph: Graph, username: str) -> str:
    """A new API token for ``username``; only its hash is stored, so show it once."""
    token = "pm_" + secrets.token_urlsafe(32)
    if not graph.write("set_user_token", username=username, token_hash=_hash(token)):
        raise NotFound(_("no user %(name)r", name=username))
    return token


def user_for_token(graph: Graph, token: str) -> dict | None:
    rows = graph.lookup("find_user_by_token", token_hash=_hash(token))
    return rows[0] if rows else None


def set_active(graph: Graph, username: str, active: bool) -> None:
    """Enable or disable a user; disabling deletes their API token and ends their sessions."""
    if not graph.write("set_user_active", username=username, active=active):
        raise NotFound(_("no user %(name)r", name=username))


def audit(graph: Graph, username: str, action: str, target: str, detail: str = "") -> None:
    """Record who did what to what."""
    graph.write("add_audit_entry", username=username, action=action, target=target,
                detail=detail[:2000])


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


_DUMMY_HASH = generate_password_hash("not a real password")
