from __future__ import annotations

from typing import TYPE_CHECKING, Any
from uuid import UUID

from ..models.query_type import QueryType
from ..types import (
    _BOOL,
    _INT,
    _STR,
    _UUID,
    Model,
    _bind,
    _Deferred,
    _Enum,
    _Field,
    _List,
    _to_json,
    _Union,
)


class JobInput(Model):
    """What a job runs and how. Optional fields may be `null` (the official client sends them
    all). `compute_cluster_name` and `compute_cluster_id` are mutually exclusive.

    Read-only: a field reads `None` when Studio left it out or sent `null`.
    Build one with keyword arguments (a request body): an argument left out or `None` is not
    sent.
    """

    __slots__ = ()

    def __init__(
        self,
        *,
        query: str,
        query_type: QueryType,
        team_name: str | None = None,
        environment: str | None = None,
        workers: int | None = None,
        query_name: str | None = None,
        rerun_from_job_id: UUID | None = None,
        reset: bool | None = None,
        files: list[str] | None = None,
        python_version: str | None = None,
        requirements: str | None = None,
        repository: str | None = None,
        priority: int | None = None,
        compute_cluster_name: str | None = None,
        compute_cluster_id: int | str | None = None,
        start_after: str | None = None,
        cron_expression: str | None = None,
        credentials_name: str | None = None,
    ) -> None:
        # `_sent`: no field of the contract gets a Python name with a leading underscore
        _sent: dict[str, Any] = {}
        _sent["query"] = _to_json(query)
        _sent["query_type"] = _to_json(query_type)
        if team_name is not None:
            _sent["team_name"] = _to_json(team_name)
        if environment is not None:
            _sent["environment"] = _to_json(environment)
        if workers is not None:
            _sent["workers"] = _to_json(workers)
        if query_name is not None:
            _sent["query_name"] = _to_json(query_name)
        if rerun_from_job_id is not None:
            _sent["rerun_from_job_id"] = _to_json(rerun_from_job_id)
        if reset is not None:
            _sent["reset"] = _to_json(reset)
        if files is not None:
            _sent["files"] = _to_json(files)
        if python_version is not None:
            _sent["python_version"] = _to_json(python_version)
        if requirements is not None:
            _sent["requirements"] = _to_json(requirements)
        if repository is not None:
            _sent["repository"] = _to_json(repository)
        if priority is not None:
            _sent["priority"] = _to_json(priority)
        if compute_cluster_name is not None:
            _sent["compute_cluster_name"] = _to_json(compute_cluster_name)
        if compute_cluster_id is not None:
            _sent["compute_cluster_id"] = _to_json(compute_cluster_id)
        if start_after is not None:
            _sent["start_after"] = _to_json(start_after)
        if cron_expression is not None:
            _sent["cron_expression"] = _to_json(cron_expression)
        if credentials_name is not None:
            _sent["credentials_name"] = _to_json(credentials_name)
        _bind(self, _sent)

    @staticmethod
    def _declare() -> tuple[_Field, ...]:
        return (
            _Field("query", "query", _STR, True, False),
            _Field("query_type", "query_type", _Enum(QueryType, open=False), True, False),
            _Field("team_name", "team_name", _STR, False, False),
            _Field("environment", "environment", _STR, False, True),
            _Field("workers", "workers", _INT, False, True),
            _Field("query_name", "query_name", _STR, False, True),
            _Field("rerun_from_job_id", "rerun_from_job_id", _UUID, False, True),
            _Field("reset", "reset", _BOOL, False, True),
            _Field("files", "files", _List(_STR), False, True),
            _Field("python_version", "python_version", _STR, False, True),
            _Field("requirements", "requirements", _STR, False, True),
            _Field("repository", "repository", _STR, False, True),
            _Field("priority", "priority", _INT, False, True),
            _Field("compute_cluster_name", "compute_cluster_name", _STR, False, True),
            _Field("compute_cluster_id", "compute_cluster_id", _Union(_INT, _STR), False, True),
            _Field("start_after", "start_after", _STR, False, True),
            _Field("cron_expression", "cron_expression", _STR, False, True),
            _Field("credentials_name", "credentials_name", _STR, False, True),
        )

    # The fields: read-only properties for the type checkers; at run time a `_Deferred` each,
    # and the first read of any of them puts them all in the model's `__dict__` (converted),
    # where later reads find them.
    if TYPE_CHECKING:

        @property
        def query(self) -> str:
            """The Python script or shell commands to run."""

        @property
        def query_type(self) -> QueryType:
            """How Studio runs a job's query."""

        @property
        def team_name(self) -> str | None:
            """The team the job is for (a string, never `null`, as Studio declares it)."""

        @property
        def environment(self) -> str | None:
            """Environment variables, one `NAME=value` per line."""

        @property
        def workers(self) -> int | None: ...

        @property
        def query_name(self) -> str | None:
            """A name for the job (the official client uses the script's file name)."""

        @property
        def rerun_from_job_id(self) -> UUID | None: ...

        @property
        def reset(self) -> bool | None:
            """With `rerun_from_job_id`, start over instead of reusing finished steps."""

        @property
        def files(self) -> list[str] | None:
            """Ids of uploaded files, as text: `UploadFileOutput.id` is an integer (`"id": 1`), but
            Studio declares the ids as strings, the reference's example gives them so
            (`["2", "3"]`) and the official client sends them so."""

        @property
        def python_version(self) -> str | None: ...

        @property
        def requirements(self) -> str | None:
            """pip requirements, one per line."""

        @property
        def repository(self) -> str | None:
            """A git repository to check out for the job."""

        @property
        def priority(self) -> int | None:
            """0 (lowest) to 5 (highest)."""

        @property
        def compute_cluster_name(self) -> str | None: ...

        @property
        def compute_cluster_id(self) -> int | str | None:
            """An integer id, or a string id on newer servers."""

        @property
        def start_after(self) -> str | None:
            """A moment to start at, in ISO 8601: an RFC 3339 date-time, or the same without an
            offset.
            Beyond the reference: the official client sends the offset-less form for a
            `--start-time` typed without a zone (`2030-01-15T14:30:00`, from `dateparser`), and
            Studio takes it. Assumed here, as nothing shows Studio's zone: an offset-less time
            is UTC. Clients that can should send an offset."""

        @property
        def cron_expression(self) -> str | None:
            """Run repeatedly on this five-field cron expression."""

        @property
        def credentials_name(self) -> str | None:
            """Named cloud credentials for the job to use."""

    else:
        query = _Deferred("The Python script or shell commands to run.")
        query_type = _Deferred("How Studio runs a job's query.")
        team_name = _Deferred("The team the job is for (a string, never `null`, as Studio declares it).")
        environment = _Deferred("Environment variables, one `NAME=value` per line.")
        workers = _Deferred()
        query_name = _Deferred("A name for the job (the official client uses the script's file name).")
        rerun_from_job_id = _Deferred()
        reset = _Deferred("With `rerun_from_job_id`, start over instead of reusing finished steps.")
        files = _Deferred(
            'Ids of uploaded files, as text: `UploadFileOutput.id` is an integer (`"id": 1`), butStudio declares the ids as strings, the reference\'s example gives them so(`["2", "3"]`) and the official client sends them so.'
        )
        python_version = _Deferred()
        requirements = _Deferred("pip requirements, one per line.")
        repository = _Deferred("A git repository to check out for the job.")
        priority = _Deferred("0 (lowest) to 5 (highest).")
        compute_cluster_name = _Deferred()
        compute_cluster_id = _Deferred("An integer id, or a string id on newer servers.")
        start_after = _Deferred(
            "A moment to start at, in ISO 8601: an RFC 3339 date-time, or the same without an offset.Beyond the reference: the official client sends the offset-less form for a`--start-time` typed without a zone (`2030-01-15T14:30:00`, from `dateparser`), andStudio takes it. Assumed here, as nothing shows Studio's zone: an offset-less timeis UTC. Clients that can should send an offset."
        )
        cron_expression = _Deferred("Run repeatedly on this five-field cron expression.")
        credentials_name = _Deferred("Named cloud credentials for the job to use.")
