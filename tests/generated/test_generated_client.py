"""The generated low-level client (`datachain_studio_api`) against a real loopback server.

Each test calls a generated operation module directly, then checks what went over the socket
(method, exact path with its trailing slash, query string, JSON or multipart body, the
`Authorization` header) and that the answer was parsed into the right typed model.

The payloads are the published reference's own examples (seed v1.0.0) and the shapes the
official `datachain` client meets on the real server (reference/real-client-facts.md).
"""

from __future__ import annotations

import asyncio
import copy
import datetime as dt
import email.parser
import email.policy
import io
import json
import random
from collections.abc import Callable
from http import HTTPStatus
from typing import Any
from urllib.parse import urlsplit
from uuid import UUID

import pytest

from datachain_studio_api import AuthenticatedClient, errors
from datachain_studio_api.api.access_groups import (
    delete_access_group,
    remove_access_group_member,
    update_access_group,
)
from datachain_studio_api.api.access_rules import delete_access_rule, update_access_rule
from datachain_studio_api.api.clusters import list_clusters
from datachain_studio_api.api.jobs import (
    cancel_job,
    create_job,
    get_job_logs,
    list_jobs,
    upload_job_file,
)
from datachain_studio_api.api.pipeline_schedules import create_pipeline_schedule
from datachain_studio_api.api.pipelines import list_pipelines, trigger_pipeline
from datachain_studio_api.models import (
    AccessGroupOutput,
    AccessGroupUpdateInput,
    AccessRuleOutput,
    AccessRuleUpdateInput,
    ActionFeedback,
    ComputeClusterOutput,
    CreatePipelineScheduleInput,
    ErrorResponse,
    FileParams,
    JobCancelInput,
    JobInput,
    JobLogsOutput,
    JobOutput,
    JobPipelineOutput,
    JobPipelineRunOutput,
    JobStatus,
    JobStatusGroup,
    JobStep,
    JobStepStatus,
    PipelineOutput,
    PipelineScheduleOutput,
    PipelineScheduleUpdateOutput,
    PipelineStatus,
    QueryType,
    TriggerPipelineInput,
    UploadFileOutput,
    UploadState,
    UserOutput,
    ValidationErrorItem,
)
from datachain_studio_api.types import File, Response
from tests.support.server import Recorded, Reply, ScriptedServer, json_reply, scripted_server

TOKEN = "isat_x"
AUTHORIZATION = "Bearer isat_x"
UTC = dt.UTC
JOB_ID = UUID("497f6eca-6276-4993-bfeb-53cbbbba6f08")
RELATED_JOB_ID = UUID("550e8400-e29b-41d4-a716-446655440000")
PIPELINE_ID = UUID("ec036e81-7903-4e4d-bbfa-ac8516341cf0")
GROUP_ID = UUID("497f6eca-6276-4993-bfeb-53cbbbba6f08")
RULE_GROUP_ID = UUID("306db4e0-7449-4501-b76f-075576fe2d8f")

# --- the published reference's examples (seed v1.0.0), verbatim -------------------------------

REFERENCE_JOB: dict[str, Any] = {
    "id": "497f6eca-6276-4993-bfeb-53cbbbba6f08",
    "url": "https://studio.datachain.ai/team/team_name/datasets/jobs/0502eef6-a32e-45fa-8e3b-d20ecpabbcf0",
    "status": "CREATED",
    "created_at": "2021-01-01T00:00:00Z",
    "created_by": "username",
    "finished_at": "2021-01-01T00:00:00Z",
    "query": "print('Hello, World!')",
    "query_type": "PYTHON",
    "team": "TeamName",
    "name": "QueryName",
    "workers": 1,
    "python_version": "3.13",
    "requirements": "numpy==1.24.0",
    "repository": "https://github.com/user/repo",
    "environment": {"ENV_NAME": "ENV_VALUE"},
    "exit_code": 0,
    "error_message": "Error message",
    "error_stack": "",
    "params": {},
    "metrics": {},
    "parent_job_id": "550e8400-e29b-41d4-a716-446655440000",
    "rerun_from_job_id": "550e8400-e29b-41d4-a716-446655440000",
    "run_group_id": "550e8400-e29b-41d4-a716-446655440000",
}

REFERENCE_PIPELINE: dict[str, Any] = {
    "pipeline_id": "ec036e81-7903-4e4d-bbfa-ac8516341cf0",
    "status": "RUNNING",
    "job_runs": [
        {
            "job_id": "453bd7d7-5355-4d6d-a38e-d9e7eb218c3f",
            "status": "string",
            "parent_job_ids": ["497f6eca-6276-4993-bfeb-53cbbbba6f08"],
            "name": "string",
            "created_job_id": "31f5fe21-b847-420d-8689-ef5a1d3104a4",
        }
    ],
    "completed": 10,
    "total": 16,
    "error_message": "Error message",
    "error_stack": "Error stack",
    "triggered_from": "@amritghimire.project.dataset",
    "name": "rathe-kyat",
    "created_at": "2021-01-01T00:00:00Z",
    "updated_at": "2021-01-01T00:00:00Z",
    "is_definition": False,
    "schedule_name": "schedule_name",
    "python_version": "3.12",
    "requirements": "pandas==2.0.0",
    "repository": "git@github.com:user/repo.git",
    "workers": 4,
    "priority": 5,
    "environment_variables": {"TEST_ENV": "1"},
    "created_via": "manual",
}

REFERENCE_USER: dict[str, Any] = {
    "username": "string",
    "first_name": "string",
    "last_name": "string",
}

REFERENCE_SCHEDULE_UPDATE: dict[str, Any] = {
    "ok": True,
    "schedule": {
        "id": 0,
        "schedule_name": "string",
        "created_at": "2019-08-24T14:15:22Z",
        "updated_at": "2019-08-24T14:15:22Z",
        "start_after": "2019-08-24T14:15:22Z",
        "cron_expression": "string",
        "next_run": "2019-08-24T14:15:22Z",
        "latest_run": copy.deepcopy(REFERENCE_PIPELINE),
        "pipeline": copy.deepcopy(REFERENCE_PIPELINE),
        "created_by": REFERENCE_USER,
    },
}

REFERENCE_CLUSTER: dict[str, Any] = {
    "id": 1,
    "name": "ComputeClusterName",
    "status": "ACTIVE",
    "cloud_provider": "AWS",
    "cloud_credentials": "CredentialsName",
    "is_active": True,
    "default": True,
    "max_workers": 1,
}

REFERENCE_GROUP: dict[str, Any] = {
    "id": "497f6eca-6276-4993-bfeb-53cbbbba6f08",
    "name": "string",
    "description": "string",
    "member_count": 0,
    "created_at": "2019-08-24T14:15:22Z",
}

REFERENCE_RULE: dict[str, Any] = {
    "id": "497f6eca-6276-4993-bfeb-53cbbbba6f08",
    "resource_type": "string",
    "resource_uuid": "string",
    "resource_id": 0,
    "resource_name": "string",
    "permission": "string",
    "user_id": 0,
    "user_email": "string",
    "group_id": "306db4e0-7449-4501-b76f-075576fe2d8f",
    "group_name": "string",
}

# --- what the real server sends beyond the reference (real-client-facts.md) -------------------

REAL_SERVER_JOB: dict[str, Any] = {
    "id": "0b5ff1c2-8f1e-4f7e-9d2a-1c3b5d7e9f01",
    "status": "WARMING_UP",  # a status this client has never heard of
    "created_at": "2026-05-04T10:00:00Z",
    "started_at": "2026-05-04T10:00:05+00:00",
    "created_by": "alice",
    "finished_at": None,
    "query": "echo hi",
    "query_type": "SHELL",
    "team": "my-team",
    "name": "hi.sh",
    "workers": 2,
    "compute_cluster_id": "k3f9x2mq7a",
    "compute_cluster_name": "gpu-pool",
    "steps": [
        {
            "name": "running_query",
            "label": "Running query",
            "status": "STARTED",
            "started_at": "2026-05-04T10:00:07Z",
            "finished_at": None,
        },
        {"name": "dw_wake_up", "label": None, "status": "SKIPPED"},
    ],
    "brand_new_field": {"kept": True},
}

NEWER_SERVER_CLUSTER: dict[str, Any] = {
    "id": "k3f9x2mq7a",
    "name": "gpu-pool",
    "status": "SCALING",
    "cloud_provider": "GCP",
    "cloud_credentials": None,
    "is_active": True,
    "default": False,
    "max_workers": 8,
    "active_workers": 3,
    "busy_workers": 2,
    "cloud_region": "europe-west4",
    "instance_type": "a2-highgpu-1g",
    "compute_class": "gpu",
    "disk_size": 200,
}


# --- helpers -----------------------------------------------------------------------------------


def answer(body: Any, status: int = 200) -> Callable[[Recorded], Reply]:
    return lambda _request: json_reply(body, status)


def client_for(server: ScriptedServer, **kwargs: Any) -> AuthenticatedClient:
    return AuthenticatedClient(base_url=server.url, token=TOKEN, **kwargs)


def only_request(server: ScriptedServer) -> Recorded:
    assert len(server.requests) == 1, server.requests
    return server.requests[0]


def check_request(
    request: Recorded, method: str, path: str, query: dict[str, list[str]] | None = None
) -> None:
    assert request.method == method
    assert request.path == path
    assert request.query == (query or {})
    if not query:
        assert request.target == path  # no stray `?`
    assert request.header("authorization") == AUTHORIZATION


def check_json_body(request: Recorded, expected: dict[str, Any]) -> None:
    content_type = request.header("content-type") or ""
    assert content_type.split(";")[0].strip() == "application/json"
    assert request.json() == expected


def check_reference_job(job: JobOutput) -> None:
    assert isinstance(job, JobOutput)
    assert job.id == JOB_ID and isinstance(job.id, UUID)
    assert job.status is JobStatus.CREATED
    assert job.query_type is QueryType.PYTHON
    assert job.created_at == dt.datetime(2021, 1, 1, tzinfo=UTC)
    assert job.created_at.tzinfo is not None
    assert job.finished_at == dt.datetime(2021, 1, 1, tzinfo=UTC)
    assert job.url == REFERENCE_JOB["url"]
    assert (job.created_by, job.team, job.name, job.workers) == (
        "username",
        "TeamName",
        "QueryName",
        1,
    )
    assert job.query == "print('Hello, World!')"
    assert (job.python_version, job.requirements) == ("3.13", "numpy==1.24.0")
    assert job.environment == {"ENV_NAME": "ENV_VALUE"}
    assert (job.exit_code, job.error_message, job.error_stack) == (0, "Error message", "")
    assert job.parent_job_id == RELATED_JOB_ID and isinstance(job.parent_job_id, UUID)
    assert job.rerun_from_job_id == RELATED_JOB_ID
    assert job.run_group_id == RELATED_JOB_ID
    assert job.started_at is None and job.steps is None
    assert "started_at" not in job.model_fields_set and "started_at" not in job.to_dict()
    assert job.to_dict()["created_at"].startswith("2021-01-01T00:00:00")


def check_reference_pipeline(pipeline: JobPipelineOutput) -> None:
    assert isinstance(pipeline, JobPipelineOutput)
    assert pipeline.pipeline_id == PIPELINE_ID and isinstance(pipeline.pipeline_id, UUID)
    assert pipeline.status is PipelineStatus.RUNNING
    assert pipeline.created_at == dt.datetime(2021, 1, 1, tzinfo=UTC)
    assert pipeline.updated_at == dt.datetime(2021, 1, 1, tzinfo=UTC)
    assert (pipeline.completed, pipeline.total, pipeline.is_definition) == (10, 16, False)
    assert (pipeline.workers, pipeline.priority, pipeline.created_via) == (4, 5, "manual")
    assert pipeline.environment_variables is not None
    assert pipeline.environment_variables == {"TEST_ENV": "1"}
    [run] = pipeline.job_runs
    assert isinstance(run, JobPipelineRunOutput)
    assert run.job_id == UUID("453bd7d7-5355-4d6d-a38e-d9e7eb218c3f")
    assert run.status == "string" and run.status not in JobStatus  # unknown: still reads
    assert run.parent_job_ids == [JOB_ID]
    assert run.created_job_id == UUID("31f5fe21-b847-420d-8689-ef5a1d3104a4")


# --- GET with a query string --------------------------------------------------------------------


def test_list_jobs_sends_every_filter_and_parses_the_reference_list() -> None:
    with scripted_server(answer([REFERENCE_JOB])) as server, client_for(server) as client:
        response = list_jobs.sync_detailed(
            client=client,
            team_name="my-team",
            status=JobStatus.RUNNING,
            limit=5,
            job_id=JOB_ID,
            include_steps=True,
        )
    request = only_request(server)
    check_request(
        request,
        "GET",
        "/api/datachain/jobs/",
        {
            "team_name": ["my-team"],
            "status": ["RUNNING"],
            "limit": ["5"],
            "job_id": [str(JOB_ID)],
            "include_steps": ["true"],
        },
    )
    assert request.body == b""
    assert response.status_code == HTTPStatus.OK
    assert isinstance(response.parsed, list) and len(response.parsed) == 1
    check_reference_job(response.parsed[0])


def test_list_jobs_sends_the_declared_defaults_and_a_status_group() -> None:
    with scripted_server(answer([])) as server, client_for(server) as client:
        response = list_jobs.sync_detailed(
            client=client, team_name="team with spaces&more", status=JobStatusGroup.ACTIVE
        )
    request = only_request(server)
    check_request(
        request,
        "GET",
        "/api/datachain/jobs/",
        {
            "team_name": ["team with spaces&more"],
            "status": ["ACTIVE"],
            "limit": ["20"],
            "include_steps": ["false"],
        },
    )
    assert "job_id" not in urlsplit(request.target).query
    assert response.parsed == []


def test_list_jobs_async_keeps_real_server_extras_and_unknown_statuses() -> None:
    async def call(server: ScriptedServer) -> Response[ErrorResponse | list[JobOutput]]:
        async with client_for(server) as client:
            return await list_jobs.asyncio_detailed(
                client=client, team_name="my-team", status="WARMING_UP", include_steps=True
            )

    with scripted_server(answer([REAL_SERVER_JOB, REFERENCE_JOB])) as server:
        response = asyncio.run(call(server))
    request = only_request(server)
    assert request.query["status"] == ["WARMING_UP"]
    assert request.header("authorization") == AUTHORIZATION
    assert isinstance(response.parsed, list)
    real, reference = response.parsed
    check_reference_job(reference)
    assert isinstance(real, JobOutput)
    assert real.status == "WARMING_UP" and isinstance(real.status, JobStatus)
    assert real.status not in JobStatus  # a stand-in member: not one of the known values
    assert real.query_type is QueryType.SHELL
    assert real.url is None  # missing from real responses: fine
    assert "url" not in real.model_fields_set
    assert real.started_at == dt.datetime(2026, 5, 4, 10, 0, 5, tzinfo=UTC)
    assert real.finished_at is None
    assert real.compute_cluster_id == "k3f9x2mq7a"
    assert real.compute_cluster_name == "gpu-pool"
    assert isinstance(real.steps, list) and all(isinstance(s, JobStep) for s in real.steps)
    running, waking = real.steps
    assert (running.name, running.label, running.status) == (
        "running_query",
        "Running query",
        JobStepStatus.STARTED,
    )
    assert running.status is JobStepStatus.STARTED
    assert running.started_at == dt.datetime(2026, 5, 4, 10, 0, 7, tzinfo=UTC)
    assert running.finished_at is None
    assert waking.status == "SKIPPED" and waking.status not in JobStepStatus
    assert real.model_extra["brand_new_field"] == {"kept": True}


def test_list_pipelines_repeats_the_status_parameter() -> None:
    with scripted_server(answer([REFERENCE_PIPELINE])) as server, client_for(server) as client:
        response = list_pipelines.sync_detailed(
            client=client,
            team_name="my-team",
            status=[PipelineStatus.RUNNING, PipelineStatus.PAUSED],
            limit=10,
            search="etl",
        )
    request = only_request(server)
    check_request(
        request,
        "GET",
        "/api/datachain/pipeline/list",
        {
            "team_name": ["my-team"],
            "status": ["RUNNING", "PAUSED"],
            "limit": ["10"],
            "search": ["etl"],
        },
    )
    assert "status=RUNNING&status=PAUSED" in urlsplit(request.target).query
    assert request.body == b""
    assert isinstance(response.parsed, list) and len(response.parsed) == 1
    check_reference_pipeline(response.parsed[0])


def test_list_clusters_takes_integer_and_string_ids() -> None:
    with scripted_server(answer([REFERENCE_CLUSTER, NEWER_SERVER_CLUSTER])) as server:
        with client_for(server) as client:
            response = list_clusters.sync_detailed(client=client)
    check_request(only_request(server), "GET", "/api/datachain/clusters/")
    assert isinstance(response.parsed, list)
    old, new = response.parsed
    assert isinstance(old, ComputeClusterOutput) and isinstance(new, ComputeClusterOutput)
    assert old.id == 1 and type(old.id) is int
    assert (old.name, old.status, old.is_active, old.default, old.max_workers) == (
        "ComputeClusterName",
        "ACTIVE",
        True,
        True,
        1,
    )
    assert old.active_workers is None and "active_workers" not in old.model_fields_set
    assert new.id == "k3f9x2mq7a" and type(new.id) is str
    assert new.status == "SCALING"
    assert (new.active_workers, new.busy_workers, new.disk_size) == (3, 2, 200)
    assert (new.cloud_region, new.instance_type, new.compute_class) == (
        "europe-west4",
        "a2-highgpu-1g",
        "gpu",
    )
    assert new.cloud_credentials is None


def test_get_job_logs_reads_lines_and_status() -> None:
    body = {
        "job_id": str(JOB_ID),
        "status": "RUNNING",
        "logs": [{"id": 1, "message": "Installing requirements"}, {"id": "2", "message": "ok"}],
    }
    with scripted_server(answer(body)) as server, client_for(server) as client:
        response = get_job_logs.sync_detailed(JOB_ID, client=client, team_name="my-team")
    check_request(
        only_request(server),
        "GET",
        f"/api/datachain/jobs/{JOB_ID}/logs",
        {"team_name": ["my-team"]},
    )
    assert isinstance(response.parsed, JobLogsOutput)
    assert response.parsed.status is JobStatus.RUNNING
    assert [(line.id, line.message) for line in response.parsed.logs] == [
        (1, "Installing requirements"),
        ("2", "ok"),
    ]


# --- JSON POST ----------------------------------------------------------------------------------


def test_create_job_posts_the_job_input_as_json() -> None:
    body = JobInput(
        query="print('Hello, World!')",
        query_type=QueryType.PYTHON,
        team_name="TeamName",
        environment="ENV_NAME=ENV_VALUE",
        workers=1,
        query_name="QueryName",
        rerun_from_job_id=RELATED_JOB_ID,
        files=["2", 3],
        python_version="3.13",
        requirements=None,  # the official client sends unset fields as null
        priority=1,
        compute_cluster_id=1,
        start_after=dt.datetime(2021, 1, 1, tzinfo=UTC),
        cron_expression="0 0 * * *",
        reset=False,
    )
    with scripted_server(answer(REFERENCE_JOB)) as server, client_for(server) as client:
        response = create_job.sync_detailed(client=client, body=body)
    request = only_request(server)
    check_request(request, "POST", "/api/datachain/jobs/")
    sent = request.json()
    start_after = sent.pop("start_after")
    assert dt.datetime.fromisoformat(start_after) == dt.datetime(2021, 1, 1, tzinfo=UTC)
    assert sent == {
        "query": "print('Hello, World!')",
        "query_type": "PYTHON",
        "team_name": "TeamName",
        "environment": "ENV_NAME=ENV_VALUE",
        "workers": 1,
        "query_name": "QueryName",
        "rerun_from_job_id": "550e8400-e29b-41d4-a716-446655440000",
        "files": ["2", 3],
        "python_version": "3.13",
        "requirements": None,
        "priority": 1,
        "compute_cluster_id": 1,
        "cron_expression": "0 0 * * *",
        "reset": False,
    }
    assert (request.header("content-type") or "").startswith("application/json")
    assert response.status_code == HTTPStatus.OK
    assert isinstance(response.parsed, JobOutput)
    check_reference_job(response.parsed)


def test_cancel_job_puts_the_team_in_the_body() -> None:
    with scripted_server(answer({"message": "Successfully canceled"})) as server:
        with client_for(server) as client:
            response = cancel_job.sync_detailed(
                JOB_ID, client=client, body=JobCancelInput(team_name="TeamName")
            )
    request = only_request(server)
    check_request(request, "POST", f"/api/datachain/jobs/{JOB_ID}/cancel")
    check_json_body(request, {"team_name": "TeamName"})
    assert isinstance(response.parsed, ActionFeedback)
    assert response.parsed.message == "Successfully canceled"


def test_trigger_pipeline_posts_datasets_team_and_review() -> None:
    datasets = [
        "@amritghimire.project_name.dataset_name@v1.0.0",
        "@amritghimire.project_name.dataset_name",
        "dataset_name",
        "dataset_name@v1.0.0",
    ]
    reply = {"ok": True, "pipeline": REFERENCE_PIPELINE}
    with scripted_server(answer(reply)) as server, client_for(server) as client:
        response = trigger_pipeline.sync_detailed(
            client=client,
            body=TriggerPipelineInput(datasets=datasets, team_name="team_name", review=True),
        )
    request = only_request(server)
    check_request(request, "POST", "/api/datachain/pipeline/trigger")
    check_json_body(request, {"datasets": datasets, "team_name": "team_name", "review": True})
    assert isinstance(response.parsed, PipelineOutput)
    assert response.parsed.ok is True
    check_reference_pipeline(response.parsed.pipeline)


def test_create_pipeline_schedule_posts_json_and_parses_the_schedule() -> None:
    body = CreatePipelineScheduleInput(
        schedule_name="schedule_name",
        team_name="team_name",
        pipeline_id="pipeline_id",
        pipeline_name="rathy-kyat",
        start_after=dt.datetime(2019, 8, 24, 14, 15, 22, tzinfo=UTC),
        cron_expression="0 0 * * *",
    )
    with scripted_server(answer(REFERENCE_SCHEDULE_UPDATE)) as server:
        with client_for(server) as client:
            response = create_pipeline_schedule.sync_detailed(client=client, body=body)
    request = only_request(server)
    check_request(request, "POST", "/api/datachain/pipeline/create-schedule")
    sent = request.json()
    assert dt.datetime.fromisoformat(sent.pop("start_after")) == dt.datetime(
        2019, 8, 24, 14, 15, 22, tzinfo=UTC
    )
    assert sent == {
        "schedule_name": "schedule_name",
        "team_name": "team_name",
        "pipeline_id": "pipeline_id",
        "pipeline_name": "rathy-kyat",
        "cron_expression": "0 0 * * *",
    }
    parsed = response.parsed
    assert isinstance(parsed, PipelineScheduleUpdateOutput)
    assert parsed.ok is True
    schedule = parsed.schedule
    assert isinstance(schedule, PipelineScheduleOutput)
    assert (schedule.id, schedule.schedule_name, schedule.cron_expression) == (
        0,
        "string",
        "string",
    )
    when = dt.datetime(2019, 8, 24, 14, 15, 22, tzinfo=UTC)
    assert schedule.next_run == when and schedule.start_after == when
    assert isinstance(schedule.latest_run, JobPipelineOutput)
    assert isinstance(schedule.pipeline, JobPipelineOutput)
    check_reference_pipeline(schedule.latest_run)
    check_reference_pipeline(schedule.pipeline)
    assert isinstance(schedule.created_by, UserOutput)
    assert schedule.created_by.username == "string"


# --- multipart upload ---------------------------------------------------------------------------

# Bytes that break a multipart body whose boundary is the generator's fixed `+++`, plus every
# byte value, bare CR and LF, fake part headers and a CRLF right at the end.
TRICKY = (
    b"\r\n--+++--\r\n"
    b"--+++\r\n"
    b'Content-Disposition: form-data; name="file"; filename="evil.bin"\r\n\r\n'
    + bytes(range(256))
    + b"\r\n--\r\n\r\n\n\r\r\n--"
    + random.Random(20260504).randbytes(4096)
    + b"\r\n--+++--\r\n"
)


def parse_multipart(request: Recorded) -> dict[str, tuple[str | None, str, bytes]]:
    """Parse a multipart body with the boundary its Content-Type header names."""
    content_type = request.header("content-type")
    assert content_type is not None
    head = b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n"
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + request.body)
    assert message.is_multipart()
    assert not message.defects
    parts: dict[str, tuple[str | None, str, bytes]] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        assert isinstance(name, str) and name not in parts
        payload = part.get_payload(decode=True)
        assert isinstance(payload, bytes)
        parts[name] = (part.get_filename(), part.get_content_type(), payload)
    return parts


def boundary_of(request: Recorded) -> str:
    content_type = request.header("content-type") or ""
    media_type, _, boundary = content_type.partition("; boundary=")
    assert media_type == "multipart/form-data"
    return boundary


def upload_handler(request: Recorded) -> Reply:
    try:
        filename, _, content = parse_multipart(request)["file"]
    except Exception:  # the test re-parses and reports; answer something well-formed
        return json_reply({"detail": "unparseable multipart body"}, 400)
    return json_reply({"id": 7, "filename": filename, "size": len(content), "state": "uploaded"})


def file_params() -> FileParams:
    return FileParams(
        file=File(
            payload=io.BytesIO(TRICKY), file_name="data.bin", mime_type="application/octet-stream"
        )
    )


def check_upload(request: Recorded, response: Response[ErrorResponse | UploadFileOutput]) -> None:
    check_request(request, "POST", "/api/datachain/jobs/files", {"team_name": ["my-team"]})
    boundary = boundary_of(request)
    assert boundary and boundary != "+++"
    assert boundary.encode() not in TRICKY
    parts = parse_multipart(request)
    assert list(parts) == ["file"]
    filename, content_type, content = parts["file"]
    assert filename == "data.bin"
    assert content_type == "application/octet-stream"
    assert content == TRICKY
    assert response.status_code == HTTPStatus.OK
    assert isinstance(response.parsed, UploadFileOutput)
    assert response.parsed.id == 7
    assert response.parsed.filename == "data.bin"
    assert response.parsed.size == len(TRICKY)
    assert response.parsed.state is UploadState.UPLOADED


def test_upload_job_file_sync_sends_the_file_byte_identical() -> None:
    with scripted_server(upload_handler) as server, client_for(server) as client:
        first = upload_job_file.sync_detailed(
            client=client, body=file_params(), team_name="my-team"
        )
        second = upload_job_file.sync_detailed(
            client=client, body=file_params(), team_name="my-team"
        )
    assert len(server.requests) == 2
    check_upload(server.requests[0], first)
    check_upload(server.requests[1], second)
    assert boundary_of(server.requests[0]) != boundary_of(server.requests[1])


def test_upload_job_file_async_sends_the_file_byte_identical() -> None:
    async def call(server: ScriptedServer) -> Response[ErrorResponse | UploadFileOutput]:
        async with client_for(server) as client:
            return await upload_job_file.asyncio_detailed(
                client=client, body=file_params(), team_name="my-team"
            )

    with scripted_server(upload_handler) as server:
        first = asyncio.run(call(server))
        second = asyncio.run(call(server))
    assert len(server.requests) == 2
    check_upload(server.requests[0], first)
    check_upload(server.requests[1], second)
    assert boundary_of(server.requests[0]) != boundary_of(server.requests[1])


# --- PATCH --------------------------------------------------------------------------------------


def test_update_access_group_patches_the_group() -> None:
    with scripted_server(answer(REFERENCE_GROUP)) as server, client_for(server) as client:
        response = update_access_group.sync_detailed(
            GROUP_ID,
            client=client,
            body=AccessGroupUpdateInput(name="production-team", description=None),
            team_name="my-team",
        )
    request = only_request(server)
    check_request(
        request,
        "PATCH",
        f"/api/datachain/rbac/access-groups/{GROUP_ID}/",
        {"team_name": ["my-team"]},
    )
    check_json_body(request, {"name": "production-team", "description": None})
    group = response.parsed
    assert isinstance(group, AccessGroupOutput)
    assert group.id == GROUP_ID and isinstance(group.id, UUID)
    assert (group.name, group.description, group.member_count) == ("string", "string", 0)
    assert group.created_at == dt.datetime(2019, 8, 24, 14, 15, 22, tzinfo=UTC)


def test_update_access_rule_patches_the_rule() -> None:
    with scripted_server(answer(REFERENCE_RULE)) as server, client_for(server) as client:
        response = update_access_rule.sync_detailed(
            JOB_ID, client=client, body=AccessRuleUpdateInput(permission="write")
        )
    request = only_request(server)
    check_request(request, "PATCH", f"/api/datachain/rbac/access-rules/{JOB_ID}/")
    check_json_body(request, {"permission": "write"})
    rule = response.parsed
    assert isinstance(rule, AccessRuleOutput)
    assert rule.id == JOB_ID
    assert rule.resource_id == 0 and type(rule.resource_id) is int
    assert rule.group_id == RULE_GROUP_ID and isinstance(rule.group_id, UUID)
    assert (rule.resource_type, rule.permission, rule.user_id) == ("string", "string", 0)


def test_access_rule_output_keeps_a_string_resource_id() -> None:
    reply = {**REFERENCE_RULE, "resource_id": "ns-42", "user_id": None, "group_id": None}
    with scripted_server(answer(reply)) as server, client_for(server) as client:
        response = update_access_rule.sync_detailed(
            JOB_ID, client=client, body=AccessRuleUpdateInput(permission="read")
        )
    assert isinstance(response.parsed, AccessRuleOutput)
    assert response.parsed.resource_id == "ns-42"
    assert response.parsed.user_id is None and response.parsed.group_id is None


# --- DELETE answered with 204 -------------------------------------------------------------------

DELETES = [
    pytest.param(
        lambda client: delete_access_rule.sync_detailed(JOB_ID, client=client),
        f"/api/datachain/rbac/access-rules/{JOB_ID}/",
        id="delete_access_rule",
    ),
    pytest.param(
        lambda client: remove_access_group_member.sync_detailed(GROUP_ID, 0, client=client),
        f"/api/datachain/rbac/access-groups/{GROUP_ID}/members/0/",
        id="remove_access_group_member",
    ),
    pytest.param(
        lambda client: delete_access_group.sync_detailed(GROUP_ID, client=client),
        f"/api/datachain/rbac/access-groups/{GROUP_ID}/",
        id="delete_access_group",
    ),
]


@pytest.mark.parametrize(("call", "path"), DELETES)
def test_delete_with_204_has_no_body_either_way(
    call: Callable[[AuthenticatedClient], Response[Any]], path: str
) -> None:
    with scripted_server(lambda _request: Reply(status=204)) as server:
        with client_for(server) as client:
            response = call(client)
    request = only_request(server)
    check_request(request, "DELETE", path)
    assert request.body == b""
    assert request.header("content-type") is None
    assert response.status_code == HTTPStatus.NO_CONTENT
    assert response.content == b""
    assert response.parsed is None


def test_remove_access_group_member_async_targets_the_member() -> None:
    async def call(server: ScriptedServer) -> Response[Any]:
        async with client_for(server) as client:
            return await remove_access_group_member.asyncio_detailed(
                GROUP_ID, 31337, client=client, team_name="my-team"
            )

    with scripted_server(lambda _request: Reply(status=204)) as server:
        response = asyncio.run(call(server))
    check_request(
        only_request(server),
        "DELETE",
        f"/api/datachain/rbac/access-groups/{GROUP_ID}/members/31337/",
        {"team_name": ["my-team"]},
    )
    assert response.status_code == HTTPStatus.NO_CONTENT


# --- status codes outside http.HTTPStatus, and error bodies -------------------------------------

ODD_STATUSES = [
    # 499 is declared by no operation: the body is not parsed, so it may be empty.
    pytest.param(499, b"", None, id="499-empty"),
    # 520 and 599 fall in the declared 5XX range, whose body is JSON-decoded.
    pytest.param(520, {"message": "Web server returned an unknown error"}, "Web server", id="520"),
    pytest.param(599, {"message": "Network connect timeout"}, "Network", id="599"),
]


def odd_reply(status: int, body: Any) -> Reply:
    if isinstance(body, bytes):
        return Reply(status=status, body=body)
    return json_reply(body, status)


def check_odd_response(response: Response[Any], status: int, message: str | None) -> None:
    assert response.status_code == status
    assert type(response.status_code) is int
    assert not isinstance(response.status_code, HTTPStatus)
    if message is None:
        assert response.parsed is None
        assert response.content == b""
    else:
        assert isinstance(response.parsed, ErrorResponse)
        assert isinstance(response.parsed.message, str)
        assert response.parsed.message.startswith(message)


@pytest.mark.parametrize(("status", "body", "message"), ODD_STATUSES)
def test_status_outside_httpstatus_sync(status: int, body: Any, message: str | None) -> None:
    with scripted_server(lambda _request: odd_reply(status, body)) as server:
        with client_for(server) as client:
            listed = list_jobs.sync_detailed(client=client, team_name="my-team")
            deleted = delete_access_rule.sync_detailed(JOB_ID, client=client)
    assert len(server.requests) == 2
    check_odd_response(listed, status, message)
    check_odd_response(deleted, status, message)


@pytest.mark.parametrize(("status", "body", "message"), ODD_STATUSES)
def test_status_outside_httpstatus_async(status: int, body: Any, message: str | None) -> None:
    async def call(server: ScriptedServer) -> Response[Any]:
        async with client_for(server) as client:
            return await create_pipeline_schedule.asyncio_detailed(
                client=client,
                body=CreatePipelineScheduleInput(team_name="t", cron_expression="0 0 * * *"),
            )

    with scripted_server(lambda _request: odd_reply(status, body)) as server:
        response = asyncio.run(call(server))
    check_odd_response(response, status, message)


def test_undeclared_odd_status_raises_unexpected_status_when_asked() -> None:
    with scripted_server(lambda _request: Reply(status=499, body=b"client closed")) as server:
        with client_for(server, raise_on_unexpected_status=True) as client:
            with pytest.raises(errors.UnexpectedStatus) as caught:
                list_jobs.sync_detailed(client=client, team_name="my-team")
    assert caught.value.status_code == 499
    assert caught.value.content == b"client closed"


def test_not_found_parses_into_error_response() -> None:
    reply = {"message": "Dataset not found"}
    with scripted_server(answer(reply, 404)) as server, client_for(server) as client:
        response = list_jobs.sync_detailed(client=client, team_name="my-team", job_id=JOB_ID)
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert isinstance(response.status_code, HTTPStatus)
    assert isinstance(response.parsed, ErrorResponse)
    assert response.parsed.message == "Dataset not found"
    assert response.parsed.detail is None
    assert json.loads(response.content) == reply


def test_error_detail_as_text_and_as_validation_list() -> None:
    replies = iter(
        [
            json_reply({"detail": "Invalid token"}, 401),
            json_reply(
                {
                    "detail": [
                        {
                            "type": "less_than_equal",
                            "loc": ["body", "data", "priority"],
                            "msg": "Input should be less than or equal to 5",
                            "input": 9,
                        }
                    ]
                },
                422,
            ),
        ]
    )
    body = JobInput(query="q", query_type=QueryType.SHELL, team_name="t", priority=9)
    with scripted_server(lambda _request: next(replies)) as server, client_for(server) as client:
        unauthorized = create_job.sync_detailed(client=client, body=body)
        invalid = create_job.sync_detailed(client=client, body=body)
    assert unauthorized.status_code == HTTPStatus.UNAUTHORIZED
    assert isinstance(unauthorized.parsed, ErrorResponse)
    assert unauthorized.parsed.detail == "Invalid token"
    assert invalid.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert isinstance(invalid.parsed, ErrorResponse)
    assert isinstance(invalid.parsed.detail, list)
    [item] = invalid.parsed.detail
    assert isinstance(item, ValidationErrorItem)
    assert item.loc == ["body", "data", "priority"]
    assert item.msg == "Input should be less than or equal to 5"
    assert item.type_ == "less_than_equal"


PROXY_PAGES = [
    (502, b"<html><head><title>502 Bad Gateway</title></head></html>", "text/html"),
    (503, b"", "text/plain"),
    (404, b"", "application/json"),
    (429, b"slow down", "text/plain"),
    (500, b"[1, 2]", "application/json"),
]


@pytest.mark.parametrize(("status", "body", "content_type"), PROXY_PAGES)
def test_an_error_body_that_is_not_the_declared_json_is_kept_raw(
    status: int, body: bytes, content_type: str
) -> None:
    def reply(request: Recorded) -> Reply:
        return Reply(status, body, {"Content-Type": content_type})

    with scripted_server(reply) as server, client_for(server) as client:
        response = list_jobs.sync_detailed(client=client, team_name="my-team")
    assert response.status_code == status
    assert response.parsed is None
    assert response.content == body


def test_a_success_body_that_is_not_json_still_raises() -> None:
    def reply(request: Recorded) -> Reply:
        return Reply(200, b"<html>maintenance</html>", {"Content-Type": "text/html"})

    with scripted_server(reply) as server, client_for(server) as client:
        with pytest.raises(json.JSONDecodeError):
            list_jobs.sync_detailed(client=client, team_name="my-team")
