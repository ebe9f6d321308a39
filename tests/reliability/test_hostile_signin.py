"""Sign-in against a Studio that answers what it should not, and config folders that will not
take the token.

The URL Studio sends the person to is shown and opened in their browser only if it is an
https URL (or http where the client allows it); an `expires_in` too large for a float is
capped, not an `OverflowError`; a config file that is a symbolic link keeps being one (the
token goes into the file it links to); a config folder that cannot be written is found out
before Studio is asked for a token, which would otherwise be issued, live and lost.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import tomllib
import webbrowser
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from datachain_studio import ConfigurationError, DeviceCode, SignInError, login
from datachain_studio._signin import MAX_EXPIRES_IN, set_default_team
from tests.support.config import isolate_config
from tests.support.server import Recorded, Reply, ScriptedServer, json_reply, scripted_server

FAST = {"poll_interval": 0.02}


@pytest.fixture(autouse=True)
def folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Empty config folders; the global one is returned (not made yet)."""
    return isolate_config(monkeypatch, tmp_path)


class Studio:
    """The device flow, with what the test puts in the first answer; polls get a token,
    or `poll` if given."""

    def __init__(self, poll: Reply | None = None, **start: Any) -> None:
        self.start = start
        self.poll = poll
        self.url = ""

    def __call__(self, request: Recorded) -> Reply:
        if request.path == "/api/device-login":
            body = {
                "device_code": "device-1",
                "user_code": "ABCD1234",
                "verification_uri": f"{self.url}/verify",
                "token_uri": f"{self.url}/api/token",
                "expires_in": 60,
                **self.start,
            }
            return json_reply(body)
        if request.path == "/api/token":
            return self.poll or json_reply({"access_token": "isat_issued"})
        return json_reply({"detail": "not found"}, 404)


@contextlib.contextmanager
def serve(studio: Studio) -> Iterator[ScriptedServer]:
    with scripted_server(studio) as server:
        studio.url = server.url
        yield server


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What would have been opened in a web browser."""
    found: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda url, *args, **kwargs: found.append(url))
    return found


HOSTILE = [
    "file:///etc/passwd",
    "javascript:alert(document.cookie)",
    "smb://attacker.example/share",
    "https://studio.example/verify\x1b]8;;evil\x07",
    "//attacker.example/verify",
]


@pytest.mark.parametrize("uri", HOSTILE)
def test_a_verification_uri_that_is_not_http_is_neither_shown_nor_opened(
    uri: str, opened: list[str]
) -> None:
    shown: list[DeviceCode] = []
    with serve(Studio(verification_uri=uri)) as server:
        with pytest.raises(SignInError, match="verification_uri"):
            login(server.url, on_code=shown.append, open_browser=True, **FAST)
        assert [r.path for r in server.requests] == ["/api/device-login"]  # no poll
    assert shown == [] and opened == []


def test_plain_http_to_another_host_is_shown_only_where_insecure_urls_are_allowed(
    opened: list[str], folders: Path
) -> None:
    uri = "http://studio.example/verify"
    with serve(Studio(verification_uri=uri)) as server:
        with pytest.raises(ConfigurationError, match="allow_insecure"):
            login(server.url, on_code=lambda code: None, open_browser=True, **FAST)
        assert opened == []
        result = login(
            server.url, on_code=lambda code: None, open_browser=True, allow_insecure=True, **FAST
        )
    assert opened == [f"{uri}?code=ABCD1234"]
    assert result.token == "isat_issued"


@pytest.mark.parametrize(
    ("expires_in", "expected"),
    [(10**400, MAX_EXPIRES_IN), (86_401, MAX_EXPIRES_IN), (900, 900), (-5, None), (True, None)],
    ids=["10**400", "a day and a second", "900", "negative", "a bool"],
)
def test_expires_in_is_a_bounded_number_of_seconds(expires_in: Any, expected: int | None) -> None:
    shown: list[DeviceCode] = []
    with serve(Studio(expires_in=expires_in)) as server:
        result = login(server.url, on_code=shown.append, **FAST)
    assert result.token == "isat_issued"
    assert shown[0].expires_in == expected


def test_a_config_file_that_is_a_link_stays_one(folders: Path, tmp_path: Path) -> None:
    dotfiles = tmp_path / "dotfiles"
    dotfiles.mkdir()
    real = dotfiles / "datachain-config"
    real.write_text("# mine\n[core]\nx = 1\n")
    folders.mkdir()
    (folders / "config").symlink_to(real)
    with serve(Studio()) as server:
        login(server.url, teams=["t"], on_code=lambda code: None, **FAST)
    assert (folders / "config").is_symlink()
    saved = tomllib.loads(real.read_text())
    assert saved["studio"]["token"] == "isat_issued" and saved["core"] == {"x": 1}
    assert real.read_text().startswith("# mine\n")
    set_default_team("other")
    assert (folders / "config").is_symlink()
    assert tomllib.loads(real.read_text())["studio"]["team"] == "other"
    assert sorted(p.name for p in folders.iterdir()) == ["config"]  # no temp file left


def test_a_config_folder_that_cannot_exist_is_found_before_studio_is_asked(
    folders: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("DATACHAIN_GLOBAL_CONFIG_DIR", str(blocker / "datachain"))
    with serve(Studio()) as server:
        with pytest.raises(ConfigurationError, match="Cannot write config file"):
            login(server.url, on_code=lambda code: None, **FAST)
        assert server.requests == []  # no token was issued


def test_a_read_only_config_folder_is_found_before_studio_is_asked(folders: Path) -> None:
    folders.mkdir()
    folders.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        if os.access(folders, os.W_OK):
            pytest.skip("permissions do not bind this user (root)")
        with serve(Studio()) as server:
            with pytest.raises(ConfigurationError, match="Cannot write config file"):
                login(server.url, on_code=lambda code: None, **FAST)
            assert server.requests == []
    finally:
        folders.chmod(stat.S_IRWXU)


def test_the_command_line_neither_prints_nor_opens_a_file_url(
    tmp_path: Path, folders: Path
) -> None:
    import subprocess

    record = tmp_path / "opened.txt"
    browser = tmp_path / "browser.py"
    browser.write_text(f"import sys\nopen({str(record)!r}, 'a').write(sys.argv[1] + '\\n')\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATACHAIN_", "XDG_"))}
    env.update(
        HOME=str(tmp_path),
        DATACHAIN_GLOBAL_CONFIG_DIR=str(folders),
        DATACHAIN_SYSTEM_CONFIG_DIR=str(tmp_path / "system"),
        DATACHAIN_ROOT_DIR=str(tmp_path / "project"),
        BROWSER=f"{sys.executable} {browser} %s",
    )
    expired = json_reply({"detail": "authorization_expired"}, 400)  # ends an old client fast
    with serve(Studio(expired, verification_uri="file:///etc/passwd")) as server:
        command = [sys.executable, "-m", "datachain_studio", "auth", "login", "-H", server.url]
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 69, done.stderr  # Studio answered what cannot be used
    assert "verification_uri" in done.stderr
    assert "Open this URL" not in done.stderr
    assert not record.exists(), record.read_text()
