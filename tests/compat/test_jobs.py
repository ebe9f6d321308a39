"""The official CLI's job commands against the local Studio: `job run` (live logs to the end,
dataset versions, exit codes, `--no-wait`, `--no-follow`, scheduling), `job ls`, `job logs`,
`job cancel`, `job clusters` (official-client-beyond-reference.md, 9.2-9.5, 10.1-10.5)."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from datachain_studio.testing import StudioEmulator
from tests.compat.helpers import OfficialCli, api, created_job_id, grid, local_studio, screen

RULE = "=" * 40
SCHEDULED = re.compile(r"Job \S+ is scheduled as a task in Studio\.")
CLUSTERS = [
    {
        "id": 1,
        "name": "default",
        "status": "ACTIVE",
        "cloud_provider": "AWS",
        "is_active": True,
        "default": True,
        "max_workers": 4,
    },
    {
        "id": "k3f9x2mq7a",
        "name": "gpu-pool",
        "status": "ACTIVE",
        "cloud_provider": "GCP",
        "cloud_credentials": "gcp-prod",
        "is_active": True,
        "default": False,
        "max_workers": 8,
        "active_workers": 2,
        "busy_workers": 1,
        "cloud_region": "us-central1",
        "instance_type": "g2-standard-8",
        "compute_class": "gpu",
        "disk_size": "100Gi",
    },
]
# What `job clusters` indexes directly: a missing one aborts it (9.5).
CLUSTER_KEYS = {
    "id",
    "name",
    "status",
    "cloud_provider",
    "cloud_region",
    "instance_type",
    "compute_class",
    "disk_size",
    "busy_workers",
    "active_workers",
    "max_workers",
    "default",
}
QUERY = """\
import datachain as dc

# emulator: log reading the numbers
# emulator: log saving them
dc.read_values(n=[1, 2, 3]).save("{name}")
"""


def query(name: str) -> str:
    """A query that logs two lines and saves the dataset `name`."""
    return QUERY.replace("{name}", name)


def saved(lines: list[str], name: str, version: str = "1.0.0") -> bool:
    """Whether `job run` / `job logs` listed the dataset version `name@v<version>`, under
    its short or its full name (Studio's form of `dataset_name` is not known)."""
    wanted = re.compile(rf"    - (\S+\.)?{re.escape(name)}@v{re.escape(version)}")
    return any(wanted.fullmatch(line) for line in lines)


@pytest.fixture(scope="module")
def moving() -> Iterator[StudioEmulator]:
    """Jobs take a step every 0.05 s by themselves: `job run` sees them to their end."""
    with local_studio(job_step_seconds=0.05, clusters=CLUSTERS) as emulator:
        yield emulator


@pytest.fixture(scope="module")
def cli(moving: StudioEmulator, tmp_path_factory: pytest.TempPathFactory) -> OfficialCli:
    return OfficialCli(moving, tmp_path_factory.mktemp("compat-jobs"))


def new_job(emulator: StudioEmulator, query: str, name: str = "made.py") -> str:
    """A job created over plain HTTP (quicker than a `job run`); its id."""
    with api(emulator) as http:
        response = http.post(
            "/api/datachain/jobs/",
            json={
                "query": query,
                "query_type": "PYTHON",
                "query_name": name,
                "team_name": emulator.team,
            },
        )
    assert response.status_code == 200, response.text
    return str(response.json()["id"])


def listed_ids(lines: list[str]) -> set[str]:
    return {row[0] for row in grid(lines)[1:]}


# --- job run -------------------------------------------------------------------------------


def test_job_run_streams_the_log_live_to_complete_and_lists_the_dataset_versions(
    still_cli: OfficialCli, still: StudioEmulator
) -> None:
    still_cli.write("live.py", query("live_numbers"))
    with still_cli.start("job", "run", "live.py") as running:
        running.wait_for(RULE)
        job_id = created_job_id(screen("".join(running.out)))
        running.wait_for(">>>> Job is now in CREATED status.")
        # The job moves only now: what comes next was streamed while the CLI was following.
        assert still.advance_job(job_id, 2) == "RUNNING"
        running.wait_for("reading the numbers", timeout=20)
        running.wait_for("saving them", timeout=20)
        still.finish_job(job_id)
        result = running.finish(0)

    lines = result.lines
    assert lines[:3] == [
        f"Job {job_id} created",
        f"Open the job in Studio at {still.url}/team/{still.team}/datasets/jobs/{job_id}",
        RULE,
    ]
    # Each log line once, in order, each on a line of its own (the server ends each with \n).
    assert lines.count("reading the numbers") == 1 and lines.count("saving them") == 1
    order = [
        ">>>> Job is now in CREATED status.",
        "reading the numbers",
        "saving them",
        ">>>> Job is now in COMPLETE status.",
        ">>>> Dataset versions created during the job:",
    ]
    assert [line for line in lines if line in order] == order, str(result)
    assert saved(lines[lines.index(order[-1]) + 1 :][:1], "live_numbers"), str(result)
    assert lines.count(">>>> Job is now in COMPLETE status.") == 1
    assert not any("reconnecting" in line or "Failed to reconnect" in line for line in lines)


def test_a_failing_job_ends_the_run_with_exit_code_1(cli: OfficialCli) -> None:
    cli.write("broken.py", "# emulator: log about to fail\n# emulator: fail The model diverged\n")
    result = cli.run("job", "run", "broken.py", code=1)
    lines = result.lines
    assert ">>>> Job is now in FAILED status." in lines, str(result)
    assert "about to fail" in lines, str(result)
    assert "Error: The model diverged" in lines, str(result)
    assert "No dataset versions created during the job." in lines, str(result)


def test_no_wait_prints_the_job_and_returns_at_once(
    cli: OfficialCli, moving: StudioEmulator
) -> None:
    cli.write("quick.py", query("quick_numbers"))
    result = cli.run("job", "run", "quick.py", "--no-wait")
    job_id = created_job_id(result.lines)
    assert result.lines == [
        f"Job {job_id} created",
        f"Open the job in Studio at {moving.url}/team/{moving.team}/datasets/jobs/{job_id}",
        RULE,
        "",
    ]
    assert moving.job_status(job_id) in {"CREATED", "QUEUED", "RUNNING", "COMPLETE"}


def test_no_follow_shows_the_statuses_without_the_log(cli: OfficialCli) -> None:
    cli.write("statuses.py", query("quiet_numbers"))
    result = cli.run("job", "run", "statuses.py", "--no-follow")
    lines = result.lines
    assert ">>>> Job is now in COMPLETE status." in lines, str(result)
    assert saved(lines, "quiet_numbers"), str(result)
    assert "reading the numbers" not in lines and "saving them" not in lines, str(result)
    assert not any("reconnecting" in line for line in lines), str(result)


def test_a_start_time_schedules_the_job(cli: OfficialCli) -> None:
    cli.write("later.py", query("later_numbers"))
    aware = cli.run("job", "run", "later.py", "--start-time", "2030-01-15T14:30:00Z")
    assert SCHEDULED.fullmatch(aware.lines[0]), str(aware)
    by_cron = cli.run("job", "run", "later.py", "--cron", "0 3 * * *")
    assert SCHEDULED.fullmatch(by_cron.lines[0]), str(by_cron)


def test_a_start_time_without_a_zone_schedules_the_job(cli: OfficialCli) -> None:
    # dateparser gives a naive ISO time for "2030-01-15 14:30": `start_after` is sent as
    # `2030-01-15T14:30:00` (official-client-beyond-reference.md, 11).
    cli.write("later.py", query("later_numbers"))
    result = cli.run("job", "run", "later.py", "--start-time", "2030-01-15 14:30", code=None)
    assert result.code == 0, str(result)
    assert SCHEDULED.fullmatch(result.lines[0]), str(result)


# --- job ls, logs, cancel -------------------------------------------------------------------


def test_job_ls_filters_by_status_in_any_case_and_by_the_active_group(
    still_cli: OfficialCli, still: StudioEmulator
) -> None:
    done = new_job(still, query("done_numbers"), name="done.py")
    still.finish_job(done)
    waiting = new_job(still, query("waiting_numbers"), name="waiting.py")

    plain, complete, active, as_json = still_cli.many(
        ("job", "ls"),
        ("job", "ls", "--status", "complete"),
        ("job", "ls", "--status", "ACTIVE"),
        ("job", "ls", "--json"),
    )
    assert grid(plain.lines)[0] == [
        "ID",
        "Name",
        "Status",
        "Created at",
        "Started at",
        "Created by",
    ]
    rows = {row[0]: row for row in grid(plain.lines)[1:]}
    assert rows[done][1:3] == ["done.py", "COMPLETE"]
    assert rows[waiting][1:3] == ["waiting.py", "CREATED"]
    assert rows[waiting][4] == "-"  # not started: null shows as "-"
    assert done in listed_ids(complete.lines) and waiting not in listed_ids(complete.lines)
    assert waiting in listed_ids(active.lines) and done not in listed_ids(active.lines)
    jobs = json.loads(as_json.out)  # the server's array, printed unchanged
    assert isinstance(jobs, list)
    by_id = {job["id"]: job for job in jobs}
    assert by_id[done]["status"] == "COMPLETE" and by_id[waiting]["status"] == "CREATED"
    assert by_id[waiting]["started_at"] is None


def test_job_logs_shows_the_whole_log_of_a_finished_job(
    still_cli: OfficialCli, still: StudioEmulator
) -> None:
    job_id = new_job(still, query("logged_numbers"))
    still.finish_job(job_id)
    result = still_cli.run("job", "logs", job_id)
    lines = result.lines
    assert "reading the numbers" in lines and "saving them" in lines, str(result)
    assert ">>>> Job is now in COMPLETE status." in lines, str(result)
    assert saved(lines, "logged_numbers"), str(result)


def test_job_logs_of_an_unknown_job_says_so(still_cli: OfficialCli) -> None:
    missing = str(uuid.uuid4())
    # A terminal `{"message": ...}` frame ends it at once; without one the CLI would retry
    # for about ten minutes, so a shorter wait here.
    result = still_cli.run("job", "logs", missing, code=1, timeout=45)
    assert result.err_lines[-2:] == [f"Error: Job {missing} not found", ""], str(result)


def test_job_cancel_cancels_and_refuses_a_finished_job(
    still_cli: OfficialCli, still: StudioEmulator
) -> None:
    job_id = new_job(still, query("canceled_numbers"))
    still.advance_job(job_id, 2)
    result = still_cli.run("job", "cancel", job_id)
    assert result.lines == [f"Job {job_id} canceled", ""]
    assert still.job_status(job_id) == "CANCELED"

    again = still_cli.run("job", "cancel", job_id, code=1)
    (error,) = [line for line in again.err_lines if line]
    assert error.startswith("Error: ") and "already finished" in error, str(again)


def test_errors_show_the_server_s_message(still_cli: OfficialCli) -> None:
    missing = str(uuid.uuid4())
    unknown, malformed = still_cli.many(
        ("job", "cancel", missing), ("job", "cancel", "not-a-job-id"), code=1
    )
    assert [line for line in unknown.err_lines if line] == [f"Error: Job {missing} not found"]
    # A path the contract refuses (422): its text too, never an empty `Error: `.
    (error,) = [line for line in malformed.err_lines if line]
    assert re.fullmatch(r"Error: \S.*", error) and "not-a-job-id" in error, str(malformed)


# --- clusters ------------------------------------------------------------------------------


def test_job_clusters_table_and_json(cli: OfficialCli, moving: StudioEmulator) -> None:
    table, as_json = cli.many(("job", "clusters"), ("job", "clusters", "--json"))
    rows = grid(table.lines)
    assert rows == [
        [
            "ID",
            "Name",
            "Status",
            "Cloud Provider",
            "Region",
            "Instance Type",
            "Compute Class",
            "Disk Request",
            "Busy/Active/Max",
            "Is Default",
        ],
        ["1", "default", "ACTIVE", "AWS", "-", "-", "-", "-", "0/0/4", "True"],
        [
            "k3f9x2mq7a",
            "gpu-pool",
            "ACTIVE",
            "GCP",
            "us-central1",
            "g2-standard-8",
            "gpu",
            "100Gi",
            "1/2/8",
            "False",
        ],
    ], str(table)
    clusters: list[dict[str, Any]] = json.loads(as_json.out)
    assert [cluster["name"] for cluster in clusters] == ["default", "gpu-pool"]
    assert all(set(cluster) >= CLUSTER_KEYS for cluster in clusters)
    with api(moving) as http:
        served = http.get("/api/datachain/clusters/", params={"team_name": moving.team}).json()
    assert clusters == served
