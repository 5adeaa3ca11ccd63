from __future__ import annotations

import pytest

from powermap.config import SETTINGS, load_settings
from powermap.errors import ConfigError


def test_layers_defaults_file_environment_overrides(tmp_path):
    config = tmp_path / "powermap.toml"
    config.write_text('web_port = 6000\nneo4j_heap = "1g"\nneo4j_database = "fromfile"\n')
    env = {"POWERMAP_CONFIG": str(config), "POWERMAP_PORT": "7000", "NEO4J_DATABASE": "fromenv"}
    settings = load_settings({"web_port": 8000}, environ=env)
    assert settings.neo4j_heap == "1g"            # file beats default
    assert settings.neo4j_database == "fromenv"   # environment beats file
    assert settings.web_port == 8000              # overrides beat everything
    assert settings.web_host == "127.0.0.1"       # default: loopback only


@pytest.mark.parametrize("env, message", [
    ({"POWERMAP_PORT": "http"}, "web_port \\(POWERMAP_PORT\\) = 'http' is not valid"),
    ({"POWERMAP_NEO4J_PORT": "70000"}, "neo4j_port"),
    ({"POWERMAP_CONFIG": "/nonexistent/powermap.toml"}, "does not exist"),
])
def test_bad_values_are_named(env, message):
    with pytest.raises(ConfigError, match=message):
        load_settings(environ=env)


def test_unknown_settings_in_a_file_are_rejected(tmp_path):
    config = tmp_path / "powermap.toml"
    config.write_text("web_prot = 1\n")
    with pytest.raises(ConfigError, match="unknown setting\\(s\\) web_prot"):
        load_settings(environ={"POWERMAP_CONFIG": str(config)})


def test_every_setting_has_an_environment_variable_and_help():
    assert len({s.env for s in SETTINGS}) == len(SETTINGS)
    assert all(s.help for s in SETTINGS)
