"""The command line's results, names and messages that issue 20 found wrong: each test here
failed before its fix."""

from __future__ import annotations

import json
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from datachain_studio import Studio
from datachain_studio._exceptions import WaitTimeoutError
from datachain_studio.cli._context import ExitCode, Failure, disk_errors
from datachain_studio.testing import StudioEmulator
from tests.cli.conftest import COMMAND, POLL, TOKEN, Cli, assert_no_secret


@pytest.fixture(scope="module")
def slow_exports(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cli]:
    """A local Studio whose exports never write a chunk unless a test drives them."""
    with StudioEmulator(token=TOKEN, export_delay=None) as emu:
        yield Cli(emu, tmp_path_factory.mktemp("cli-home-slow-exports"))


# --- a download that times out --------------------------------------------------------------


def test_download_that_times_out_exits_75_and_leaves_nothing(
    slow_exports: Cli, tmp_path: Path
) -> None:
    name = f"dev.slow{uuid.uuid4().hex[:8]}.dogs"
    slow_exports.emulator.add_dataset(name, versions=["1.0.0"], rows=[{"id": 1}])
    out = tmp_path / "never"
    result = slow_exports.run(
        "datasets", "download", f"{name}@v1.0.0", "-o", str(out), "--timeout", "1", code=75
    )
    assert "Timed out downloading" in result.err
    assert "Cannot write into" not in result.err
    assert not out.exists()


def test_disk_errors_are_usage_failures_but_the_clients_errors_pass() -> None:
    with pytest.raises(Failure) as failed, disk_errors(lambda exc: f"Cannot write: {exc.strerror}"):
        raise PermissionError(13, "Permission denied")
    assert failed.value.code == ExitCode.USAGE
    assert failed.value.message == "Cannot write: Permission denied"

    timeout = WaitTimeoutError("Timed out")
    assert isinstance(timeout, OSError)  # why the order matters
    with pytest.raises(WaitTimeoutError), disk_errors(str):
        raise timeout


# --- names as the tables show them ---------------------------------------------------------


def test_ls_prefix_matches_the_full_name(cli: Cli) -> None:
    project = f"cli{uuid.uuid4().hex[:8]}"
    for name in ("dogs", "cats"):
        cli.emulator.add_dataset(f"dev.{project}.{name}")
    table = cli.run("datasets", "ls", "--prefix", f"dev.{project}.d")
    shown = [line.split()[0] for line in table.out.splitlines() if line.startswith("dev.")]
    assert shown == [f"dev.{project}.dogs"]
    as_json = cli.run("--json", "datasets", "ls", "--prefix", f"dev.{project}")
    assert sorted(d["name"] for d in as_json.data) == ["cats", "dogs"]
    none = cli.run("datasets", "ls", "--prefix", project)  # not where a full name starts
    assert f"No datasets named {project}..." in none.out


def test_info_names_a_removed_versions_status(cli: Cli) -> None:
    name = f"dev.cli{uuid.uuid4().hex[:8]}.dogs"
    cli.emulator.add_dataset(name, versions=["1.0.0", "2.0.0"])
    cli.run("datasets", "rm", f"{name}@v1.0.0")
    table = cli.run("datasets", "info", name, "--include-removed")
    versions = [line.split() for line in table.out.splitlines() if line.startswith("v")]
    rows = {words[0]: words[1] for words in versions}
    assert rows == {"v1.0.0": "REMOVED", "v2.0.0": "COMPLETE"}


# --- hints name the command the user runs ---------------------------------------------------


@pytest.fixture
def no_token(cli: Cli, tmp_path: Path) -> dict[str, str]:
    """No token or team in the environment; the config files in tmp_path."""
    return cli.environment(
        DATACHAIN_STUDIO_TOKEN=None,
        DATACHAIN_STUDIO_TEAM=None,
        DATACHAIN_GLOBAL_CONFIG_DIR=str(tmp_path / "global"),
        DATACHAIN_ROOT_DIR=str(tmp_path / "project"),
    )


def test_sign_in_hints_name_datachain_studio(
    cli: Cli, no_token: dict[str, str], tmp_path: Path
) -> None:
    missing = cli.run("clusters", "ls", env=no_token, code=78)
    assert "Run `datachain-studio auth login`" in missing.err
    assert "`datachain auth" not in missing.err

    (tmp_path / "global").mkdir()
    (tmp_path / "global" / "config").write_text(
        f'[studio]\nurl = "{cli.emulator.url}"\ntoken = "{TOKEN}"\n', encoding="utf-8"
    )
    again = cli.run("auth", "login", "--no-open", env=no_token, code=78)
    assert "log out first (`datachain-studio auth logout`)" in again.err
    assert "`datachain auth" not in again.err

    no_team = cli.run("jobs", "ls", env=no_token, code=78)
    assert "`datachain-studio auth team <name>`" in no_team.err

    refused = cli.run(
        "clusters", "ls", env={**cli.env, "DATACHAIN_STUDIO_TOKEN": "isat_no"}, code=77
    )
    assert "run `datachain-studio auth login`" in refused.err


def test_the_library_keeps_naming_datachain_auth(monkeypatch: pytest.MonkeyPatch) -> None:
    from datachain_studio import ConfigurationError, Studio
    from datachain_studio.cli._app import run

    for key in ("DATACHAIN_STUDIO_TOKEN", "DATACHAIN_STUDIO_TEAM"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("DATACHAIN_GLOBAL_CONFIG_DIR", "/nonexistent/global")
    monkeypatch.setenv("DATACHAIN_ROOT_DIR", "/nonexistent/project")
    monkeypatch.setenv("DATACHAIN_SYSTEM_CONFIG_DIR", "/nonexistent/system")
    assert run(["clusters", "ls"]) == ExitCode.CONFIG  # the command line, in this process
    with pytest.raises(ConfigurationError, match=r"Run `datachain auth login`"):
        Studio()


# --- jobs logs -f --json ---------------------------------------------------------------------


def _json_lines(text: str) -> list[dict[str, object]]:
    events = [json.loads(line) for line in text.splitlines()]
    assert all(isinstance(event, dict) for event in events)
    return events


def test_logs_follow_json_prints_one_object_a_line(cli: Cli) -> None:
    emu = cli.emulator
    with Studio(token=TOKEN, url=emu.url, team=emu.team) as studio:
        created = studio.jobs.create("print('woof')\n# emulator: log a second line\n")
        for args in (("--json", "jobs", "logs"), ("jobs", "logs", "--json")):
            done = subprocess.run(
                [*COMMAND, *args, str(created.id), "-f", *POLL],
                capture_output=True,
                text=True,
                env=cli.env,
                cwd=cli.cwd,
                timeout=60,
                check=False,
            )
            assert_no_secret(done.stdout, done.stderr)
            assert done.returncode == 0, done.stderr
            events = _json_lines(done.stdout)
            assert events[-1] == {"type": "status", "status": "COMPLETE", "finished": True}
            lines = [e for e in events if e["type"] == "line"]
            assert all(set(e) == {"type", "id", "message"} for e in lines)
            messages = [e["message"] for e in lines]
            expected = [str(line.message) for line in studio.jobs.logs(created.id).logs]
            assert messages == expected and "a second line" in messages
            assert f"Job {created.id} COMPLETE" in done.stderr


def test_logs_follow_json_reports_status_changes_as_they_come(still_cli: Cli) -> None:
    emu = still_cli.emulator
    with Studio(token=TOKEN, url=emu.url, team=emu.team) as studio:
        created = studio.jobs.create("print(1)")
        opened = emu.log_streams_opened
        running = subprocess.Popen(
            [*COMMAND, "--json", "jobs", "logs", str(created.id), "-f", *POLL],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=still_cli.env,
            cwd=still_cli.cwd,
        )
        try:
            assert running.stdout is not None
            seen = ""  # up to the first status, read live (each line is flushed as it comes)
            while '"type":"status"' not in seen.replace(" ", ""):
                line = running.stdout.readline()
                assert line, "the follow ended before it reported a status"
                seen += line
            assert emu.log_streams_opened > opened  # following it live, on the stream
            emu.finish_job(created.id)
            rest, err = running.communicate(timeout=60)
            out = seen + rest
        finally:
            if running.poll() is None:
                running.kill()
        assert running.returncode == 0, err
        events = _json_lines(out)
        statuses = [e for e in events if e["type"] == "status"]
        assert statuses[0]["finished"] is False and statuses[0]["status"] != "COMPLETE"
        final = {"type": "status", "status": "COMPLETE", "finished": True}
        assert statuses[-1] == events[-1] == final


# --- small things ---------------------------------------------------------------------------


def test_edit_with_nothing_to_change_names_the_options(cli: Cli) -> None:
    name = f"dev.cli{uuid.uuid4().hex[:8]}.dogs"
    cli.emulator.add_dataset(name)
    nothing = cli.run("datasets", "edit", name, code=64)
    assert "give --new-name, --description or --attrs" in nothing.err
    assert "new_name" not in nothing.err, nothing.err


def test_one_chunk_is_a_chunk(cli: Cli) -> None:
    name = f"dev.cli{uuid.uuid4().hex[:8]}.dogs"
    cli.emulator.add_dataset(name, rows=[{"id": 1}])
    started = cli.run("datasets", "export", f"{name}@v1.0.0")
    assert started.err.rstrip().endswith(": 1 chunk")


def test_an_error_after_a_progress_bar_is_its_first_line(cli: Cli, tmp_path: Path) -> None:
    missing = f"dev.none{uuid.uuid4().hex[:6]}.cats@v1.0.0"
    result = cli.run("datasets", "download", missing, "-o", str(tmp_path / "x"), code=66)
    assert result.err.startswith("Error: 404 Not Found"), repr(result.err)
    assert result.err.count("\n") == 1
