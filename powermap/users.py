"""Users of the web app, their roles and API tokens, and the audit log.

Neo4j Community has no role-based access control, so access control and audit live here. Roles
are ordered: a viewer reads, an editor also writes, an admin also manages users, imports files
and reads the audit log. Passwords are stored as salted scrypt hashes (werkzeug), API tokens as
their SHA-256 only.
"""

from __future__ import annotations

import hashlib
import secrets

from werkzeug.security import check_password_hash, generate_password_hash

from powermap.errors import NotFound, Problem, ValidationError
from powermap.graph.store import Graph

ROLES = ("viewer", "editor", "admin")
MIN_PASSWORD = 10


def role_allows(role: str | None, needed: str) -> bool:
    """Whether ``role`` may do what ``needed`` may.

    >>> role_allows("admin", "editor"), role_allows("viewer", "editor"), role_allows(None, "viewer")
    (True, False, False)
    """
    return role in ROLES and ROLES.index(role) >= ROLES.index(needed)


def create_user(graph: Graph, username: str, role: str, password: str) -> dict:
    """Create a user (or reset one's role and password)."""
    problems = []
    if not username or len(username) > 64 or not username.replace("-", "").replace(".", "") \
            .replace("_", "").replace("@", "").isalnum():
        problems.append(Problem("", "username", "1–64 letters, digits, '.', '-', '_' or '@'"))
    if role not in ROLES:
        problems.append(Problem("", "role", f"{role!r} is not allowed; expected one of "
                                            f"{', '.join(ROLES)}"))
    if len(password) < MIN_PASSWORD:
        problems.append(Problem("", "password", f"at least {MIN_PASSWORD} characters"))
    if problems:
        raise ValidationError(problems)
    return graph.write("upsert_user", username=username, role=role,
                       password_hash=generate_password_hash(password))[0]


def authenticate(graph: Graph, username: str, password: str) -> dict | None:
    """The user, when the password is right and the user is active; else None."""
    rows = graph.read("find_user", username=username)
    if not rows:
        check_password_hash(_DUMMY_HASH, password)  # same time for unknown users
        return None
    user = rows[0]
    if not user["active"] or not check_password_hash(user["password_hash"], password):
        return None
    return {"username": user["username"], "role": user["role"]}


def find_user(graph: Graph, username: str) -> dict | None:
    rows = graph.read("find_user", username=username)
    if not rows or not rows[0]["active"]:
        return None
    return {"username": rows[0]["username"], "role": rows[0]["role"]}


def new_token(graph: Graph, username: str) -> str:
    """A new API token for ``username``; only its hash is stored, so show it once."""
    token = "pm_" + secrets.token_urlsafe(32)
    if not graph.write("set_user_token", username=username, token_hash=_hash(token)):
        raise NotFound(f"no user {username!r}")
    return token


def user_for_token(graph: Graph, token: str) -> dict | None:
    rows = graph.read("find_user_by_token", token_hash=_hash(token))
    return rows[0] if rows else None


def set_active(graph: Graph, username: str, active: bool) -> None:
    if not graph.write("set_user_active", username=username, active=active):
        raise NotFound(f"no user {username!r}")


def audit(graph: Graph, username: str, action: str, target: str, detail: str = "") -> None:
    """Record who did what to what."""
    graph.write("add_audit_entry", username=username, action=action, target=target,
                detail=detail[:2000])


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


_DUMMY_HASH = generate_password_hash("not a real password")
