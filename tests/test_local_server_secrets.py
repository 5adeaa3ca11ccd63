"""The local Neo4j keeps its secrets: never without authentication, store files readable by
their owner only (issue 13, items 15 and 16)."""

from __future__ import annotations

import os
import stat
import subprocess

import pytest

from powermap.config import child_environment, load_settings
from powermap.errors import LocalServerError
from powermap.graph import local_server


def _settings(tmp_path, **overrides):
    values = {"data_dir": str(tmp_path / "data"), "neo4j_port": 0, "neo4j_uri": None,
              "neo4j_heap": "512m", "neo4j_pagecache": "64m", **overrides}
    return load_settings(values, environ={})


@pytest.mark.parametrize("content", ["", "  \n\t\n"])
def test_an_empty_password_file_is_refused_before_anything_starts(tmp_path, content):
    settings = _settings(tmp_path)
    settings.data_dir.mkdir(parents=True)
    (settings.data_dir / "neo4j-password").write_text(content)
    with pytest.raises(LocalServerError, match=r"neo4j-password is empty, and the local Neo4j "
                                               r"never runs without a password\. Delete the file"):
        local_server.start(settings)
    assert local_server.status(settings) is None
    assert not (settings.data_dir / "launcher.log").exists()  # nothing was launched


def test_the_launcher_itself_refuses_to_run_without_a_password(tmp_path):
    """Defence in depth: the Java launcher, run by hand without the password, exits."""
    settings = _settings(tmp_path)
    jar = local_server.ensure_launcher(settings)
    classpath = f"{jar}{os.pathsep}{(jar.parent / 'classpath.txt').read_text().strip()}"
    for secret in (None, "", "   "):
        env = child_environment()
        if secret is not None:
            env["POWERMAP_NEO4J_PASSWORD"] = secret
        result = subprocess.run(
            [settings.java, "-cp", classpath, local_server.MAIN_CLASS, "--data",
             str(tmp_path / "data"), "--port", "0"],
            env=env, capture_output=True, text=True, timeout=120)
        assert result.returncode == 2, result.stderr[-2000:]
        assert "refusing to start" in result.stderr
        assert "must not run without authentication" in result.stderr
    assert not (tmp_path / "data" / "data").exists()  # no store was created


def _modes(folder):
    """(path, mode) of every folder and file under ``folder`` (itself included)."""
    found = [(str(folder), stat.S_IMODE(folder.stat().st_mode))]
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = os.path.join(root, name)
            if not os.path.islink(path):
                found.append((path, stat.S_IMODE(os.stat(path).st_mode)))
    return found


def test_the_running_servers_data_folder_is_private(test_settings, session_graph):
    """Walk the test server's data folder after it started and wrote: folders 0700, files
    0600 (nothing readable or writable by group or others)."""
    session_graph.run_auto("CREATE (:Organization {id: 'perm-check', name: 'x'})")
    session_graph.run_auto("MATCH (o:Organization {id: 'perm-check'}) DELETE o")
    modes = _modes(test_settings.data_dir)
    assert len(modes) > 20  # the store, transaction logs, conf, logs …
    assert any("/data/databases/neo4j/" in path for path, _ in modes)
    wrong = [(path, oct(mode)) for path, mode in modes
             if mode & 0o077 or (os.path.isdir(path) and mode != 0o700)
             or (os.path.isfile(path) and mode != 0o600)]
    assert wrong == []


def test_an_old_world_readable_data_folder_is_narrowed(tmp_path):
    data = tmp_path / "data"
    (data / "data" / "databases").mkdir(parents=True)
    for folder in (data, data / "data", data / "data" / "databases"):
        folder.chmod(0o755)
    store = data / "data" / "databases" / "neostore"
    store.write_text("x")
    store.chmod(0o644)
    local_server.owner_only(data)
    assert {oct(mode) for path, mode in _modes(data) if os.path.isdir(path)} == {"0o700"}
    assert oct(stat.S_IMODE(store.stat().st_mode)) == "0o600"
