"""Exit codes, one-line errors, --debug, configuration discovery, --help, and `emulator`."""

from __future__ import annotations

import inspect
import re
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import click
import httpx2
import pytest

from datachain_studio import BadRequestError, NotFoundError, Studio
from datachain_studio.cli._app import cli as root_command
from datachain_studio.cli._app import run
from datachain_studio.resources._async.datasets import AsyncDatasets
from datachain_studio.resources._sync.datasets import Datasets
from tests.cli.conftest import COMMAND, TOKEN, Cli, assert_no_secret

WRONG_TOKEN = "isat_wrong_0e4f1a_never_shown"


def closed_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_every_kind_of_failure_has_its_exit_code_and_one_line(cli: Cli, tmp_path: Path) -> None:
    script = tmp_path / "q.py"
    script.write_text("print(1)\n", encoding="utf-8")
    broken_home = tmp_path / "broken-home"
    (broken_home / ".config" / "datachain").mkdir(parents=True)
    (broken_home / ".config" / "datachain" / "config").write_text("[studio\n", encoding="utf-8")
    cases: list[tuple[tuple[str, ...], dict[str, str] | None, int, str]] = [
        # (arguments, environment, exit code, text of the error line)
        (("jobs", "ls"), cli.environment(DATACHAIN_STUDIO_TOKEN=WRONG_TOKEN), 77, "Invalid token"),
        (("jobs", "ls"), cli.environment(DATACHAIN_STUDIO_TOKEN=None), 78, "No DataChain"),
        (("jobs", "ls"), cli.environment(DATACHAIN_STUDIO_TEAM=None), 78, "needs a team"),
        (
            ("jobs", "ls"),
            cli.environment(DATACHAIN_STUDIO_TOKEN=None, HOME=str(broken_home)),
            78,
            "not valid TOML",
        ),
        (("--url", "ftp://example.com", "jobs", "ls"), None, 78, "Invalid Studio URL"),
        (("--team", "no-such-team", "jobs", "ls"), None, 66, "Team not found"),
        (("jobs", "show", str(uuid.uuid4())), None, 66, "No job with id"),
        (("jobs", "show", "123"), None, 64, "job_id must be a UUID"),
        (("jobs", "run", str(script), "--env", "NOEQUALS"), None, 64, "expected KEY=VALUE"),
        (("jobs", "run", str(script), "--workers", "99"), None, 65, "at most 4 workers"),
        (
            ("--url", f"http://127.0.0.1:{closed_port()}", "jobs", "ls"),
            None,
            69,
            "Could not reach Studio",
        ),
        (("jobs", "frobnicate"), None, 64, "No such command 'frobnicate'"),
    ]
    with_env = [(args, env) for args, env, _, _ in cases]
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda case: cli.run(*case[0], env=case[1], code=None), with_env))
    for (_, _, code, text), result in zip(cases, results, strict=True):
        assert result.code == code, result
        assert text in result.err, result
        assert "Traceback" not in result.err, result
        assert WRONG_TOKEN not in result.out + result.err
        if code != 64:  # click's usage errors come with a usage line
            assert result.err.count("\n") == 1 and result.err.startswith("Error: "), result


def test_the_token_is_found_in_the_datachain_config_file(cli: Cli, tmp_path: Path) -> None:
    home = tmp_path / "home"
    (home / ".config" / "datachain").mkdir(parents=True)
    (home / ".config" / "datachain" / "config").write_text(
        f'[studio]\ntoken = "{TOKEN}"\n', encoding="utf-8"
    )
    env = cli.environment(DATACHAIN_STUDIO_TOKEN=None, HOME=str(home))
    debug = cli.run("--debug", "jobs", "show", str(uuid.uuid4()), env=env, code=66)
    # --debug: the request log and the traceback, still without the token.
    assert "GET http://127.0.0.1" in debug.err
    assert "Traceback (most recent call last)" in debug.err
    assert debug.err.rstrip().splitlines()[-1].startswith("Error: 404 Not Found")


def every_command(group: click.Group, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = [path]
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert command is not None
        if isinstance(command, click.Group):
            found += every_command(command, (*path, name))
        else:
            found.append((*path, name))
    return found


def test_help_at_every_level(capsys: pytest.CaptureFixture[str]) -> None:
    commands = every_command(root_command)
    assert len(commands) > 40
    for path in commands:
        assert run([*path, "--help"]) == 0, path
        out = capsys.readouterr().out
        assert out.startswith(f"Usage: datachain-studio {' '.join(path)}".rstrip()), out
        lines = out.splitlines()
        assert all(len(line) <= 100 for line in lines), (path, out)
        if path and path[-1] not in ("jobs", "pipelines", "schedules", "groups", "members"):
            assert "--help" in out
    assert run(["-h"]) == 0
    text = capsys.readouterr().out
    for code in ("64", "65", "66", "69", "75", "77", "78", "130"):
        assert re.search(rf"^\s+{code}\s", text, re.MULTILINE), code


def test_the_console_script_starts_and_says_its_version(cli: Cli) -> None:
    version = cli.run("--version")
    assert re.fullmatch(r"datachain-studio \d+\.\d+\.\S+\n", version.out), version
    helped = cli.run("jobs", "run", "--help")
    assert "--cancel-on-interrupt" in helped.out and "exit status is 0" in helped.out


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_the_emulator_command_serves_until_ctrl_c(cli: Cli) -> None:
    secret_token = "isat_emulator_command_secret"
    process = subprocess.Popen(
        [*COMMAND, "emulator", "--port", "0", "--token", secret_token, "--team", "cmd-team"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=cli.env,
    )
    try:
        assert process.stdout is not None
        banner = ""
        while "Press Ctrl-C" not in banner and process.poll() is None:
            banner += process.stdout.readline()
        found = re.search(r"listening on (http://127\.0\.0\.1:\d+)", banner)
        assert found, banner
        url = found.group(1)
        deadline = time.monotonic() + 10
        while True:
            try:
                httpx2.get(url + "/api/datachain/clusters/", timeout=1)
                break
            except httpx2.TransportError:
                assert time.monotonic() < deadline
                time.sleep(0.05)
        env = cli.environment(
            DATACHAIN_STUDIO_URL=url,
            DATACHAIN_STUDIO_TOKEN=secret_token,
            DATACHAIN_STUDIO_TEAM="cmd-team",
        )
        listed = cli.run("clusters", "ls", "--json", env=env)
        assert {c["name"] for c in listed.data} == {"default", "gpu-pool"}
        assert secret_token not in listed.out + listed.err
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=15)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0, err
    assert "Stopped." in out
    assert secret_token not in banner + out + err
    assert_no_secret(banner, out, err)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_the_emulator_command_takes_a_data_dir_and_more_tokens(cli: Cli, tmp_path: Path) -> None:
    data_dir = tmp_path / "studio"
    process = subprocess.Popen(
        [*COMMAND, "emulator", "--port", "0", "--data-dir", str(data_dir),
         "--extra-token", "isat_other_team=other-team", "--read-only-token", "isat_reader"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=cli.env,
    )  # fmt: skip
    try:
        assert process.stdout is not None
        banner = ""
        while "Press Ctrl-C" not in banner and process.poll() is None:
            banner += process.stdout.readline()
        found = re.search(r"listening on (http://127\.0\.0\.1:\d+)", banner)
        assert found, banner
        url = found.group(1)
        assert f"state: in {data_dir}, across restarts" in banner
        other = {"Authorization": "Bearer isat_other_team"}
        listed = httpx2.get(url + "/api/datachain/clusters/", headers=other, timeout=10)
        assert listed.status_code == 200
        mine = httpx2.get(
            url + "/api/datachain/clusters/", params={"team_name": "emulator"}, headers=other
        )
        assert mine.status_code == 403  # that token is of the other team only
        refused = httpx2.post(
            url + "/api/datachain/jobs/",
            json={"query": "print(1)", "query_type": "PYTHON", "team_name": "emulator"},
            headers={"Authorization": "Bearer isat_reader"},
        )
        assert refused.status_code == 403
        assert (data_dir / "studio.sqlite3").is_file()
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=15)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0, err
    assert out.strip() == "Stopped."


def test_removing_every_version_needs_force_say_the_docs_the_help_and_the_local_studio(
    cli: Cli, client: Studio
) -> None:
    """Studio (as the official client's own removal) removes every version of a dataset only
    with `force`: `help(studio.datasets.delete)`, `datasets rm --help` and the local Studio
    agree on it."""
    docs = [inspect.getdoc(Datasets.delete) or "", inspect.getdoc(AsyncDatasets.delete) or ""]
    for doc in (" ".join(text.split()) for text in docs):
        assert doc.startswith("Remove one version of a dataset or, with `force=True`, every")
        assert "every version is removed, and only with `force=True`" in doc
        assert "BadRequestError: no version named, and `force` not set" in doc
    helped = " ".join(cli.run("datasets", "rm", "--help").out.split())
    assert "or with --force every version of it" in helped
    assert "without --force Studio refuses" in helped
    cli.emulator.add_dataset("dev.zoo.gone", versions=["1.0.0", "1.0.1"])
    with pytest.raises(BadRequestError):
        client.datasets.delete("dev.zoo.gone")
    assert len(client.datasets.get("dev.zoo.gone").versions) == 2
    client.datasets.delete("dev.zoo.gone", force=True)
    with pytest.raises(NotFoundError):
        client.datasets.get("dev.zoo.gone")
