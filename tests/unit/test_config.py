"""Tests of settings discovery, with real config files in temporary directories."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from datachain_studio._config import (
    DEFAULT_URL,
    config_files,
    is_insecure,
    normalize_url,
    resolve_settings,
)
from datachain_studio._exceptions import ConfigurationError

TOKEN = "isat_0123456789abcdef"


@pytest.fixture
def home(tmp_path: Path) -> Path:
    path = tmp_path / "home"
    path.mkdir()
    return path


@pytest.fixture
def work(tmp_path: Path) -> Path:
    path = tmp_path / "work"
    path.mkdir()
    return path


@pytest.fixture
def base(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, home: Path) -> dict[str, str]:
    """No DATACHAIN_* variable (the `env` to give), and a process environment that keeps the
    real home and /etc/xdg out of the tests (platformdirs reads that one)."""
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_DIRS", str(tmp_path / "etc-xdg"))
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    return {}


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_global_config_written_by_datachain_auth_login(
    home: Path, work: Path, base: dict[str, str]
) -> None:
    config = write(
        home / ".config" / "datachain" / "config",
        f'[studio]\nurl = "https://studio.datachain.ai"\ntoken = "{TOKEN}"\n',
    )
    settings = resolve_settings(env=base, cwd=work)
    assert settings.token == TOKEN
    assert settings.url == "https://studio.datachain.ai"
    assert settings.team is None
    assert settings.sources["token"] == str(config)
    assert settings.sources["url"] == str(config)
    assert "team" not in settings.sources


def test_xdg_config_home_and_dirs(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, work: Path, base: dict[str, str]
) -> None:
    xdg_home, xdg_first, xdg_second = tmp_path / "xh", tmp_path / "xd1", tmp_path / "xd2"
    write(xdg_home / "datachain" / "config", '[studio]\ntoken = "from-user"\n')
    write(xdg_first / "datachain" / "config", '[studio]\nteam = "from-site"\n')
    write(xdg_second / "datachain" / "config", '[studio]\nurl = "https://ignored.example"\n')
    monkeypatch.setenv("XDG_CONFIG_HOME", str(xdg_home))
    monkeypatch.setenv("XDG_CONFIG_DIRS", f"relative/dir:{xdg_first}:{xdg_second}")
    settings = resolve_settings(env=base, cwd=work)
    assert (settings.token, settings.team, settings.url) == ("from-user", "from-site", DEFAULT_URL)
    assert settings.config_files[:2] == (
        xdg_first / "datachain" / "config",
        xdg_home / "datachain" / "config",
    )


def test_relative_xdg_config_home_is_ignored(
    monkeypatch: pytest.MonkeyPatch, home: Path, work: Path, base: dict[str, str]
) -> None:
    write(home / ".config" / "datachain" / "config", '[studio]\ntoken = "home"\n')
    monkeypatch.setenv("XDG_CONFIG_HOME", "relative")
    assert resolve_settings(env=base, cwd=work).token == "home"


def test_without_xdg_the_linux_defaults(
    monkeypatch: pytest.MonkeyPatch, home: Path, work: Path, base: dict[str, str]
) -> None:
    if sys.platform != "linux":
        pytest.skip("the folders of Linux")
    monkeypatch.delenv("XDG_CONFIG_DIRS")
    assert config_files(env=base, cwd=work)[:2] == (
        Path("/etc/xdg/datachain/config"),
        home / ".config" / "datachain" / "config",
    )


def test_the_platform_folders_are_platformdirs_ones(
    tmp_path: Path, work: Path, base: dict[str, str]
) -> None:
    """Wherever platformdirs puts datachain's folders (here: under a folder of the test, as
    platformdirs' own test helper does on any platform), the settings are read there."""
    from platformdirs.testing import isolated_dirs

    with isolated_dirs(tmp_path / "dirs") as root:
        site = write(root / "site_config" / "datachain" / "config", '[studio]\nteam = "site"\n')
        user = write(root / "user_config" / "datachain" / "config", '[studio]\ntoken = "user"\n')
        settings = resolve_settings(env=base, cwd=work)
        assert settings.config_files[:2] == (site, user)
        assert (settings.token, settings.team) == ("user", "site")
        # The DATACHAIN_* folders still come first.
        env = {**base, "DATACHAIN_GLOBAL_CONFIG_DIR": str(tmp_path / "g")}
        write(tmp_path / "g" / "config", '[studio]\ntoken = "global"\n')
        assert resolve_settings(env=env, cwd=work).token == "global"


def test_levels_merge_key_by_key(tmp_path: Path, work: Path, base: dict[str, str]) -> None:
    system, user = tmp_path / "system", tmp_path / "global"
    write(
        system / "config",
        '[studio]\ntoken = "system-token"\nurl = "https://system.example"\nteam = "system-team"\n',
    )
    write(user / "config", '[studio]\ntoken = "global-token"\nteam = "global-team"\n')
    local = write(work / ".datachain" / "config", '[studio]\nteam = "local-team"\n')
    env = {
        **base,
        "DATACHAIN_SYSTEM_CONFIG_DIR": str(system),
        "DATACHAIN_GLOBAL_CONFIG_DIR": str(user),
    }
    settings = resolve_settings(env=env, cwd=work)
    assert settings.token == "global-token"
    assert settings.url == "https://system.example"
    assert settings.team == "local-team"
    assert settings.sources == {
        "token": str(user / "config"),
        "url": str(system / "config"),
        "team": str(local),
    }
    assert settings.config_files == (system / "config", user / "config", local)


def test_local_config_follows_datachain_root_and_dir(
    tmp_path: Path, work: Path, base: dict[str, str]
) -> None:
    root = tmp_path / "root"
    write(root / ".datachain" / "config", '[studio]\nteam = "root-team"\n')
    write(tmp_path / "dcdir" / "config", '[studio]\nteam = "dir-team"\n')
    env = {**base, "DATACHAIN_ROOT_DIR": str(root)}
    assert resolve_settings(env=env, cwd=work).team == "root-team"
    env["DATACHAIN_DIR"] = str(tmp_path / "dcdir")
    assert resolve_settings(env=env, cwd=work).team == "dir-team"


def test_relative_dirs_resolve_against_cwd(work: Path) -> None:
    env = {"DATACHAIN_GLOBAL_CONFIG_DIR": "g", "DATACHAIN_SYSTEM_CONFIG_DIR": "s"}
    assert config_files(env=env, cwd=work) == (
        work / "s" / "config",
        work / "g" / "config",
        work / ".datachain" / "config",
    )


def test_argument_beats_env_beats_file(tmp_path: Path, work: Path, base: dict[str, str]) -> None:
    write(
        tmp_path / "g" / "config",
        '[studio]\ntoken = "file"\nurl = "https://file.example"\nteam = "file"\n',
    )
    env = {
        **base,
        "DATACHAIN_GLOBAL_CONFIG_DIR": str(tmp_path / "g"),
        "DATACHAIN_STUDIO_TOKEN": "env",
        "DATACHAIN_STUDIO_URL": "https://env.example",
        "DATACHAIN_STUDIO_TEAM": "env",
    }
    from_env = resolve_settings(env=env, cwd=work)
    assert (from_env.token, from_env.url, from_env.team) == ("env", "https://env.example", "env")
    assert from_env.sources == {
        "token": "env DATACHAIN_STUDIO_TOKEN",
        "url": "env DATACHAIN_STUDIO_URL",
        "team": "env DATACHAIN_STUDIO_TEAM",
    }
    given = resolve_settings(token="arg", url="https://arg.example", team="arg", env=env, cwd=work)
    assert (given.token, given.url, given.team) == ("arg", "https://arg.example", "arg")
    assert set(given.sources.values()) == {"argument"}


def test_blank_values_fall_through(tmp_path: Path, work: Path, base: dict[str, str]) -> None:
    write(tmp_path / "g" / "config", '[studio]\ntoken = "file"\n')
    env = {
        **base,
        "DATACHAIN_GLOBAL_CONFIG_DIR": str(tmp_path / "g"),
        "DATACHAIN_STUDIO_TOKEN": " ",
    }
    assert resolve_settings(token="", env=env, cwd=work).token == "file"


def test_blank_value_in_a_later_file_unsets(
    tmp_path: Path, work: Path, base: dict[str, str]
) -> None:
    write(tmp_path / "g" / "config", '[studio]\ntoken = "global"\n')
    write(work / ".datachain" / "config", '[studio]\ntoken = ""\n')
    env = {**base, "DATACHAIN_GLOBAL_CONFIG_DIR": str(tmp_path / "g")}
    assert resolve_settings(env=env, cwd=work).token is None


def test_repr_never_shows_token(work: Path, base: dict[str, str]) -> None:
    settings = resolve_settings(token=TOKEN, env=base, cwd=work)
    assert TOKEN not in repr(settings) and TOKEN not in str(settings)
    assert "token=<set>" in repr(settings)
    assert "token=<missing>" in repr(resolve_settings(env=base, cwd=work))


def test_missing_token_says_where_it_looked(
    tmp_path: Path, work: Path, base: dict[str, str]
) -> None:
    env = {
        **base,
        "DATACHAIN_GLOBAL_CONFIG_DIR": str(tmp_path / "g"),
        "DATACHAIN_SYSTEM_CONFIG_DIR": str(tmp_path / "s"),
    }
    settings = resolve_settings(env=env, cwd=work)
    with pytest.raises(ConfigurationError) as raised:
        settings.require_token()
    message = str(raised.value)
    assert "DATACHAIN_STUDIO_TOKEN" in message
    assert "datachain auth login" in message
    for path in settings.config_files:
        assert str(path) in message
    with pytest.raises(ConfigurationError, match="DATACHAIN_STUDIO_TEAM"):
        settings.require_team()
    assert resolve_settings(token="t", team="x", env=env, cwd=work).require_token() == "t"


def test_malformed_config_names_file_not_content(
    tmp_path: Path, work: Path, base: dict[str, str]
) -> None:
    bad = write(tmp_path / "g" / "config", f'[studio]\ntoken = "{TOKEN}\n')
    with pytest.raises(ConfigurationError) as raised:
        resolve_settings(env={**base, "DATACHAIN_GLOBAL_CONFIG_DIR": str(bad.parent)}, cwd=work)
    assert str(bad) in str(raised.value)
    assert TOKEN not in str(raised.value)
    assert raised.value.__cause__ is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('studio = "oops"\n', "studio` must be a table"),
        ("[studio]\ntoken = 42\n", "studio.token must be a string"),
        (b"[studio]\ntoken = '\xff'\n", "not UTF-8"),
    ],
)
def test_invalid_config_content(
    tmp_path: Path, work: Path, base: dict[str, str], text: str | bytes, expected: str
) -> None:
    path = tmp_path / "g" / "config"
    path.parent.mkdir()
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    with pytest.raises(ConfigurationError, match=expected):
        resolve_settings(env={**base, "DATACHAIN_GLOBAL_CONFIG_DIR": str(path.parent)}, cwd=work)


def test_unreadable_config_is_an_error(tmp_path: Path, work: Path, base: dict[str, str]) -> None:
    (tmp_path / "g" / "config").mkdir(parents=True)
    env = {**base, "DATACHAIN_GLOBAL_CONFIG_DIR": str(tmp_path / "g")}
    with pytest.raises(ConfigurationError, match=r"Cannot read config file .*config"):
        resolve_settings(env=env, cwd=work)


def test_uses_process_environment_by_default(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, home: Path, work: Path
) -> None:
    for name in ("DATACHAIN_STUDIO_TOKEN", "DATACHAIN_STUDIO_URL", "DATACHAIN_STUDIO_TEAM"):
        monkeypatch.delenv(name, raising=False)
    for name in ("DATACHAIN_DIR", "DATACHAIN_ROOT_DIR", "DATACHAIN_SYSTEM_CONFIG_DIR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("XDG_CONFIG_DIRS", str(tmp_path / "etc-xdg"))
    monkeypatch.setenv("DATACHAIN_GLOBAL_CONFIG_DIR", "")
    monkeypatch.chdir(work)
    write(tmp_path / "xdg" / "datachain" / "config", '[studio]\nurl = "https://x.example/api/"\n')
    write(work / ".datachain" / "config", '[studio]\nteam = "here"\n')
    settings = resolve_settings()
    assert (settings.url, settings.team) == ("https://x.example", "here")


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("https://studio.datachain.ai/", "https://studio.datachain.ai"),
        ("https://studio.datachain.ai//", "https://studio.datachain.ai"),
        ("https://studio.example.com/api", "https://studio.example.com"),
        ("https://studio.example.com/api/", "https://studio.example.com"),
        ("https://example.com/studio/api", "https://example.com/studio"),
        ("http://localhost:8000", "http://localhost:8000"),
        ("  https://x.example/apis  ", "https://x.example/apis"),
    ],
)
def test_normalize_url(given: str, expected: str) -> None:
    assert normalize_url(given) == expected


@pytest.mark.parametrize(
    "bad", ["studio.datachain.ai", "ftp://x.example", "https://", "/api", "http://x:port/"]
)
def test_invalid_url(bad: str, work: Path, base: dict[str, str]) -> None:
    with pytest.raises(ConfigurationError, match="Invalid Studio URL"):
        normalize_url(bad)
    with pytest.raises(ConfigurationError, match="from env DATACHAIN_STUDIO_URL"):
        resolve_settings(env={**base, "DATACHAIN_STUDIO_URL": bad}, cwd=work)


def test_invalid_url_hides_userinfo() -> None:
    with pytest.raises(ConfigurationError) as raised:
        normalize_url("gopher://alice:hunter2@x.example")
    assert "hunter2" not in str(raised.value)


@pytest.mark.parametrize(
    ("url", "insecure"),
    [
        ("http://studio.example.com", True),
        ("http://10.0.0.5:8000", True),
        ("HTTP://Studio.Example.com", True),
        ("https://studio.example.com", False),
        ("http://localhost:8000", False),
        ("http://LOCALHOST", False),
        ("http://api.localhost", False),
        ("http://127.0.0.1", False),
        ("http://127.8.9.10:80", False),
        ("http://[::1]:8000", False),
        ("http://[::ffff:127.0.0.1]", False),
        ("http://[::2]", True),
        ("http://localhost.evil.example", True),
    ],
)
def test_is_insecure(url: str, insecure: bool) -> None:
    assert is_insecure(url) is insecure
