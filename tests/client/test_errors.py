"""Every error status maps to its exception class; surprising bodies never crash a call."""

from __future__ import annotations

import asyncio
import copy
import json
import uuid
from typing import Any

import pytest

from datachain_studio import (
    APIResponseValidationError,
    APIStatusError,
    AsyncStudio,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    Studio,
    StudioError,
    UnprocessableEntityError,
)
from datachain_studio.types import JobOutput
from tests.spec import SPEC
from tests.support.server import Recorded, Reply, json_reply, scripted_server

REAL_JOB = SPEC["components"]["schemas"]["JobOutput"]["examples"][1]


def _studio(url: str, **options: Any) -> Studio:
    return Studio(token="isat_secret", url=url, team="t", max_retries=0, **options)


@pytest.mark.parametrize(
    ("status", "body", "kind", "message"),
    [
        (400, {"message": "Bad request"}, BadRequestError, "Bad request"),
        (401, {"detail": "Invalid token"}, AuthenticationError, "Invalid token"),
        (403, {"detail": "Not authorized for the team t"}, PermissionDeniedError, "Not authorized"),
        (404, {"message": "Dataset not found"}, NotFoundError, "Dataset not found"),
        (409, {"detail": "exists"}, ConflictError, "exists"),
        (
            422,
            {
                "detail": [
                    {"loc": ["body", "priority"], "msg": "Input should be less than or equal to 5"}
                ]
            },
            UnprocessableEntityError,
            "body.priority: Input should be less than or equal to 5",
        ),
        (429, {"detail": "slow down"}, RateLimitError, "slow down"),
        (500, {"message": "Internal error"}, InternalServerError, "Internal error"),
        (418, {"detail": "teapot"}, APIStatusError, "teapot"),
        (499, b"", APIStatusError, "499"),
        (520, b"", InternalServerError, "520"),
        (599, {"message": "gateway"}, InternalServerError, "gateway"),
        (
            502,
            b"<html><head><title>502 Bad Gateway</title></head><body><h1>nginx</h1></body></html>",
            InternalServerError,
            "502 Bad Gateway",
        ),
        (503, b"", InternalServerError, "Service Unavailable"),
    ],
)
def test_each_status_raises_its_class_with_the_servers_words(
    status: int, body: Any, kind: type[APIStatusError], message: str
) -> None:
    def reply(request: Recorded) -> Reply:
        if isinstance(body, bytes):
            return Reply(status, body, {"Content-Type": "text/html"} if body else {})
        return json_reply(body, status, **{"x-request-id": "req-123"})

    with scripted_server(reply) as server, _studio(server.url) as studio:
        with pytest.raises(kind) as raised:
            studio.jobs.list()
    error = raised.value
    assert type(error) is kind
    assert isinstance(error, StudioError)
    assert error.status_code == status
    assert message in error.message
    assert message in str(error)
    assert "isat_secret" not in str(error) + repr(error)
    assert error.response.status_code == status
    if not isinstance(body, bytes):
        assert error.body == body
        assert error.request_id == "req-123"


def _serve_job(job: Any) -> Any:
    def reply(request: Recorded) -> Reply:
        return json_reply([job])

    return scripted_server(reply)


def test_real_payload_shapes_parse_loosely_and_strictly() -> None:
    with _serve_job(REAL_JOB) as server:
        for strict in (False, True):
            with _studio(server.url, strict=strict) as studio:
                (job,) = studio.jobs.list()
            assert isinstance(job, JobOutput)
            assert job.compute_cluster_id == "k3f9x2mq7a"
            assert [step.name for step in job.steps] == ["waiting", "running_query"]
            assert job.url == REAL_JOB["url"]


def test_a_job_without_its_url_reads_loosely_and_is_refused_strictly() -> None:
    # Studio's own document requires `url`: strict reading refuses a job without it, loose
    # reading reads it as None.
    job = {key: value for key, value in REAL_JOB.items() if key != "url"}
    with _serve_job(job) as server:
        with _studio(server.url) as studio:
            (loose,) = studio.jobs.list()
        with (
            _studio(server.url, strict=True) as studio,
            pytest.raises(APIResponseValidationError, match=r"\[0\]\.url: required field"),
        ):
            studio.jobs.list()
    assert loose.url is None and loose.id == uuid.UUID(REAL_JOB["id"])


@pytest.mark.parametrize(
    ("change", "field", "kept"),
    [
        ({"created_by": None}, "created_by", lambda job: job.created_by),
        ({"created_at": "last tuesday"}, "created_at", lambda job: job.created_at),
        ({"id": "not-a-uuid"}, "id", lambda job: job.id),
        ({"workers": "two"}, "workers", lambda job: job.workers),
        (
            {"steps": [{"name": "waiting", "status": "STARTED", "started_at": 5}]},
            "steps[0].started_at",
            lambda job: [
                {"name": "waiting", "status": "STARTED", "started_at": job.steps[0].started_at}
            ],
        ),
    ],
)
def test_surprising_fields_are_kept_loosely_and_refused_strictly(
    change: dict[str, Any], field: str, kept: Any
) -> None:
    job = {**REAL_JOB, **change}
    with _serve_job(job) as server:
        with _studio(server.url) as studio:
            (loose,) = studio.jobs.list()
        with (
            _studio(server.url, strict=True) as studio,
            pytest.raises(APIResponseValidationError) as raised,
        ):
            studio.jobs.list()
    assert kept(loose) == next(iter(change.values()))
    assert loose.query == REAL_JOB["query"]
    assert field in str(raised.value)
    assert raised.value.body == [job]


def test_missing_fields_extra_fields_and_new_statuses() -> None:
    job = copy.deepcopy(REAL_JOB)
    del job["created_by"]
    job["status"] = "HIBERNATING"
    job["brand_new_field"] = {"nested": [1, 2]}
    with _serve_job(job) as server:
        with _studio(server.url) as studio:
            (loose,) = studio.jobs.list()
        with (
            _studio(server.url, strict=True) as studio,
            pytest.raises(APIResponseValidationError, match="created_by"),
        ):
            studio.jobs.list()
    assert loose.status == "HIBERNATING"
    assert loose.model_extra["brand_new_field"] == {"nested": [1, 2]}
    assert not loose.created_by


def test_a_new_status_is_fine_even_strictly() -> None:
    with (
        _serve_job({**REAL_JOB, "status": "HIBERNATING"}) as server,
        _studio(server.url, strict=True) as studio,
    ):
        (job,) = studio.jobs.list()
    assert job.status == "HIBERNATING"


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b'[{"id": "497f6eca', "application/json"),
        (b"<html><body>Maintenance</body></html>", "text/html"),
        (b"", "application/json"),
        (b"null", "application/json"),
        (b'{"not": "a list"}', "application/json"),
    ],
)
@pytest.mark.parametrize("strict", [False, True])
def test_a_success_status_with_a_broken_body(body: bytes, content_type: str, strict: bool) -> None:
    def reply(request: Recorded) -> Reply:
        return Reply(200, body, {"Content-Type": content_type})

    with scripted_server(reply) as server, _studio(server.url, strict=strict) as studio:
        try:
            result = studio.jobs.list()
        except APIResponseValidationError as error:
            assert error.response.status_code == 200
        else:
            # Loose reading keeps JSON it cannot type, rather than crash.
            assert not strict
            assert result == json.loads(body)


def test_invalid_json_is_always_a_validation_error() -> None:
    def reply(request: Recorded) -> Reply:
        return Reply(200, b"{oops", {"Content-Type": "application/json"})

    with scripted_server(reply) as server, _studio(server.url) as studio:
        with pytest.raises(APIResponseValidationError, match="not JSON"):
            studio.jobs.list()


def test_async_client_raises_the_same_classes() -> None:
    def reply(request: Recorded) -> Reply:
        return json_reply({"message": "Dataset not found"}, 404)

    async def run(url: str) -> None:
        async with AsyncStudio(token="isat_secret", url=url, team="t", max_retries=0) as studio:
            with pytest.raises(NotFoundError, match="Dataset not found"):
                await studio.pipelines.get("nope")

    with scripted_server(reply) as server:
        asyncio.run(run(server.url))


def test_get_of_an_unknown_job_is_not_found() -> None:
    with scripted_server(lambda request: json_reply([])) as server, _studio(server.url) as studio:
        with pytest.raises(NotFoundError, match="No job with id"):
            studio.jobs.get("497f6eca-6276-4993-bfeb-53cbbbba6f08")
