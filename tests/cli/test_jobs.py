"""`datachain-studio jobs ...` and `clusters ls` against the local Studio."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from datachain_studio import Studio
from datachain_studio.testing import FAIL_MARKER, LOG_MARKER, StudioEmulator
from tests.cli.conftest import POLL, Cli

UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def created_id(result_err: str) -> str:
    found = re.search(rf"Created job ({UUID})", result_err)
    assert found, result_err
    return found.group(1)


def test_run_uploads_files_follows_the_log_and_exits_0(
    cli: Cli, emulator: StudioEmulator, tmp_path: Path
) -> None:
    script = write(tmp_path, "sum.py", f"print('hi')\n{LOG_MARKER} the sum is 42\n")
    data = write(tmp_path, "numbers.csv", "a,b\n1,2\n" * 1000)
    env_file = write(tmp_path, ".env", "# settings\nexport MODE='fast'\nLEVEL=1\n")
    req_file = write(tmp_path, "requirements.txt", "pandas>=2  # tables\n\nnumpy\n")
    args = (
        "jobs",
        "run",
        str(script),
        "--env",
        "LEVEL=2",
        "--env",
        "EMPTY=",
        "--env-file",
        str(env_file),
        "--req",
        "pyarrow",
        "--req-file",
        str(req_file),
        "--files",
        str(data),
        "--cluster",
        "gpu-pool",
        "--workers",
        "2",
        "--python-version",
        "3.12",
        "--priority",
        "3",
        "--repository",
        "https://github.com/example/repo",
        "--credentials",
        "aws-prod",
        *POLL,
    )
    table, as_json = cli.both(*args)

    assert "the sum is 42" in table.out
    assert "Job completed" in table.out
    assert "Uploaded numbers.csv" in table.err
    job_id = created_id(table.err)
    assert f"/jobs/{job_id}" in table.err  # the URL
    assert re.search(rf"Job {job_id} COMPLETE after", table.err)

    job = as_json.data
    assert job["status"] == "COMPLETE"
    assert job["query_type"] == "PYTHON"
    assert job["name"] == "sum.py"
    assert job["environment"] == {"MODE": "fast", "LEVEL": "2", "EMPTY": ""}
    assert job["requirements"].splitlines() == ["pandas>=2", "numpy", "pyarrow"]
    assert job["compute_cluster_name"] == "gpu-pool"
    assert job["workers"] == 2
    assert job["python_version"] == "3.12"
    assert job["created_at"].endswith("Z")
    assert "the sum is 42" in as_json.err  # the log goes to stderr with --json
    with emulator.state.lock:
        stored = emulator.state.find_job(job["id"])
        assert stored.files and stored.files[0][1] == "numbers.csv"
        assert stored.priority == 3 and stored.credentials_name == "aws-prod"


def test_a_failed_job_exits_1(cli: Cli, tmp_path: Path) -> None:
    script = write(tmp_path, "etl.sh", f"echo start\n{FAIL_MARKER} disk full\n")
    table, as_json = cli.both("jobs", "run", str(script), *POLL, code=1)
    assert "Error: disk full" in table.out
    assert "FAILED" in table.err and "disk full" in table.err
    assert as_json.data["status"] == "FAILED"
    assert as_json.data["query_type"] == "SHELL"
    assert as_json.data["error_message"] == "disk full"


def test_a_job_canceled_from_another_call_exits_2(
    cli: Cli, emulator: StudioEmulator, tmp_path: Path
) -> None:
    script = write(tmp_path, "later.py", "print('later')\n")
    followers = [
        cli.start("jobs", "run", str(script), "--start-time", "+1h", *POLL, *extra)
        for extra in ((), ("--json",))
    ]
    ids = [created_id(f.wait_for_err("Created job")) for f in followers]
    table, as_json = cli.many(("jobs", "cancel", ids[0]), ("jobs", "cancel", ids[1], "--json"))
    assert ids[0] in table.out and "canceled" in table.out.lower()
    assert as_json.data == {"message": "Successfully canceled"}
    results = [f.finish(code=2) for f in followers]
    assert "CANCELED" in results[0].err
    assert results[1].data["status"] == "CANCELED"
    assert [emulator.job_status(i) for i in ids] == ["CANCELED", "CANCELED"]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_ctrl_c_stops_following_and_says_how_to_cancel(
    cli: Cli, emulator: StudioEmulator, tmp_path: Path
) -> None:
    script = write(tmp_path, "later.py", "print('later')\n")
    follower = cli.start("jobs", "run", str(script), "--start-time", "+1h", *POLL)
    job_id = created_id(follower.wait_for_err("Created job"))
    follower.signal(signal.SIGINT)
    result = follower.finish(code=130)
    assert f"datachain-studio jobs cancel {job_id}" in result.err
    assert "Traceback" not in result.err
    assert emulator.job_status(job_id) == "CREATED"  # still there, waiting to start


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_cancel_on_interrupt_cancels_on_sigterm(
    cli: Cli, emulator: StudioEmulator, tmp_path: Path
) -> None:
    script = write(tmp_path, "later.py", "print('later')\n")
    follower = cli.start(
        "jobs", "run", str(script), "--start-time", "+1h", "--cancel-on-interrupt", *POLL
    )
    job_id = created_id(follower.wait_for_err("Created job"))
    follower.signal(signal.SIGTERM)
    result = follower.finish(code=2)
    assert "canceling" in result.err.lower()
    assert emulator.job_status(job_id) == "CANCELED"


def test_no_follow_prints_the_id_and_returns(
    cli: Cli, emulator: StudioEmulator, tmp_path: Path
) -> None:
    script = write(tmp_path, "nightly.sh", "echo nightly\n")
    table, as_json = cli.many(
        ("jobs", "run", str(script), "--no-follow", "--start-time", "2030-06-01 9:30"),
        ("jobs", "run", str(script), "--no-follow", "--cron", "0 3 * * *", "--json"),
    )
    job_id = table.out.strip()
    assert uuid.UUID(job_id)
    assert f"/jobs/{job_id}" in table.err
    assert as_json.data["status"] == "CREATED"
    with emulator.state.lock:
        first = emulator.state.find_job(job_id)
        second = emulator.state.find_job(as_json.data["id"])
        assert first.start_after is not None and first.start_after.year == 2030
        assert second.cron_expression == "0 3 * * *"


def test_ls_show_logs_wait_of_a_finished_job(cli: Cli, client: Studio) -> None:
    job = client.jobs.create(f"print(1)\n{LOG_MARKER} hello from the job", query_name="hello")
    client.jobs.wait(job.id, poll_interval=0.02)
    job_id = str(job.id)
    results = cli.many(
        ("jobs", "ls"),
        ("jobs", "ls", "--json", "--limit", "100"),
        ("jobs", "ls", "--status", "complete", "-n", "3"),
        ("jobs", "show", job_id),
        ("--json", "jobs", "show", job_id),
        ("jobs", "logs", job_id),
        ("jobs", "logs", job_id, "--json"),
        ("jobs", "wait", job_id, *POLL),
        ("jobs", "wait", job_id, "--json", *POLL),
        ("jobs", "logs", "--follow", job_id, *POLL),
    )
    ls_table, ls_json, ls_complete, show, show_json, logs, logs_json, wait, wait_json, follow = (
        results
    )
    assert job_id in ls_table.out and "hello" in ls_table.out and "COMPLETE" in ls_table.out
    assert job_id in [item["id"] for item in ls_json.data]
    assert "STATUS" in ls_complete.out and "FAILED" not in ls_complete.out
    assert re.search(r"Status\s+COMPLETE", show.out)
    assert "Running query" in show.out  # the steps table
    assert show_json.data["id"] == job_id and show_json.data["steps"]
    assert "hello from the job" in logs.out
    assert logs_json.data["status"] == "COMPLETE"
    assert any(line["message"] == "hello from the job" for line in logs_json.data["logs"])
    assert f"Job {job_id} COMPLETE" in wait.out
    assert wait_json.data["status"] == "COMPLETE"
    assert "hello from the job" in follow.out


def test_wait_exits_by_status_and_gives_up_after_timeout(
    cli: Cli, client: Studio, tmp_path: Path
) -> None:
    failed = client.jobs.create(f"{FAIL_MARKER} no data")
    later = client.jobs.create("print(1)", start_after="2030-01-01T00:00:00Z")
    results = cli.many(
        ("jobs", "wait", str(failed.id), *POLL),
        ("jobs", "wait", str(later.id), "--timeout", "0.3", *POLL),
        ("jobs", "logs", "-f", str(later.id), "--timeout", "0.3", *POLL),
        code=None,
    )
    assert results[0].code == 1, results[0]
    assert "FAILED" in results[0].out and "no data" in results[0].out
    assert results[1].code == 75, results[1]
    assert "CREATED" in results[1].err  # the status it was shown while waiting
    assert results[1].err.strip().splitlines()[-1].startswith("Error: Timed out")
    assert results[2].code == 75, results[2]


def test_upload_shows_progress_and_prints_ids(cli: Cli, tmp_path: Path) -> None:
    first = write(tmp_path, "a.csv", "x\n" * 5000)
    second = write(tmp_path, "b.txt", "hello\n")
    table, as_json = cli.both("jobs", "upload", str(first), str(second))
    assert "Uploaded a.csv" in table.err and "Uploaded b.txt" in table.err
    assert "a.csv" in table.out and "10.0 kB" in table.out
    assert [item["filename"] for item in as_json.data] == ["a.csv", "b.txt"]
    assert as_json.data[0]["size"] == 10000
    assert as_json.data[0]["state"] == "uploaded"

    # An upload id works for --files too.
    script = write(tmp_path, "use.py", "print(open('b.txt').read())\n")
    upload_id = str(as_json.data[1]["id"])
    run = cli.run("jobs", "run", str(script), "--files", upload_id, "--json", *POLL)
    assert run.data["status"] == "COMPLETE"
    assert "Downloading files: b.txt" in run.err


def test_clusters_ls(cli: Cli) -> None:
    table, as_json = cli.both("clusters", "ls")
    assert "gpu-pool" in table.out and "default" in table.out and "g5.xlarge" in table.out
    by_name = {cluster["name"]: cluster for cluster in as_json.data}
    assert by_name["gpu-pool"]["id"] == "k3f9x2mq7a"
    assert by_name["default"]["id"] == 1
    assert by_name["gpu-pool"]["instance_type"] == "g5.xlarge"
    # The real server sends the disk size as text (a Kubernetes quantity); shown as sent.
    assert by_name["gpu-pool"]["disk_size"] == "100Gi"
    assert by_name["default"]["disk_size"] is None
    header, *rows = table.out.splitlines()
    assert header.split()[-1] == "DISK"
    gpu_row = next(row for row in rows if "gpu-pool" in row)
    assert gpu_row.split()[-1] == "100Gi"
    default_row = next(row for row in rows if row.split()[1:2] == ["default"])
    assert default_row.split()[-1] == "-"


def test_an_interrupt_caught_inside_a_string_exec_keeps_the_exit_status(tmp_path: Path) -> None:
    """CPython marks a KeyboardInterrupt that ends an `exec` of a string as unhandled even if
    it is caught afterwards, and `python -m` then dies of SIGINT instead of exiting with the
    status given (a Ctrl-C landing in a lazy import's dataclass made `jobs run` exit -2). The
    command line's `main` clears that mark."""
    (tmp_path / "interrupted_cli.py").write_text(
        "from datachain_studio.cli import _app\n"
        "try:\n"
        "    exec('raise KeyboardInterrupt', {})\n"
        "except KeyboardInterrupt:\n"
        "    pass\n"
        "_app.main(['--version'])\n"
    )
    result = subprocess.run(
        [sys.executable, "-m", "interrupted_cli"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, (result.returncode, result.stderr)
