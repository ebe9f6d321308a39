"""Jobs: create, list, read, cancel, upload files for them, wait for them, follow their logs.

`follow` / `follow_events` read Studio's live log stream (a WebSocket; `_logstream` says how,
asyncapi.yaml what goes over it) and poll the REST log only where the stream cannot be had.

Retry policy: reads, `logs` and `cancel` are retried on any transient failure; `create` and
`upload` only when Studio cannot have acted on the request (no connection was made, or it
answered 429 or 503), so a job is never created twice.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any, TypeAlias

import httpx2

from datachain_studio_api.api.jobs import (
    cancel_job,
    create_job,
    get_job_logs,
    list_jobs,
    upload_job_file,
)
from datachain_studio_api.models import (
    ActionFeedback,
    JobCancelInput,
    JobInput,
    JobLogsOutput,
    JobOutput,
    JobStatus,
    JobStatusGroup,
    QueryType,
    UploadFileOutput,
)

from .. import _validation as check
from .._base_client import (
    APICall,
    Timeout,
    check_retries,
    check_timeout,
)
from .._deadline import Deadline
from .._exceptions import APIStatusError, InvalidRequestError, WaitTimeoutError, make_status_error
from .._logstream import (
    Reconnect,
    _Follow,
)
from .._upload import FileInput, ProgressCallback, prepare_upload
from ._base import EACH_TIMEOUT, Resource, Team

JobId: TypeAlias = str | uuid.UUID
"""A job's id: a `uuid.UUID` (as `JobOutput.id` is) or its text."""
StatusFilter: TypeAlias = JobStatus | JobStatusGroup | str
"""What `jobs.list(status=...)` takes: a `JobStatus`, `ACTIVE`/`INACTIVE` (`JobStatusGroup`),
or the name of either in any case."""

FOLLOW_TIMEOUT = EACH_TIMEOUT + " It bounds each opening of the stream too."
"""What `timeout` bounds in `follow` and `follow_events`."""

FINISHED_STATUSES = frozenset({"COMPLETE", "FAILED", "CANCELED", "TASK"})
"""Job statuses after which a job no longer changes."""


def is_finished(job: JobOutput) -> bool:
    """Whether the job has reached a final status."""
    return _status_text(job.status) in FINISHED_STATUSES


def _status_text(status: object) -> str:
    return str(getattr(status, "value", status))


class _JobsCalls(Resource):
    def _list(
        self,
        status: object,
        limit: int | None,
        job_id: object,
        include_steps: bool | None,
        team: Team,
    ) -> APICall[list[JobOutput]]:
        request = list_jobs.request(
            team_name=self._team(team),
            status=(
                None
                if status is None
                else check.status_filter(status, "status", JobStatus, JobStatusGroup)
            ),
            limit=check.in_range(limit, "limit", 1),
            job_id=check.optional_uuid_id(job_id, "job_id"),
            include_steps=check.optional_bool(include_steps, "include_steps"),
        )
        return APICall.of(request, idempotent=True)

    def _create(self, query: str, team: Team, options: Mapping[str, Any]) -> APICall[JobOutput]:
        if not isinstance(query, str) or not query.strip():
            raise InvalidRequestError(
                "query must be a non-empty string (the script or commands to run)"
            )
        check.exclusive(
            compute_cluster_name=options["compute_cluster_name"],
            compute_cluster_id=options["compute_cluster_id"],
        )
        query_type = options["query_type"]
        try:
            kind = (
                QueryType(_status_text(query_type).upper())
                if query_type is not None
                else QueryType.PYTHON
            )
        except ValueError:
            raise InvalidRequestError(
                f"query_type must be PYTHON or SHELL, got {query_type!r}"
            ) from None
        cluster_id = options["compute_cluster_id"]
        body = JobInput(
            query=query,
            query_type=kind,
            team_name=self._team(team),
            environment=check.environment(options["environment"]),
            workers=check.in_range(options["workers"], "workers", 1),
            query_name=check.optional_text(options["query_name"], "query_name"),
            files=check.file_ids(options["files"]),
            python_version=check.optional_text(options["python_version"], "python_version"),
            requirements=check.lines(options["requirements"], "requirements"),
            repository=check.optional_text(options["repository"], "repository"),
            priority=check.in_range(options["priority"], "priority", 0, 5),
            compute_cluster_name=(
                check.optional_text(options["compute_cluster_name"], "compute_cluster_name")
            ),
            compute_cluster_id=None if cluster_id is None else _cluster_id(cluster_id),
            start_after=check.timestamp(options["start_after"], "start_after"),
            cron_expression=check.cron(options["cron_expression"]),
            credentials_name=check.optional_text(options["credentials_name"], "credentials_name"),
            rerun_from_job_id=(
                check.optional_uuid_id(options["rerun_from_job_id"], "rerun_from_job_id")
            ),
            reset=check.optional_bool(options["reset"], "reset"),
        )
        return APICall.of(create_job.request(body=body), idempotent=False)

    def _logs(self, job_id: object, team: Team) -> APICall[JobLogsOutput]:
        request = get_job_logs.request(
            check.uuid_id(job_id, "job_id"), team_name=self._optional_team(team)
        )
        return APICall.of(request, idempotent=True)

    def _cancel(self, job_id: object, team: Team) -> APICall[ActionFeedback]:
        request = cancel_job.request(
            check.uuid_id(job_id, "job_id"), body=JobCancelInput(team_name=self._team(team))
        )
        return APICall.of(request, idempotent=True)

    def _follower(
        self,
        job_id: object,
        *,
        no_follow: object,
        wait_timeout: object,
        poll_interval: object,
        stream: object,
        reconnect: object,
        team: Team,
        timeout: Timeout | None,
        max_retries: int | None,
    ) -> _Follow:
        """The checked arguments of `follow` / `follow_events`, and the follow's state."""
        wait = _Wait(
            job_id, wait_timeout, poll_interval, timeout, max_retries, "to end (following its log)"
        )
        if reconnect is not None and not isinstance(reconnect, Reconnect):
            raise InvalidRequestError(
                f"reconnect must be a datachain_studio.Reconnect or None, got {reconnect!r}"
            )
        return _Follow(
            self._api,
            str(wait.job_id),
            self._team(team),
            deadline=wait.deadline,
            poll_interval=wait.interval,
            no_follow=check.flag(no_follow, "no_follow"),
            stream=check.flag(stream, "stream"),
            reconnect=reconnect or Reconnect(),
            limits=wait.limits,
        )

    def _upload(
        self, file: FileInput, filename: str | None, progress: ProgressCallback | None, team: Team
    ) -> APICall[UploadFileOutput]:
        team_name = self._team(team)
        body = prepare_upload(file, filename=filename, progress=progress)
        request = upload_job_file.request(team_name=team_name)
        return APICall.of(request, idempotent=False, upload=body)


def _cluster_id(value: object) -> int | str:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise InvalidRequestError(
            f"compute_cluster_id must be an integer or a string id, got {value!r}"
        )
    if isinstance(value, int):
        return value
    return check.text_id(value, "compute_cluster_id")


class _Wait:
    """The checked arguments of `wait` / `follow`, checked before the first request, and the
    one deadline of the whole wait."""

    def __init__(
        self,
        job_id: object,
        wait_timeout: object,
        poll: object,
        timeout: Timeout | None,
        max_retries: int | None,
        what: str = "to finish",
    ) -> None:
        self.job_id = check.uuid_id(job_id, "job_id")
        limit = check.wait_limit(wait_timeout)
        self.interval = check.poll_interval(poll)
        self.limits = None if timeout is None else check_timeout(timeout)
        """How each request is bounded, when the call sets it (checked once, here)."""
        if max_retries is not None:
            check_retries(max_retries)
        self.last: JobOutput | None = None
        self.deadline = Deadline(
            limit,
            lambda: WaitTimeoutError(
                f"Timed out waiting for job {self.job_id} {what}", last=self.last
            ),
        )

    def pause(self) -> float:
        """How long to sleep before polling again; `WaitTimeoutError` if the time is up."""
        return self.deadline.cap(self.interval)


def _not_found(call: APICall[Any], base_url: str, job_id: object) -> APIStatusError:
    """The error for a job the list did not return, as if Studio had answered 404."""
    request = httpx2.Request(call.method, base_url + call.path, params=call.params)
    return make_status_error(
        httpx2.Response(404, json={"detail": f"No job with id {job_id}"}, request=request)
    )
