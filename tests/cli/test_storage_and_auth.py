"""`datachain-studio storage ls` and `datachain-studio auth login|logout|team|token`, run as
the real console script against the local Studio, with config files in temporary folders;
and the official `datachain` CLI reading the token our `auth login` saved."""

from __future__ import annotations

import json
import os
import re
import subprocess
import tomllib
from pathlib import Path
from typing import Any

import pytest

from tests.cli.conftest import Cli

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def bucket(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("bucket")
    (root / "dogs" / "others").mkdir(parents=True)
    (root / "dogs" / "dog 1").write_bytes(b"woof")
    (root / "description").write_bytes(b"x" * 1234)
    return root


@pytest.fixture(scope="module")
def storage_cli(cli: Cli, bucket: Path) -> Cli:
    cli.emulator.add_storage("s3://cli-bucket", bucket)
    cli.emulator.add_storage("gs://cli-indexing", bucket, indexing=True)
    return cli


def test_storage_ls_lists_names_folders_with_a_slash(storage_cli: Cli) -> None:
    result = storage_cli.run("storage", "ls", "s3://cli-bucket/dogs")
    assert result.out.splitlines() == ["dog 1", "others/"]


def test_storage_ls_long_and_several_paths(storage_cli: Cli) -> None:
    result = storage_cli.run("storage", "ls", "-l", "s3://cli-bucket", "s3://cli-bucket/dogs/")
    lines = result.out.splitlines()
    assert lines[0] == "s3://cli-bucket:"
    assert lines.index("s3://cli-bucket/dogs/:") > 1 and "" in lines
    header = next(line for line in lines if "MODIFIED" in line)
    assert header.split() == ["MODIFIED", "SIZE", "NAME"]
    description = next(line for line in lines if line.endswith("description"))
    assert "1234" in description.split()
    assert re.match(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}", description.strip())
    assert any(line.endswith("dogs/") and " - " in f" {line} " for line in lines)


def test_storage_ls_json_reports_each_path(storage_cli: Cli) -> None:
    result = storage_cli.run(
        "storage", "ls", "--json", "s3://cli-bucket/dogs", "s3://cli-bucket/nope", code=66
    )
    found, missing = json.loads(result.out)  # (Cli.run parses only exit codes 0-2)
    assert found["path"] == "s3://cli-bucket/dogs" and found["error"] is None
    assert [e["name"] for e in found["entries"]] == ["dog 1", "others"]
    first = found["entries"][0]
    assert first["dir_type"] == 0 and first["size"] == 4
    assert first["last_modified"].endswith("Z")  # ISO 8601 in UTC, as every --json time
    assert missing == {
        "path": "s3://cli-bucket/nope",
        "entries": None,
        "error": "Path not found: s3://cli-bucket/nope",
    }


def test_storage_ls_goes_on_after_a_path_that_fails(storage_cli: Cli) -> None:
    result = storage_cli.run(
        "storage", "ls", "gs://cli-indexing", "s3://cli-bucket/dogs", "s3://nowhere", code=69
    )
    assert "Error: gs://cli-indexing: Indexing in progress" in result.err
    assert "Error: s3://nowhere: Storage s3://nowhere is not connected to Studio" in result.err
    assert "dog 1" in result.out.splitlines()


def test_storage_ls_needs_a_path(storage_cli: Cli) -> None:
    result = storage_cli.run("storage", "ls", code=64)
    assert "PATH" in result.err


# --- auth -----------------------------------------------------------------------------------


@pytest.fixture
def auth_env(cli: Cli, tmp_path: Path) -> dict[str, str]:
    """No token in the environment; config files in tmp_path (project: tmp_path/project)."""
    return cli.environment(
        DATACHAIN_STUDIO_TOKEN=None,
        DATACHAIN_STUDIO_TEAM=None,
        DATACHAIN_GLOBAL_CONFIG_DIR=str(tmp_path / "global"),
        DATACHAIN_ROOT_DIR=str(tmp_path / "project"),
    )


def sign_in(cli: Cli, env: dict[str, str], *args: str) -> tuple[str, Any]:
    """Run `auth login`, approve it on the local Studio as soon as it shows the code."""
    running = cli.start("auth", "login", "--no-open", "--poll-interval", "0.05", *args, env=env)
    line = running.wait_for_err("shows the code")
    code = re.search(r"the code ([A-Z]+)", line)
    assert code is not None, line
    token = cli.emulator.approve_device(code.group(1))
    result = running.finish(0)
    assert token not in result.out and token not in result.err
    return token, result


def saved(path: Path) -> dict[str, Any]:
    return tomllib.loads(path.read_text(encoding="utf-8")).get("studio", {})


def official_datachain() -> Path:
    venv = Path(os.environ.get("DATACHAIN_COMPAT_VENV") or REPO / ".venv-datachain")
    executable = venv / "bin" / "datachain"
    if not executable.exists():
        pytest.fail(
            f"the official datachain CLI is not at {executable}: build it with "
            "`make datachain-venv`, or point DATACHAIN_COMPAT_VENV at a venv that has "
            "datachain==0.62.0"
        )
    return executable


def test_login_then_token_team_and_logout(
    cli: Cli, auth_env: dict[str, str], tmp_path: Path
) -> None:
    global_file = tmp_path / "global" / "config"
    token, login = sign_in(cli, auth_env, "--team", cli.emulator.team, "--expires-in", "30")
    assert f"Saved token to {global_file}." in login.out
    assert "Token will expire in 30 days." in login.out
    assert f"Set default team to '{cli.emulator.team}'" in login.out
    assert saved(global_file) == {
        "url": cli.emulator.url,
        "token": token,
        "team": cli.emulator.team,
    }
    assert cli.emulator.token_is_valid(token)

    printed = cli.run("auth", "token", env=auth_env)
    assert printed.out == token + "\n"
    # The token our login saved is the one `Studio()` and the other commands use.
    listed = cli.run("clusters", "ls", "--json", env=auth_env)
    assert len(listed.data) == 2

    shown = cli.run("auth", "team", env=auth_env)
    assert shown.out.strip() == f"Default team is '{cli.emulator.team}'"
    local = cli.run("auth", "team", "data-team", "--local", env=auth_env)
    assert "Set default team to 'data-team'" in local.out
    assert saved(tmp_path / "project" / ".datachain" / "config") == {"team": "data-team"}
    assert cli.run("auth", "team", "--json", env=auth_env).data == {"team": "data-team"}

    again = cli.run("auth", "login", "--no-open", env=auth_env, code=78)
    assert "Token already exists" in again.err

    out = cli.run("auth", "logout", env=auth_env)
    assert f"removed the token from {global_file}" in out.out and token not in out.out
    assert not cli.emulator.token_is_valid(token)
    assert saved(global_file) == {"url": cli.emulator.url}
    assert "Not logged in" in cli.run("auth", "logout", env=auth_env, code=78).err
    assert "Not logged in" in cli.run("auth", "token", env=auth_env, code=78).err


def test_logout_of_a_revoked_token_warns_and_forgets_it(
    cli: Cli, auth_env: dict[str, str], tmp_path: Path
) -> None:
    token, _ = sign_in(cli, auth_env, "--json")
    global_file = tmp_path / "global" / "config"
    assert "team" not in saved(global_file)  # no team asked for: no default team
    first = cli.run("--json", "auth", "logout", env=auth_env)
    assert first.data["revoked"] is True
    global_file.write_text(
        f'[studio]\nurl = "{cli.emulator.url}"\ntoken = "{token}"\n', encoding="utf-8"
    )
    second = cli.run("auth", "logout", env=auth_env)
    assert "Token was already revoked or is invalid on Studio." in second.err
    assert "token" not in saved(global_file)


def test_login_reports_json_without_the_token(
    cli: Cli, auth_env: dict[str, str], tmp_path: Path
) -> None:
    token, result = sign_in(cli, auth_env, "--local", "--json", "-n", "ci-box")
    assert result.data == {
        "url": cli.emulator.url,
        "config_file": str(tmp_path / "project" / ".datachain" / "config"),
        "level": "local",
        "token_name": "ci-box",
        "teams": [],
        "team": None,
        "expires_in_days": 365,
    }
    assert saved(tmp_path / "project" / ".datachain" / "config")["token"] == token
    cli.run("auth", "logout", "--local", env=auth_env)


def test_login_refuses_unknown_scopes_before_anything(cli: Cli, auth_env: dict[str, str]) -> None:
    result = cli.run("auth", "login", "--no-open", "-s", "datasets,root", env=auth_env, code=64)
    assert "unknown scope(s) root" in result.err


def test_the_official_client_reads_the_token_our_login_saved(
    cli: Cli, auth_env: dict[str, str], tmp_path: Path
) -> None:
    datachain = official_datachain()
    token, _ = sign_in(cli, auth_env, "--team", cli.emulator.team)
    work = tmp_path / "official-cwd"
    work.mkdir()
    done = subprocess.run(
        [str(datachain), "auth", "token"],
        capture_output=True,
        text=True,
        env=auth_env,
        cwd=work,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == token + "\n"
    cli.run("auth", "logout", env=auth_env)


def test_the_emulator_command_serves_storage_folders(cli: Cli, bucket: Path) -> None:
    bad = cli.run("emulator", "--port", "0", "--storage", "s3://no-folder", code=64)
    assert "URI=DIR" in bad.err
    missing = cli.run("emulator", "--port", "0", "--storage", f"s3://b={bucket}/nope", code=64)
    assert "does not exist" in missing.err
