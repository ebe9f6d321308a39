"""Jobs through the real client: lifecycle, logs, failure, cancel, filters, files, clusters."""

from __future__ import annotations

import asyncio
import re
import time

import pytest

from datachain_studio import (
    AsyncStudio,
    BadRequestError,
    InvalidRequestError,
    NotFoundError,
    Studio,
)
from datachain_studio.testing import FAIL_MARKER, LOG_MARKER, StudioEmulator
from tests.emulator.helpers import JOBS, Api, detail

manual = pytest.mark.studio_emulator(job_step_seconds=None)


def test_a_job_runs_to_complete_and_writes_its_log(studio: Studio) -> None:
    job = studio.jobs.create(
        f"print('hi')\n{LOG_MARKER} rows: 42", query_name="hello.py", requirements=["numpy"]
    )
    assert job.status == "CREATED"
    assert job.created_by == "user1" and job.team == "emulator" and job.name == "hello.py"
    lines = list(studio.jobs.follow(job.id, poll_interval=0.02, wait_timeout=10))
    assert lines[0].startswith(f"Job {job.id} created")
    assert "Installing requirements: numpy" in lines
    assert lines[-2:] == ["rows: 42", "Job completed"]
    done = studio.jobs.get(job.id)
    assert done.status == "COMPLETE" and done.exit_code == 0
    assert done.created_at < done.started_at < done.finished_at
    logs = studio.jobs.logs(job.id)
    assert logs.status == "COMPLETE" and str(logs.job_id) == str(job.id)
    ids = [line.id for line in logs.logs]
    assert ids == sorted(ids) and len(set(ids)) == len(ids) == len(lines)


def test_a_job_passes_through_queued_and_running(api: Api) -> None:
    job = api("POST", JOBS, json=api.team(query="x", query_type="SHELL")).json()
    seen = set()
    for _ in range(200):
        status = api("GET", JOBS, params=api.team(job_id=job["id"])).json()[0]["status"]
        seen.add(status)
        if status == "COMPLETE":
            break
        time.sleep(0.01)
    assert {"QUEUED", "RUNNING", "COMPLETE"} <= seen


def test_the_fail_marker_ends_a_job_failed(studio: Studio) -> None:
    job = studio.jobs.create(f"import sys\n{FAIL_MARKER} out of memory")
    done = studio.jobs.wait(job.id, poll_interval=0.02, wait_timeout=10)
    assert done.status == "FAILED"
    assert done.exit_code == 1
    assert done.error_message == "out of memory"
    messages = [line.message for line in studio.jobs.logs(job.id).logs]
    assert messages[-2:] == ["Error: out of memory", "Job failed with exit code 1"]


@manual
def test_jobs_can_be_driven_explicitly(studio: Studio, studio_emulator: StudioEmulator) -> None:
    job = studio.jobs.create("print(1)")
    assert studio.jobs.get(job.id).status == "CREATED"  # no pace: it does not move alone
    assert studio_emulator.job_status(job.id) == "CREATED"
    assert studio_emulator.advance_job(job.id) == "QUEUED"
    assert studio_emulator.advance_job(job.id) == "RUNNING"
    studio_emulator.finish_job(job.id)
    assert studio.jobs.get(job.id).status == "COMPLETE"
    with pytest.raises(ValueError, match="already finished"):
        studio_emulator.fail_job(job.id)

    other = studio.jobs.create("print(2)")
    studio_emulator.fail_job(other.id, "disk full", exit_code=137)
    failed = studio.jobs.get(other.id)
    assert (failed.status, failed.exit_code, failed.error_message) == ("FAILED", 137, "disk full")
    with pytest.raises(KeyError):
        studio_emulator.finish_job("0c9d6a2e-35a3-4b8a-9d36-5f4c3b8f0e11")


@manual
def test_cancel_a_running_job_then_cancelling_again_is_an_error(
    studio: Studio, studio_emulator: StudioEmulator
) -> None:
    job = studio.jobs.create("print(1)")
    studio_emulator.advance_job(job.id, 2)
    assert studio.jobs.cancel(job.id).message == "Successfully canceled"
    canceled = studio.jobs.get(job.id)
    assert canceled.status == "CANCELED" and canceled.finished_at is not None
    assert studio.jobs.logs(job.id).logs[-1].message == "Job canceled"
    with pytest.raises(BadRequestError) as error:
        studio.jobs.cancel(job.id)
    assert "already finished (CANCELED)" in str(error.value.body)


def test_cancelling_a_completed_job_is_an_error(
    studio: Studio, studio_emulator: StudioEmulator
) -> None:
    job = studio.jobs.create("print(1)")
    studio_emulator.finish_job(job.id)
    with pytest.raises(BadRequestError, match="COMPLETE"):
        studio.jobs.cancel(job.id)


def test_unknown_jobs_are_404(studio: Studio) -> None:
    missing = "0c9d6a2e-35a3-4b8a-9d36-5f4c3b8f0e11"
    with pytest.raises(NotFoundError):
        studio.jobs.cancel(missing)
    with pytest.raises(NotFoundError):
        studio.jobs.logs(missing)
    with pytest.raises(NotFoundError):
        studio.jobs.get(missing)  # the list is empty: the client says 404
    with pytest.raises(NotFoundError):
        studio.jobs.create("x", rerun_from_job_id=missing)


@manual
def test_the_list_filters_by_status_job_id_and_limit_newest_first(
    studio: Studio, studio_emulator: StudioEmulator, api: Api
) -> None:
    ids = [studio.jobs.create(f"print({n})").id for n in range(23)]
    studio_emulator.finish_job(ids[0])
    studio_emulator.fail_job(ids[1])
    studio_emulator.advance_job(ids[2], 2)

    everything = studio.jobs.list()
    assert [job.id for job in everything] == ids[::-1][:20]  # default limit 20, newest first
    assert [job.id for job in studio.jobs.list(limit=2)] == [ids[22], ids[21]]
    assert {job.id for job in studio.jobs.list(status="INACTIVE")} == {ids[0], ids[1]}
    active = studio.jobs.list(status="ACTIVE", limit=100)
    assert len(active) == 21 and ids[0] not in {job.id for job in active}
    assert [job.id for job in studio.jobs.list(status="RUNNING")] == [ids[2]]
    assert [job.id for job in studio.jobs.list(status="FAILED")] == [ids[1]]
    assert [job.id for job in studio.jobs.list(job_id=ids[5])] == [ids[5]]
    assert [job.id for job in studio.jobs.list(status="failed")] == [ids[1]]  # any case
    with pytest.raises(InvalidRequestError, match="status must be one of"):
        studio.jobs.list(status="SOMETHING_NEW")  # refused before anything is sent
    # The local Studio itself still answers an unknown status with nothing, as Studio does.
    assert api("GET", JOBS, params=api.team(status="SOMETHING_NEW")).json() == []


@manual
def test_include_steps_fills_steps(
    studio: Studio, studio_emulator: StudioEmulator, api: Api
) -> None:
    upload = studio.jobs.upload(b"a,b\n", filename="data.csv")
    job = studio.jobs.create("print(1)", files=[upload])
    assert studio.jobs.get(job.id).steps is None
    assert [step.name for step in studio.jobs.get(job.id, include_steps=True).steps] == ["waiting"]
    studio_emulator.finish_job(job.id)
    steps = studio.jobs.get(job.id, include_steps=True).steps
    assert [step.name for step in steps] == [
        "waiting",
        "downloading_files",
        "virtualenv",
        "running_query",
    ]
    assert all(step.status == "FINISHED" for step in steps)
    # The official client writes booleans as Python does.
    for text in ("True", "true", "1"):
        raw = api("GET", JOBS, params=api.team(include_steps=text)).json()
        assert raw[0]["steps"], text
    for text in ("False", "false", "0"):
        assert api("GET", JOBS, params=api.team(include_steps=text)).json()[0]["steps"] is None


def test_job_fields_are_kept(studio: Studio) -> None:
    job = studio.jobs.create(
        "echo hi",
        query_type="SHELL",
        environment={"A": "1", "B": "x=y"},
        workers=2,
        python_version="3.12",
        repository="https://github.com/user/repo",
        priority=5,
        credentials_name="aws",
    )
    assert job.query_type == "SHELL"
    assert job.environment == {"A": "1", "B": "x=y"}
    assert (job.workers, job.python_version) == (2, "3.12")
    assert job.repository == "https://github.com/user/repo"
    assert re.fullmatch(
        r"http://127\.0\.0\.1:\d+/team/emulator/datasets/jobs/" + str(job.id), job.url
    )


def test_files_must_be_uploads_of_the_team(studio: Studio, api: Api) -> None:
    upload = studio.jobs.upload(b"hello", filename="hello.txt")
    job = studio.jobs.create("print(1)", files=[upload, str(upload.id)])
    assert job.status == "CREATED"
    with pytest.raises(BadRequestError) as error:
        studio.jobs.create("print(1)", files=[upload.id, 999])
    assert "999" in str(error.value.body) and "upload" in str(error.value.body)
    response = api("POST", JOBS, json=api.team(query="x", query_type="PYTHON", files=["abc"]))
    assert response.status_code == 400
    assert "'abc'" in detail(response)


def test_uploaded_files_show_in_the_log(studio: Studio) -> None:
    upload = studio.jobs.upload(b"1,2\n", filename="numbers.csv")
    job = studio.jobs.create("print(1)", files=[upload])
    lines = list(studio.jobs.follow(job.id, poll_interval=0.02, wait_timeout=10))
    assert "Downloading files: numbers.csv" in lines


def test_clusters_are_seeded(studio: Studio) -> None:
    clusters = studio.clusters.list()
    assert [(c.id, c.name, c.default) for c in clusters] == [
        (1, "default", True),
        ("k3f9x2mq7a", "gpu-pool", False),
    ]
    assert clusters[1].instance_type == "g5.xlarge" and clusters[1].disk_size == "100Gi"


def test_jobs_run_on_the_cluster_they_name(studio: Studio, api: Api) -> None:
    assert studio.jobs.create("x").compute_cluster_name == "default"
    gpu = studio.jobs.create("x", compute_cluster_name="gpu-pool")
    assert gpu.compute_cluster_id == "k3f9x2mq7a"
    assert (
        studio.jobs.create("x", compute_cluster_id="k3f9x2mq7a").compute_cluster_name == "gpu-pool"
    )
    assert studio.jobs.create("x", compute_cluster_id=1).compute_cluster_name == "default"
    with pytest.raises(NotFoundError, match="nowhere"):
        studio.jobs.create("x", compute_cluster_name="nowhere")
    with pytest.raises(NotFoundError):
        studio.jobs.create("x", compute_cluster_id=42)
    with pytest.raises(BadRequestError, match="at most 4 workers"):
        studio.jobs.create("x", workers=5)
    both = api(
        "POST",
        JOBS,
        json=api.team(
            query="x", query_type="PYTHON", compute_cluster_name="default", compute_cluster_id=1
        ),
    )
    assert both.status_code == 400
    assert "mutually exclusive" in detail(both)


def test_the_official_clients_body_with_nulls_is_accepted(api: Api) -> None:
    body = {
        "query": "print('hello')",
        "query_type": "PYTHON",
        "environment": None,
        "workers": None,
        "query_name": "hello.py",
        "files": None,
        "python_version": None,
        "requirements": None,
        "repository": None,
        "priority": None,
        "compute_cluster_name": None,
        "start_after": None,
        "cron_expression": None,
        "credentials_name": None,
        "rerun_from_job_id": None,
        "reset": False,
        "team_name": "emulator",
    }
    response = api("POST", JOBS, json=body, scheme="token")
    assert response.status_code == 200, response.text
    assert response.json()["name"] == "hello.py"


def test_an_invalid_cron_expression_on_a_job_is_400(api: Api) -> None:
    response = api(
        "POST", JOBS, json=api.team(query="x", query_type="PYTHON", cron_expression="61 * * * *")
    )
    assert response.status_code == 400
    assert "Invalid cron expression" in detail(response)


def test_async_client(async_studio: AsyncStudio) -> None:
    async def run() -> list[str]:
        job = await async_studio.jobs.create("print(1)")
        return [line async for line in async_studio.jobs.follow(job.id, poll_interval=0.02)]

    assert asyncio.run(run())[-1] == "Job completed"
    assert asyncio.run(async_studio.clusters.list())[0].name == "default"  # another event loop
