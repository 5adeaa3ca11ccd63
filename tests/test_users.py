"""Account lifecycle against the real Neo4j: the demo login, resets, disables, API tokens,
sessions that end, and login throttling (issue 13, items 10, 12, 13 and 14)."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from powermap import users
from powermap.api import create_app
from powermap.cli import main

PASSWORD = "correct horse battery"
NEW_PASSWORD = "another horse battery"


@pytest.fixture
def app(graph, test_settings):
    return create_app({"TESTING": True, "POWERMAP_GRAPH": graph}, settings=test_settings)


def _csrf(client, path: str = "/login") -> str:
    html = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', html)[1]


def _post_login(client, username: str, password: str, address: str = "127.0.0.1", next_=None):
    url = "/login" if next_ is None else f"/login?next={next_}"
    return client.post(url, data={"username": username, "password": password,
                                  "csrf_token": _csrf(client)},
                       environ_base={"REMOTE_ADDR": address})


def _logged_in(app, graph, username="ada", role="editor"):
    users.create_user(graph, username, role, PASSWORD)
    client = app.test_client()
    assert _post_login(client, username, PASSWORD).status_code == 302
    return client


def _audit_actions(graph) -> list[tuple[str, str]]:
    return [(e["action"], e["target"]) for e in graph.read("find_audit_entries", limit=100)]


# --- item 12: demo-login -------------------------------------------------------------------

def _demo_login(test_settings):
    result = CliRunner().invoke(main, ["users", "demo-login"], obj=test_settings)
    assert result.exit_code == 0, result.output
    return result.output


def test_demo_login_creates_the_demo_user_once(graph, test_settings):
    (test_settings.data_dir / "demo-password").unlink(missing_ok=True)
    first = _demo_login(test_settings)
    password = (test_settings.data_dir / "demo-password").read_text().strip()
    assert f"password {password}" in first
    assert users.authenticate(graph, "demo", password)["role"] == "admin"
    before = graph.read("find_user", username="demo")[0]
    _demo_login(test_settings)
    assert graph.read("find_user", username="demo")[0] == before  # untouched


def test_demo_login_never_re_enables_a_disabled_demo_user(graph, test_settings):
    _demo_login(test_settings)
    users.set_active(graph, "demo", False)
    output = _demo_login(test_settings)
    assert "disabled" in output
    assert graph.read("find_user", username="demo")[0]["active"] is False
    password = (test_settings.data_dir / "demo-password").read_text().strip()
    assert users.authenticate(graph, "demo", password) is None


def test_demo_login_never_resets_a_changed_password(graph, test_settings):
    _demo_login(test_settings)
    users.create_user(graph, "demo", "admin", NEW_PASSWORD)  # an admin changed it
    _demo_login(test_settings)
    password = (test_settings.data_dir / "demo-password").read_text().strip()
    assert users.authenticate(graph, "demo", password) is None
    assert users.authenticate(graph, "demo", NEW_PASSWORD)["username"] == "demo"


# --- item 13: resets and disables ----------------------------------------------------------

def test_a_reset_keeps_a_disabled_user_disabled_and_old_tokens_dead(graph, test_settings):
    users.create_user(graph, "ada", "editor", PASSWORD)
    token = users.new_token(graph, "ada")
    assert users.user_for_token(graph, token)["username"] == "ada"
    users.set_active(graph, "ada", False)
    assert users.user_for_token(graph, token) is None
    users.create_user(graph, "ada", "editor", NEW_PASSWORD)   # the reset
    assert graph.read("find_user", username="ada")[0]["active"] is False
    assert users.authenticate(graph, "ada", NEW_PASSWORD) is None
    users.set_active(graph, "ada", True)                     # enabled again on purpose
    assert users.authenticate(graph, "ada", NEW_PASSWORD)["username"] == "ada"
    assert users.user_for_token(graph, token) is None         # the old token stays dead


def test_a_reset_kills_the_token_of_an_active_user(graph):
    users.create_user(graph, "ada", "editor", PASSWORD)
    token = users.new_token(graph, "ada")
    users.create_user(graph, "ada", "editor", NEW_PASSWORD)
    assert users.user_for_token(graph, token) is None
    fresh = users.new_token(graph, "ada")
    assert users.user_for_token(graph, fresh)["username"] == "ada"


def test_the_cli_disables_and_enables_users(graph, test_settings):
    users.create_user(graph, "ada", "viewer", PASSWORD)
    token = users.new_token(graph, "ada")
    runner = CliRunner()
    result = runner.invoke(main, ["users", "disable", "ada"], obj=test_settings)
    assert result.exit_code == 0 and "disabled ada" in result.output
    assert users.authenticate(graph, "ada", PASSWORD) is None
    result = runner.invoke(main, ["users", "enable", "ada"], obj=test_settings)
    assert result.exit_code == 0 and "enabled ada" in result.output
    assert users.authenticate(graph, "ada", PASSWORD)["username"] == "ada"
    assert users.user_for_token(graph, token) is None
    missing = runner.invoke(main, ["users", "disable", "nobody"], obj=test_settings)
    assert missing.exit_code == 1 and "no user 'nobody'" in missing.output
    assert ("disable user", "user ada") in _audit_actions(graph)


# --- item 14: sessions end -----------------------------------------------------------------

def _replay(app, cookie: str):
    """A new browser that presents a copied session cookie."""
    client = app.test_client()
    client.set_cookie("powermap_session", cookie)
    return client.get("/api/v1/accounts")


def _cookie(client) -> str:
    return client.get_cookie("powermap_session").value


def test_a_replayed_cookie_is_refused_after_logout(app, graph):
    client = _logged_in(app, graph)
    cookie = _cookie(client)
    assert _replay(app, cookie).status_code == 200
    token = re.search(r'name="csrf-token" content="([^"]+)"',
                      client.get("/").get_data(as_text=True))[1]
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302
    replayed = _replay(app, cookie)
    assert replayed.status_code == 401
    assert "log in" in replayed.get_json()["error"]["message"]


@pytest.mark.parametrize("event", ["password reset", "disable", "role change"])
def test_sessions_end_on_reset_disable_and_role_change(app, graph, event):
    client = _logged_in(app, graph)
    cookie = _cookie(client)
    assert _replay(app, cookie).status_code == 200
    if event == "password reset":
        users.create_user(graph, "ada", "editor", NEW_PASSWORD)
    elif event == "disable":
        users.set_active(graph, "ada", False)
        users.set_active(graph, "ada", True)  # even enabled again, the old session is over
    else:
        users.create_user(graph, "ada", "viewer", PASSWORD)
    assert _replay(app, cookie).status_code == 401
    assert client.get("/api/v1/accounts").status_code == 401
    # a new login works and gives a new session
    assert _post_login(client, "ada", NEW_PASSWORD if event == "password reset"
                       else PASSWORD).status_code == 302
    assert client.get("/api/v1/accounts").status_code == 200


def test_a_logout_ends_the_other_sessions_of_the_user_too(app, graph):
    laptop = _logged_in(app, graph)
    phone = app.test_client()
    assert _post_login(phone, "ada", PASSWORD).status_code == 302
    token = re.search(r'name="csrf-token" content="([^"]+)"',
                      laptop.get("/").get_data(as_text=True))[1]
    laptop.post("/logout", data={"csrf_token": token})
    assert phone.get("/api/v1/accounts").status_code == 401


# --- item 10: login throttling -------------------------------------------------------------

def test_five_failures_lock_a_user_even_with_the_right_password(app, graph):
    users.create_user(graph, "ada", "viewer", PASSWORD)
    client = app.test_client()
    for attempt in range(5):
        # from five addresses: the user name alone locks
        wrong = _post_login(client, "ada", "wrong password 1", address=f"10.0.0.{attempt}")
        assert wrong.status_code == 401
    refused = _post_login(client, "ada", PASSWORD, address="10.0.1.1")
    text = refused.get_data(as_text=True)
    assert refused.status_code == 429
    assert "Too many failed logins for this user name or from this address" in text
    assert re.search(r"refused until \d\d:\d\d UTC, even with the right password", text)
    assert client.get("/api/v1/accounts").status_code == 401  # not logged in
    assert ("login throttled", "user:ada") in _audit_actions(graph)
    # another user from another address is not affected
    users.create_user(graph, "bob", "viewer", PASSWORD)
    assert _post_login(app.test_client(), "bob", PASSWORD, address="10.0.2.1").status_code == 302


def test_five_failures_from_one_address_lock_that_address(app, graph):
    users.create_user(graph, "ada", "viewer", PASSWORD)
    client = app.test_client()
    for name in ("u1", "u2", "u3", "u4", "u5"):  # unknown users count too
        assert _post_login(client, name, "wrong password 1", "10.9.9.9").status_code == 401
    assert _post_login(client, "ada", PASSWORD, "10.9.9.9").status_code == 429
    assert ("login throttled", "address:10.9.9.9") in _audit_actions(graph)
    assert _post_login(client, "ada", PASSWORD, "10.9.9.10").status_code == 302


def test_a_success_forgets_the_user_names_failures(app, graph):
    users.create_user(graph, "ada", "viewer", PASSWORD)
    client = app.test_client()
    for round_ in range(2):
        for attempt in range(4):
            address = f"10.1.{round_}.{attempt}"
            assert _post_login(client, "ada", "wrong password 1", address).status_code == 401
        assert _post_login(client, "ada", PASSWORD, f"10.1.{round_}.9").status_code == 302
        client.get("/")  # logged in; log in again from scratch next round
        client = app.test_client()


def test_the_counters_are_shared_by_every_worker_process(graph, test_settings):
    """Two apps stand for two worker processes: the counters live in the graph, so failures
    spread over both still lock."""
    users.create_user(graph, "ada", "viewer", PASSWORD)
    workers = [create_app({"TESTING": True, "POWERMAP_GRAPH": graph}, settings=test_settings)
               for _ in range(2)]
    for attempt in range(5):
        client = workers[attempt % 2].test_client()
        assert _post_login(client, "ada", "wrong password 1", f"10.2.0.{attempt}"
                           ).status_code == 401
    for worker in workers:
        assert _post_login(worker.test_client(), "ada", PASSWORD, "10.2.1.1").status_code == 429


def test_the_lock_ends_after_the_lockout(graph, test_settings):
    import time
    settings = test_settings.with_overrides(login_max_failures=2, login_failure_window=60,
                                            login_lockout=1)
    app = create_app({"TESTING": True, "POWERMAP_GRAPH": graph}, settings=settings)
    users.create_user(graph, "ada", "viewer", PASSWORD)
    client = app.test_client()
    for attempt in range(2):
        assert _post_login(client, "ada", "wrong password 1", f"10.3.0.{attempt}"
                           ).status_code == 401
    assert _post_login(client, "ada", PASSWORD, "10.3.1.1").status_code == 429
    time.sleep(1.2)
    assert _post_login(client, "ada", PASSWORD, "10.3.1.1").status_code == 302


def test_the_throttle_settings_are_checked():
    from powermap.config import load_settings
    from powermap.errors import ConfigError
    settings = load_settings(environ={"POWERMAP_LOGIN_MAX_FAILURES": "7",
                                      "POWERMAP_LOGIN_FAILURE_WINDOW": "600",
                                      "POWERMAP_LOGIN_LOCKOUT": "1800"})
    assert users.Throttle.of(settings) == users.Throttle(7, 600, 1800)
    with pytest.raises(ConfigError, match=r"login_lockout \(POWERMAP_LOGIN_LOCKOUT\) = '0'"):
        load_settings(environ={"POWERMAP_LOGIN_LOCKOUT": "0"})


# --- item 11: the login's next ---------------------------------------------------------------

@pytest.mark.parametrize("next_", ["/%0D%0ASet-Cookie:x=1", "//evil.example/", "/%5Cevil.example",
                                   "https://evil.example/", "/%00"])
def test_login_with_a_hostile_next_goes_to_a_safe_page(app, graph, next_):
    users.create_user(graph, "ada", "viewer", PASSWORD)
    client = app.test_client()
    response = _post_login(client, "ada", PASSWORD, next_=next_)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    for name, value in response.headers.items():
        assert "\r" not in value and "\n" not in value, name
    assert "x=1" not in response.headers.get("Set-Cookie", "")
    assert client.get("/api/v1/accounts").status_code == 200  # logged in


def test_login_with_a_safe_next_goes_there(app, graph):
    users.create_user(graph, "ada", "viewer", PASSWORD)
    response = _post_login(app.test_client(), "ada", PASSWORD, next_="/queries%3Fq%3Dmovers")
    assert response.status_code == 302 and response.headers["Location"] == "/queries?q=movers"


def test_a_burst_of_parallel_guesses_gets_no_more_than_the_limit(app, graph):
    """Attempts are counted before the password is checked: of 20 parallel guesses only 5
    reach the password check; the others are refused as throttled."""
    import threading
    users.create_user(graph, "ada", "viewer", PASSWORD)
    start = threading.Barrier(20)
    codes: list[int] = []

    def guess(i: int) -> None:
        client = app.test_client()
        token = _csrf(client)
        start.wait(timeout=30)
        codes.append(client.post("/login", data={"username": "ada", "password": f"guess {i:04d}",
                                                 "csrf_token": token},
                                 environ_base={"REMOTE_ADDR": f"10.4.0.{i}"}).status_code)

    threads = [threading.Thread(target=guess, args=(i,)) for i in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sorted(codes) == [401] * 5 + [429] * 15
    assert _post_login(app.test_client(), "ada", PASSWORD, "10.4.1.1").status_code == 429
    assert _audit_actions(graph).count(("login throttled", "user:ada")) == 1
