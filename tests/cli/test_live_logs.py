"""`jobs logs -f` and `jobs run` print the log live, over the log stream."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from pathlib import Path

from datachain_studio import Studio
from datachain_studio.testing import LOG_MARKER, StudioEmulator
from tests.cli.conftest import POLL, TOKEN, Cli
from tests.cli.test_jobs import created_id, write


def wait_until(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def client(emulator: StudioEmulator) -> Studio:
    return Studio(token=TOKEN, url=emulator.url, team=emulator.team)


def test_logs_follow_prints_lines_as_they_are_written(
    still_cli: Cli, still_emulator: StudioEmulator
) -> None:
    studio = client(still_emulator)
    job = studio.jobs.create("print(1)")
    opened = still_emulator.log_streams_opened
    follower = still_cli.start("jobs", "logs", "-f", str(job.id), *POLL)
    wait_until(lambda: still_emulator.log_streams_opened == opened + 1)  # on the stream
    still_emulator.write_log(job.id, "written while it follows")
    still_emulator.finish_job(job.id)
    result = follower.finish(code=0)
    expected = [str(line.message) for line in studio.jobs.logs(job.id).logs]
    assert result.out.splitlines() == expected  # each line once, as `jobs logs` prints them
    assert "written while it follows" in expected
    assert f"Job {job.id} COMPLETE" in result.err


def test_run_streams_the_log(cli: Cli, emulator: StudioEmulator, tmp_path: Path) -> None:
    opened = emulator.log_streams_opened
    script = write(tmp_path, "live.py", f"print('hi')\n{LOG_MARKER} streamed line\n")
    result = cli.run("jobs", "run", str(script), *POLL)
    assert emulator.log_streams_opened > opened
    assert "streamed line" in result.out.splitlines()
    job_id = created_id(result.err)
    assert f"Job {job_id} COMPLETE" in result.err


def test_run_of_a_failing_job_still_exits_1(
    cli: Cli, emulator: StudioEmulator, tmp_path: Path
) -> None:
    opened = emulator.log_streams_opened
    failing = write(tmp_path, "fail.sh", "# emulator: fail out of disk\n")
    failed = cli.run("jobs", "run", str(failing), *POLL, code=1)
    assert emulator.log_streams_opened > opened
    assert "Error: out of disk" in failed.out


def test_logs_follow_of_an_unknown_job_still_exits_66(cli: Cli) -> None:
    ghost = str(uuid.uuid4())
    result = cli.run("jobs", "logs", "-f", ghost, *POLL, code=66)
    assert "not found" in result.err.lower()
