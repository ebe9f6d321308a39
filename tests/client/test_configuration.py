"""Where `Studio` finds its token, URL and team, and what it refuses to do without them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from datachain_studio import AsyncStudio, ConfigurationError, Studio
from tests.support.examples import example_reply
from tests.support.server import ScriptedServer, scripted_server

ENV_VARS = (
    "DATACHAIN_STUDIO_TOKEN",
    "DATACHAIN_STUDIO_URL",
    "DATACHAIN_STUDIO_TEAM",
    "DATACHAIN_GLOBAL_CONFIG_DIR",
    "DATACHAIN_SYSTEM_CONFIG_DIR",
    "DATACHAIN_ROOT_DIR",
    "DATACHAIN_DIR",
    "XDG_CONFIG_HOME",
    "XDG_CONFIG_DIRS",
)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temporary HOME and working directory with no datachain configuration at all."""
    for name in ENV_VARS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CONFIG_DIRS", str(tmp_path / "etc-xdg"))
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return tmp_path


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    with scripted_server(example_reply) as running:
        yield running


def write_config(path: Path, **studio: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = ["[studio]"] + [f'{key} = "{value}"' for key, value in studio.items()]
    path.write_text("\n".join(lines) + "\n")


def test_a_user_who_ran_datachain_auth_login_is_set_up(home: Path, server: ScriptedServer) -> None:
    write_config(
        home / "home/.config/datachain/config", token="isat_global", url=server.url, team="t1"
    )
    with Studio() as studio:
        assert (studio.url, studio.team) == (server.url, "t1")
        studio.clusters.list()
    assert server.requests[0].header("authorization") == "Bearer isat_global"


def test_local_config_overrides_global_key_by_key(home: Path, server: ScriptedServer) -> None:
    write_config(
        home / "home/.config/datachain/config", token="isat_global", url=server.url, team="t1"
    )
    write_config(home / "work/.datachain/config", team="local-team")
    write_config(home / "etc-xdg/datachain/config", token="isat_system", team="system-team")
    with Studio() as studio:
        assert studio.team == "local-team"
        studio.jobs.list()
    sent = server.requests[0]
    assert sent.header("authorization") == "Bearer isat_global"
    assert sent.query["team_name"] == ["local-team"]


def test_environment_beats_config_and_arguments_beat_environment(
    home: Path, server: ScriptedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_config(
        home / "home/.config/datachain/config",
        token="isat_file",
        url="https://nowhere.invalid",
        team="t1",
    )
    monkeypatch.setenv("DATACHAIN_STUDIO_TOKEN", "isat_env")
    monkeypatch.setenv("DATACHAIN_STUDIO_URL", server.url + "/")
    monkeypatch.setenv("DATACHAIN_STUDIO_TEAM", "env-team")
    with Studio() as studio:
        assert (studio.url, studio.team) == (server.url, "env-team")
        studio.jobs.list()
    with Studio(token="isat_arg", team="arg-team") as studio:
        studio.jobs.list()
    assert server.requests[0].header("authorization") == "Bearer isat_env"
    assert server.requests[1].header("authorization") == "Bearer isat_arg"
    assert server.requests[1].query["team_name"] == ["arg-team"]


def test_config_dir_variables_move_the_files(
    home: Path, server: ScriptedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = home / "elsewhere"
    write_config(elsewhere / "config", token="isat_moved", url=server.url)
    monkeypatch.setenv("DATACHAIN_GLOBAL_CONFIG_DIR", str(elsewhere))
    with Studio() as studio:
        studio.clusters.list()
    assert server.requests[0].header("authorization") == "Bearer isat_moved"


def test_default_url_is_the_saas(home: Path) -> None:
    assert Studio(token="isat_x").url == "https://studio.datachain.ai"


def test_no_token_says_where_it_looked_and_how_to_fix_it(home: Path) -> None:
    with pytest.raises(ConfigurationError) as raised:
        Studio()
    message = str(raised.value)
    assert "DATACHAIN_STUDIO_TOKEN" in message
    assert "datachain auth login" in message
    assert str(home / "home/.config/datachain/config") in message
    with pytest.raises(ConfigurationError):
        AsyncStudio()


def test_an_operation_that_needs_a_team_fails_before_sending(
    home: Path, server: ScriptedServer
) -> None:
    studio = Studio(token="isat_x", url=server.url)
    with pytest.raises(ConfigurationError, match="team"):
        studio.jobs.list()
    with pytest.raises(ConfigurationError, match="team"):
        studio.jobs.create("print(1)")
    assert server.requests == []
    studio.clusters.list()  # Studio takes the token's team here: no team needed
    studio.jobs.list(team="given-per-call")
    assert server.requests[-1].query["team_name"] == ["given-per-call"]
    assert "team_name" not in server.requests[0].query


def test_per_call_team_overrides_the_clients(home: Path, server: ScriptedServer) -> None:
    with Studio(token="isat_x", url=server.url, team="default") as studio:
        studio.jobs.cancel("497f6eca-6276-4993-bfeb-53cbbbba6f08", team="other")
        studio.with_options(team="third").jobs.list()
    assert server.requests[0].json() == {"team_name": "other"}
    assert server.requests[1].query["team_name"] == ["third"]


def test_token_auth_scheme_sends_what_the_official_client_sends(
    home: Path, server: ScriptedServer
) -> None:
    with Studio(token="isat_x", url=server.url, team="t", auth_scheme="token") as studio:
        studio.clusters.list()
    assert server.requests[0].header("authorization") == "token isat_x"
    with pytest.raises(ConfigurationError):
        Studio(token="isat_x", auth_scheme="basic")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "url", ["http://studio.example.com", "http://10.1.2.3:8000", "http://[2001:db8::1]"]
)
def test_plain_http_to_a_remote_host_is_refused(home: Path, url: str) -> None:
    with pytest.raises(ConfigurationError, match="plain HTTP") as raised:
        Studio(token="isat_secret", url=url)
    assert "isat_secret" not in str(raised.value)
    assert Studio(token="isat_secret", url=url, allow_insecure=True).url == url


@pytest.mark.parametrize("url", ["http://127.0.0.1:8000", "http://localhost:1", "http://[::1]:2"])
def test_plain_http_to_loopback_is_fine(home: Path, url: str) -> None:
    assert Studio(token="isat_x", url=url).url == url


def test_malformed_config_names_the_file_but_not_its_contents(home: Path) -> None:
    path = home / "home/.config/datachain/config"
    path.parent.mkdir(parents=True)
    path.write_text('[studio]\ntoken = "isat_leaky\n')
    with pytest.raises(ConfigurationError) as raised:
        Studio()
    assert str(path) in str(raised.value)
    assert "isat_leaky" not in str(raised.value)
