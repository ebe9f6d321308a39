"""The peers of the benchmark rows: the `JobOutput` shape of openapi.yaml as a pydantic v2
model and as msgspec Structs, with a decoder of a job list for each, and as an openai-python
model, for the openai client's generic `get(path, cast_to=list[Job])`.

The models keep what the spec says, as our client's `JobOutput` does: `uuid.UUID` ids, aware
`datetime`s, known statuses and query types as enums (any other string kept as it is: the
spec's `anyOf: [enum, string]`), the nested `steps` list, and every optional field with its
default. Each model is built when it is asked for, so that this module imports without the
peers installed (`bench/requirements.txt`). No `from __future__ import
annotations` here: msgspec resolves a Struct's annotations in the module's globals, and these
classes are local.
"""

import datetime as dt
import enum
import uuid
from collections.abc import Callable
from typing import Annotated, Any


class JobStatus(enum.StrEnum):
    CREATED = "CREATED"
    QUEUED = "QUEUED"
    INIT = "INIT"
    RUNNING = "RUNNING"
    COMPLETE = "COMPLETE"
    FAILED = "FAILED"
    CANCELING = "CANCELING"
    CANCELED = "CANCELED"
    CANCELING_SCHEDULED = "CANCELING_SCHEDULED"
    SCHEDULED = "SCHEDULED"
    TASK = "TASK"
    PROVISIONING = "PROVISIONING"
    PENDING = "PENDING"


class JobStepStatus(enum.StrEnum):
    STARTED = "STARTED"
    FINISHED = "FINISHED"


class QueryType(enum.StrEnum):
    PYTHON = "PYTHON"
    SHELL = "SHELL"


def pydantic_decoder() -> Callable[[bytes], list[Any]]:
    """`TypeAdapter(list[Job]).validate_json`, for a pydantic v2 `Job` of the spec's shape.

    The enum-or-string fields try the enum first (`union_mode="left_to_right"`): pydantic's
    default "smart" union would keep every JSON string as a `str`, an exact match."""
    from pydantic import AwareDatetime, BaseModel, Field, TypeAdapter

    class JobStep(BaseModel):
        name: str
        label: str | None = None
        status: JobStepStatus | str = Field(union_mode="left_to_right")
        started_at: AwareDatetime | None = None
        finished_at: AwareDatetime | None = None

    class Job(BaseModel):
        id: uuid.UUID
        url: str | None = None
        status: JobStatus | str = Field(union_mode="left_to_right")
        created_at: AwareDatetime
        started_at: AwareDatetime | None = None
        created_by: str
        finished_at: AwareDatetime | None = None
        query: str
        query_type: QueryType | str = Field(union_mode="left_to_right")
        team: str
        name: str
        workers: int
        python_version: str | None = None
        requirements: str | None = None
        repository: str | None = None
        environment: dict[str, str] | None = None
        exit_code: int | None = None
        error_message: str | None = None
        error_stack: str | None = None
        params: dict[str, Any] | None = None
        metrics: dict[str, Any] | None = None
        parent_job_id: uuid.UUID | None = None
        rerun_from_job_id: uuid.UUID | None = None
        run_group_id: uuid.UUID | None = None
        compute_cluster_id: int | str | None = None
        compute_cluster_name: str | None = None
        steps: list[JobStep] | None = None

    return TypeAdapter(list[Job]).validate_json


def msgspec_decoder() -> Callable[[bytes], list[Any]]:
    """`msgspec.json.decode(content, type=list[Job])`, with msgspec Structs of the spec's shape.

    msgspec takes no union of an enum and `str`, so `status` and `query_type` are decoded as
    `str` and turned into the enum member in `__post_init__` when the value is a known one
    (which is what the spec's `anyOf: [enum, string]` gives in the other two clients)."""
    import msgspec

    aware = Annotated[dt.datetime, msgspec.Meta(tz=True)]
    job_status = {member.value: member for member in JobStatus}
    step_status = {member.value: member for member in JobStepStatus}
    query_type = {member.value: member for member in QueryType}

    class JobStep(msgspec.Struct):
        name: str
        status: str
        label: str | None = None
        started_at: aware | None = None
        finished_at: aware | None = None

        def __post_init__(self) -> None:
            self.status = step_status.get(self.status, self.status)

    class Job(msgspec.Struct):
        id: uuid.UUID
        status: str
        created_at: aware
        created_by: str
        query: str
        query_type: str
        team: str
        name: str
        workers: int
        url: str | None = None
        started_at: aware | None = None
        finished_at: aware | None = None
        python_version: str | None = None
        requirements: str | None = None
        repository: str | None = None
        environment: dict[str, str] | None = None
        exit_code: int | None = None
        error_message: str | None = None
        error_stack: str | None = None
        params: dict[str, Any] | None = None
        metrics: dict[str, Any] | None = None
        parent_job_id: uuid.UUID | None = None
        rerun_from_job_id: uuid.UUID | None = None
        run_group_id: uuid.UUID | None = None
        compute_cluster_id: int | str | None = None
        compute_cluster_name: str | None = None
        steps: list[JobStep] | None = None

        def __post_init__(self) -> None:
            self.status = job_status.get(self.status, self.status)
            self.query_type = query_type.get(self.query_type, self.query_type)

    decoder = msgspec.json.Decoder(list[Job])
    return decoder.decode


def openai_job_list() -> Any:
    """`list[Job]` for the `cast_to` of openai-python's `client.get(path, cast_to=...)`, with
    `Job` an `openai.BaseModel` of the spec's shape.

    openai-python builds such a model from the decoded JSON without validating it (as it does
    for its own API's answers unless `_strict_response_validation` is on), converting each
    value to its declared type where it can."""
    from openai import BaseModel

    class JobStep(BaseModel):
        name: str
        label: str | None = None
        status: JobStepStatus | str
        started_at: dt.datetime | None = None
        finished_at: dt.datetime | None = None

    class Job(BaseModel):
        id: uuid.UUID
        url: str | None = None
        status: JobStatus | str
        created_at: dt.datetime
        started_at: dt.datetime | None = None
        created_by: str
        finished_at: dt.datetime | None = None
        query: str
        query_type: QueryType | str
        team: str
        name: str
        workers: int
        python_version: str | None = None
        requirements: str | None = None
        repository: str | None = None
        environment: dict[str, str] | None = None
        exit_code: int | None = None
        error_message: str | None = None
        error_stack: str | None = None
        params: dict[str, Any] | None = None
        metrics: dict[str, Any] | None = None
        parent_job_id: uuid.UUID | None = None
        rerun_from_job_id: uuid.UUID | None = None
        run_group_id: uuid.UUID | None = None
        compute_cluster_id: int | str | None = None
        compute_cluster_name: str | None = None
        steps: list[JobStep] | None = None

    return list[Job]


# The field names of `JobOutput` and `JobStep` in openapi.yaml: the same attribute names in
# our client's models and in both peers'.
JOB_FIELDS = (
    "id",
    "url",
    "status",
    "created_at",
    "started_at",
    "created_by",
    "finished_at",
    "query",
    "query_type",
    "team",
    "name",
    "workers",
    "python_version",
    "requirements",
    "repository",
    "environment",
    "exit_code",
    "error_message",
    "error_stack",
    "params",
    "metrics",
    "parent_job_id",
    "rerun_from_job_id",
    "run_group_id",
    "compute_cluster_id",
    "compute_cluster_name",
    "steps",
)
STEP_FIELDS = ("name", "label", "status", "started_at", "finished_at")


def read_every_field(jobs: list[Any]) -> None:
    """Read every field of every job and of every step once, as a program that uses them all
    would: a model that converts a field when it is first read pays for it here."""
    for job in jobs:
        for name in JOB_FIELDS:
            getattr(job, name)
        for step in job.steps or ():
            for name in STEP_FIELDS:
                getattr(step, name)


def read_every_key(jobs: list[dict[str, Any]]) -> None:
    """What `read_every_field` is measured against: the decoded JSON with every key of every
    job object and of every step object read once (`job[key]` for each key it has)."""
    for job in jobs:
        for key in job:
            job[key]
        for step in job.get("steps") or ():
            for key in step:
                step[key]


PEERS: dict[str, tuple[str, Callable[[], Callable[[bytes], list[Any]]]]] = {
    "pydantic": ("pydantic", pydantic_decoder),
    "msgspec": ("msgspec", msgspec_decoder),
}


# The package of each peer that runs in this process (datachain runs in a venv of its own).
PACKAGES = {"pydantic": "pydantic", "msgspec": "msgspec", "openai": "openai"}


def peer_version(name: str) -> str | None:
    """The installed version of a peer's package, or None when it is not installed."""
    from importlib import metadata

    try:
        return metadata.version(PACKAGES[name])
    except metadata.PackageNotFoundError:
        return None
