"""The command line's results, names and messages that issue 20 found wrong: each test here
failed before its fix."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from datachain_studio._exceptions import WaitTimeoutError
from datachain_studio.cli._context import ExitCode, Failure, disk_errors
from datachain_studio.testing import StudioEmulator
from tests.cli.conftest import TOKEN, Cli


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
