"""`datachain_studio.login` / `logout` (and `alogin` / `alogout`): the device flow against
the local Studio, and the config file they write, as `datachain auth login` writes it.

Every test works in temporary config directories (global, system, and the project's for the
local level); the scripted server stands in for Studio where a test needs to see the
requests, or answers the local Studio never gives.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import stat
import threading
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx2
import pytest

from datachain_studio import (
    AlreadyLoggedInError,
    APIConnectionError,
    AuthorizationExpiredError,
    BadRequestError,
    ConfigurationError,
    DeviceCode,
    InternalServerError,
    InvalidRequestError,
    NotLoggedInError,
    SignInError,
    Studio,
    WaitTimeoutError,
    alogin,
    alogout,
    login,
    logout,
)
from datachain_studio._signin import configured, set_default_team
from datachain_studio.testing import StudioEmulator
from tests.support.config import isolate_config
from tests.support.server import Recorded, Reply, json_reply, scripted_server

FAST = {"poll_interval": 0.02}


@dataclass(frozen=True)
class Dirs:
    global_file: Path
    local_file: Path
    system_file: Path


@pytest.fixture(autouse=True)
def dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Dirs:
    isolate_config(monkeypatch, tmp_path)
    monkeypatch.chdir(tmp_path)
    return Dirs(
        tmp_path / "global" / "config",
        tmp_path / "project" / ".datachain" / "config",
        tmp_path / "system" / "config",
    )


@pytest.fixture
def emu() -> Iterator[StudioEmulator]:
    with StudioEmulator(tokens={"isat_both": ["emulator", "other-team"]}) as emulator:
        yield emulator


def approver(emu: StudioEmulator, token: str | None = None) -> Callable[[DeviceCode], None]:
    """An `on_code` that approves the sign-in a moment later, as a person would."""

    def on_code(code: DeviceCode) -> None:
        timer = threading.Timer(0.05, emu.approve_device, (code.user_code,), {"token": token})
        timer.start()

    return on_code


def read(path: Path) -> dict[str, Any]:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def test_login_saves_the_token_where_studio_finds_it(emu: StudioEmulator, dirs: Dirs) -> None:
    shown: list[DeviceCode] = []

    def on_code(code: DeviceCode) -> None:
        shown.append(code)
        approver(emu)(code)

    result = login(emu.url, teams=["emulator"], token_name="laptop", on_code=on_code, **FAST)
    assert read(dirs.global_file) == {
        "studio": {"url": emu.url, "token": result.token, "team": "emulator"}
    }
    assert result.config_file == dirs.global_file and result.level == "global"
    assert result.team == "emulator" and result.teams == ("emulator",)
    assert result.token_name == "laptop" and result.expires_in_days == 365
    assert emu.token_is_valid(result.token)
    assert result.token not in repr(result) and result.token not in str(result)
    (code,) = shown
    assert code.url == f"{code.verification_uri}?code={code.user_code}"
    assert code.expires_in == 900
    with Studio() as studio:  # everything from the config file
        assert studio.url == emu.url and studio.team == "emulator"
        assert len(studio.clusters.list()) == 2
    assert stat.S_IMODE(dirs.global_file.stat().st_mode) == 0o600


def test_login_keeps_the_rest_of_the_file_and_drops_a_default_team(
    emu: StudioEmulator, dirs: Dirs
) -> None:
    dirs.global_file.parent.mkdir(parents=True)
    dirs.global_file.write_text(
        '# my settings\n[core]\nkeep = 1  # this too\n\n[studio]\nteam = "old"\ntimeout = 30\n',
        encoding="utf-8",
    )
    dirs.global_file.chmod(0o640)
    result = login(
        emu.url, teams=["emulator", "other-team"], on_code=approver(emu, "isat_both"), **FAST
    )
    text = dirs.global_file.read_text(encoding="utf-8")
    assert "# my settings" in text and "keep = 1  # this too" in text
    assert read(dirs.global_file) == {
        "core": {"keep": 1},
        "studio": {"timeout": 30, "url": emu.url, "token": result.token},
    }
    assert result.team is None and result.teams == ("emulator", "other-team")
    assert stat.S_IMODE(dirs.global_file.stat().st_mode) == 0o640  # its mode is kept


def test_login_at_the_local_level(emu: StudioEmulator, dirs: Dirs) -> None:
    result = login(emu.url, level="local", on_code=approver(emu), **FAST)
    assert result.config_file == dirs.local_file
    assert read(dirs.local_file)["studio"] == {"url": emu.url, "token": result.token}
    assert not dirs.global_file.exists()
    assert configured("token") == result.token


def test_async_login_and_logout(emu: StudioEmulator, dirs: Dirs) -> None:
    async def run() -> tuple[Any, Any]:
        signed_in = await alogin(emu.url, teams=["emulator"], on_code=approver(emu), **FAST)
        return signed_in, await alogout()

    signed_in, signed_out = asyncio.run(run())
    assert read(dirs.global_file) == {"studio": {"url": emu.url}}
    assert signed_out.revoked and not emu.token_is_valid(signed_in.token)


def test_sync_and_async_take_the_same_arguments() -> None:
    for sync, async_ in ((login, alogin), (logout, alogout)):
        assert inspect.signature(sync).parameters == inspect.signature(async_).parameters
        assert inspect.iscoroutinefunction(async_) and not inspect.iscoroutinefunction(sync)


@pytest.mark.parametrize(
    ("saved", "refused"),
    [
        ({"token": "isat_saved"}, True),  # a token without url counts as this Studio's
        ({"token": "isat_saved", "url": "URL/"}, True),
        ({"token": "isat_saved", "url": "https://other.example.com"}, False),
        ({"url": "URL"}, False),
    ],
)
def test_an_existing_token_for_this_studio_is_refused_before_anything_is_sent(
    dirs: Dirs, saved: dict[str, str], refused: bool
) -> None:
    def pending(request: Recorded) -> Reply:
        return json_reply({"detail": "boom"}, 500)

    with scripted_server(pending) as server:
        table = {k: v.replace("URL", server.url) for k, v in saved.items()}
        dirs.local_file.parent.mkdir(parents=True)  # a local token counts too (merged)
        dirs.local_file.write_text(
            "[studio]\n" + "".join(f'{k} = "{v}"\n' for k, v in table.items()), encoding="utf-8"
        )
        if refused:
            with pytest.raises(AlreadyLoggedInError, match="Token already exists"):
                login(server.url, **FAST)
            assert server.requests == []
        else:
            with pytest.raises(InternalServerError):
                login(server.url, max_retries=0, **FAST)
            assert len(server.requests) == 1
    assert isinstance(AlreadyLoggedInError("x"), ConfigurationError)


class FakeStudio:
    """A scripted Studio for the device flow: the token URI it hands out is elsewhere."""

    def __init__(self, polls: list[Reply]) -> None:
        self.polls = polls
        self.url = ""

    def __call__(self, request: Recorded) -> Reply:
        if request.path == "/api/device-login":
            return json_reply(
                {
                    "device_code": "dev-code-123",
                    "user_code": "ABCDEFGH",
                    "verification_uri": f"{self.url}/verify?lang=en",
                    "token_uri": f"{self.url}/somewhere/else/token",
                    "token_name": "named",
                    "expires_in": 60,
                }
            )
        if request.path == "/somewhere/else/token":
            return self.polls.pop(0) if len(self.polls) > 1 else self.polls[0]
        return json_reply({"detail": "not found"}, 404)


PENDING = json_reply({"detail": "authorization_pending"}, 400)


def fake(polls: list[Reply]) -> Any:
    studio = FakeStudio(polls)
    server = scripted_server(studio)

    class Running:
        def __enter__(self) -> Any:
            running = server.__enter__()
            studio.url = running.url
            return running

        def __exit__(self, *exc: object) -> None:
            server.__exit__(None, None, None)

    return Running()


def test_no_token_is_sent_and_the_given_token_uri_is_polled(dirs: Dirs) -> None:
    shown: list[DeviceCode] = []
    with fake([PENDING, PENDING, json_reply({"access_token": "isat_new"})]) as server:
        result = login(
            server.url,
            teams=["a"],
            scopes="datasets,Experiments",
            expires_in_days=30,
            on_code=shown.append,
            **FAST,
        )
    start, *polls = server.requests
    assert start.path == "/api/device-login"
    assert start.json() == {
        "client_name": "datachain-studio-client",
        "scopes": ["datasets", "Experiments"],
        "team_names": ["a"],
        "expires_in_days": 30,
    }
    assert [p.path for p in polls] == ["/somewhere/else/token"] * 3
    assert all(p.json() == {"code": "dev-code-123"} for p in polls)
    assert all(r.header("authorization") is None for r in server.requests)
    assert shown[0].url == f"{server.url}/verify?lang=en&code=ABCDEFGH"
    assert result.token == "isat_new" and result.token_name == "named"
    assert read(dirs.global_file)["studio"] == {"url": server.url, "token": "isat_new", "team": "a"}


def test_expired_codes_raise_and_save_nothing(dirs: Dirs) -> None:
    with fake([PENDING, json_reply({"detail": "authorization_expired"}, 400)]) as server:
        with pytest.raises(AuthorizationExpiredError) as raised:
            login(server.url, on_code=lambda code: None, **FAST)
    assert isinstance(raised.value, SignInError)
    assert not dirs.global_file.exists()


def test_waiting_is_bounded(dirs: Dirs) -> None:
    with fake([PENDING]) as server:
        with pytest.raises(WaitTimeoutError, match="ABCDEFGH"):
            login(server.url, on_code=lambda code: None, wait_timeout=0.2, **FAST)
    assert not dirs.global_file.exists()


def test_other_refusals_while_polling_are_raised(dirs: Dirs) -> None:
    with fake([json_reply({"detail": "access_denied"}, 400)]) as server:
        with pytest.raises(BadRequestError, match="access_denied"):
            login(server.url, on_code=lambda code: None, **FAST)
    with fake([json_reply({"token_type": "token"})]) as server:
        with pytest.raises(SignInError, match="access_token"):
            login(server.url, on_code=lambda code: None, **FAST)
    assert not dirs.global_file.exists()


def test_a_plain_http_token_uri_elsewhere_is_refused(dirs: Dirs) -> None:
    def studio(request: Recorded) -> Reply:
        return json_reply(
            {
                "device_code": "d",
                "user_code": "U",
                "verification_uri": "https://studio.example.com/verify",
                "token_uri": "http://tokens.example.com/token",
            }
        )

    with scripted_server(studio) as server:
        with pytest.raises(ConfigurationError, match="plain HTTP"):
            login(server.url, on_code=lambda code: None, **FAST)
    assert len(server.requests) == 1


@pytest.mark.parametrize(
    "arguments",
    [
        {"scopes": ["datasets", "root"]},
        {"scopes": "datasets,"},
        {"expires_in_days": 0},
        {"expires_in_days": True},
        {"level": "system"},
        {"poll_interval": 0},
        {"wait_timeout": -1},
        {"teams": [""]},
        {"teams": [3]},
        {"token_name": ""},
        {"open_browser": "yes"},
        {"client_name": " "},
        {"timeout": 0},
        {"max_retries": -1},
    ],
)
def test_bad_arguments_are_refused_before_sending(arguments: dict[str, Any]) -> None:
    with scripted_server(lambda request: Reply(500)) as server:
        with pytest.raises(InvalidRequestError):
            login(server.url, on_code=lambda code: None, **arguments)
    assert server.requests == []


def test_plain_http_to_another_machine_is_refused() -> None:
    with pytest.raises(ConfigurationError, match="plain HTTP"):
        login("http://studio.example.com")
    with pytest.raises(InvalidRequestError):
        login(3)  # type: ignore[arg-type]


# --- logout -------------------------------------------------------------------------------------


def saved_login(emu: StudioEmulator, **options: Any) -> str:
    token: str = login(emu.url, teams=["emulator"], on_code=approver(emu), **FAST, **options).token
    return token


def test_logout_revokes_the_token_and_forgets_it(emu: StudioEmulator, dirs: Dirs) -> None:
    token = saved_login(emu)
    with dirs.global_file.open("a", encoding="utf-8") as file:
        file.write("\n[core]\nkeep = true\n")
    result = logout()
    assert result.revoked and result.url == emu.url and result.config_file == dirs.global_file
    assert not emu.token_is_valid(token)
    assert read(dirs.global_file) == {"studio": {"url": emu.url}, "core": {"keep": True}}
    with pytest.raises(NotLoggedInError):
        logout()


def test_logout_of_a_token_studio_no_longer_knows_removes_it_with_a_warning(
    emu: StudioEmulator, dirs: Dirs, caplog: pytest.LogCaptureFixture
) -> None:
    token = saved_login(emu)
    revoked = httpx2.post(  # revoked behind the config file's back
        emu.url + "/api/device-logout", headers={"Authorization": f"token {token}"}
    )
    assert revoked.status_code == 200
    with caplog.at_level(logging.WARNING, logger="datachain_studio"):
        result = logout()
    assert result.revoked is False
    assert "already revoked or is invalid" in caplog.text and token not in caplog.text
    assert "token" not in read(dirs.global_file)["studio"]


def test_logout_keeps_the_token_when_studio_fails_or_is_away(dirs: Dirs) -> None:
    with scripted_server(lambda request: json_reply({"detail": "oops"}, 500)) as server:
        dirs.global_file.parent.mkdir(parents=True)
        dirs.global_file.write_text(
            f'[studio]\nurl = "{server.url}"\ntoken = "isat_kept"\nteam = "t"\n', encoding="utf-8"
        )
        with pytest.raises(InternalServerError) as raised:
            logout(max_retries=0)
        sent = server.requests[0]
    assert "isat_kept" not in str(raised.value) and "isat_kept" not in repr(raised.value)
    assert (sent.method, sent.path, sent.body) == ("POST", "/api/device-logout", b"")
    assert sent.header("authorization") == "token isat_kept"
    assert sent.header("content-type") is None
    assert read(dirs.global_file)["studio"]["token"] == "isat_kept"
    with pytest.raises(APIConnectionError):  # the server has gone
        logout(max_retries=0)
    assert read(dirs.global_file)["studio"] == {
        "url": server.url,
        "token": "isat_kept",
        "team": "t",
    }


def test_logout_goes_where_the_environment_says(
    dirs: Dirs, monkeypatch: pytest.MonkeyPatch
) -> None:
    with scripted_server(
        lambda request: json_reply({"detail": "Token revoked successfully"})
    ) as server:
        dirs.local_file.parent.mkdir(parents=True)
        dirs.local_file.write_text(
            '[studio]\nurl = "https://saved.example.com"\ntoken = "isat_local"\n', encoding="utf-8"
        )
        monkeypatch.setenv("DATACHAIN_STUDIO_URL", server.url + "/")
        result = logout(level="local")
    assert result.url == server.url and result.level == "local"
    assert server.requests[0].header("authorization") == "token isat_local"
    assert read(dirs.local_file) == {"studio": {"url": "https://saved.example.com"}}


def test_the_default_team_and_the_saved_token(dirs: Dirs) -> None:
    assert configured("team") is None and configured("token") is None
    assert set_default_team("ml", level="global") == dirs.global_file
    assert set_default_team(" data ", level="local") == dirs.local_file
    assert configured("team") == "data"  # the local level wins
    assert read(dirs.global_file) == {"studio": {"team": "ml"}}
    with pytest.raises(InvalidRequestError):
        set_default_team("")


def test_a_broken_config_file_is_a_configuration_error(dirs: Dirs) -> None:
    dirs.global_file.parent.mkdir(parents=True)
    dirs.global_file.write_text("[studio\n", encoding="utf-8")
    with pytest.raises(ConfigurationError, match="not valid TOML"):
        login("https://studio.example.com")
    dirs.global_file.write_text("studio = 3\n", encoding="utf-8")
    with pytest.raises(ConfigurationError, match="must be a table"):
        logout()
