"""Jobs: create, list, read, cancel, upload files for them, wait for them, follow their logs.

Retry policy: reads, `logs` and `cancel` are retried on any transient failure; `create` and
`upload` only when Studio cannot have acted on the request (no connection was made, or it
answered 429 or 503), so a job is never created twice.
"""

from __future__ import annotations

import datetime as dt
import io
import time
import uuid
from collections.abc import AsyncIterator, Iterable, Iterator, Mapping
from typing import Any, TypeAlias

import httpx

from datachain_studio_api.api.jobs import (
    cancel_job,
    create_job,
    get_job_logs,
    list_jobs,
    upload_job_file,
)
from datachain_studio_api.models import (
    ActionFeedback,
    FileParams,
    JobCancelInput,
    JobInput,
    JobLogsOutput,
    JobOutput,
    JobStatus,
    JobStatusGroup,
    QueryType,
    UploadFileOutput,
)
from datachain_studio_api.types import File, Unset

from .. import _validation as check
from .._base_client import (
    APICall,
    Timeout,
    _async_sleep,
    call_from_kwargs,
    check_retries,
    check_timeout,
)
from .._exceptions import APIStatusError, InvalidRequestError, WaitTimeoutError, make_status_error
from .._upload import FileInput, ProgressCallback, prepare_upload
from ._base import AsyncResource, Resource, SyncResource, Team, given

JobId: TypeAlias = str | uuid.UUID
"""A job's id: a `uuid.UUID` (as `JobOutput.id` is) or its text."""
StatusFilter: TypeAlias = JobStatus | JobStatusGroup | str
"""What `jobs.list(status=...)` takes: a `JobStatus`, `ACTIVE`/`INACTIVE` (`JobStatusGroup`),
or the name of either in any case."""

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
        kwargs = list_jobs._get_kwargs(
            team_name=self._team(team),
            status=given(
                None
                if status is None
                else check.status_filter(status, "status", JobStatus, JobStatusGroup)
            ),
            limit=given(check.in_range(limit, "limit", 1)),
            job_id=given(check.optional_uuid_id(job_id, "job_id")),
            include_steps=given(check.optional_bool(include_steps, "include_steps")),
        )
        return call_from_kwargs(kwargs, list[JobOutput], idempotent=True)

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
            environment=given(check.environment(options["environment"])),
            workers=given(check.in_range(options["workers"], "workers", 1)),
            query_name=given(check.optional_text(options["query_name"], "query_name")),
            files=given(check.file_ids(options["files"])),
            python_version=given(check.optional_text(options["python_version"], "python_version")),
            requirements=given(check.lines(options["requirements"], "requirements")),
            repository=given(check.optional_text(options["repository"], "repository")),
            priority=given(check.in_range(options["priority"], "priority", 0, 5)),
            compute_cluster_name=given(
                check.optional_text(options["compute_cluster_name"], "compute_cluster_name")
            ),
            compute_cluster_id=given(None if cluster_id is None else _cluster_id(cluster_id)),
            start_after=given(check.timestamp(options["start_after"], "start_after")),
            cron_expression=given(check.cron(options["cron_expression"])),
            credentials_name=given(
                check.optional_text(options["credentials_name"], "credentials_name")
            ),
            rerun_from_job_id=given(
                check.optional_uuid_id(options["rerun_from_job_id"], "rerun_from_job_id")
            ),
            reset=given(check.optional_bool(options["reset"], "reset")),
        )
        return call_from_kwargs(create_job._get_kwargs(body=body), JobOutput, idempotent=False)

    def _logs(self, job_id: object, team: Team) -> APICall[JobLogsOutput]:
        kwargs = get_job_logs._get_kwargs(
            check.uuid_id(job_id, "job_id"), team_name=self._optional_team(team)
        )
        return call_from_kwargs(kwargs, JobLogsOutput, idempotent=True)

    def _cancel(self, job_id: object, team: Team) -> APICall[ActionFeedback]:
        kwargs = cancel_job._get_kwargs(
            check.uuid_id(job_id, "job_id"), body=JobCancelInput(team_name=self._team(team))
        )
        return call_from_kwargs(kwargs, ActionFeedback, idempotent=True)

    def _upload(
        self, file: FileInput, filename: str | None, progress: ProgressCallback | None, team: Team
    ) -> APICall[UploadFileOutput]:
        team_name = self._team(team)
        body = prepare_upload(file, filename=filename, progress=progress)
        placeholder = FileParams(file=File(payload=io.BytesIO()))
        kwargs = upload_job_file._get_kwargs(body=placeholder, team_name=team_name)
        call = call_from_kwargs(kwargs, UploadFileOutput, idempotent=False)
        return APICall(
            call.method, call.path, call.result, params=call.params, upload=body, idempotent=False
        )


def _cluster_id(value: object) -> int | str:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise InvalidRequestError(
            f"compute_cluster_id must be an integer or a string id, got {value!r}"
        )
    if isinstance(value, int):
        return value
    return check.text_id(value, "compute_cluster_id")


class _Wait:
    """The checked arguments of `wait` / `follow`, checked before the first request."""

    def __init__(
        self,
        job_id: object,
        wait_timeout: object,
        poll: object,
        timeout: Timeout | None,
        max_retries: int | None,
    ) -> None:
        self.job_id = check.uuid_id(job_id, "job_id")
        limit = check.wait_limit(wait_timeout)
        self.interval = check.poll_interval(poll)
        if timeout is not None:
            check_timeout(timeout)
        if max_retries is not None:
            check_retries(max_retries)
        self.deadline = None if limit is None else time.monotonic() + limit

    def pause(self, what: str, last: Any) -> float:
        """How long to sleep before polling again; `WaitTimeoutError` if the time is up."""
        if self.deadline is None:
            return self.interval
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise WaitTimeoutError(f"Timed out waiting for {what}", last=last)
        return min(self.interval, left)


def _not_found(call: APICall[Any], base_url: str, job_id: object) -> APIStatusError:
    """The error for a job the list did not return, as if Studio had answered 404."""
    request = httpx.Request(call.method, base_url + call.path, params=call.params)
    return make_status_error(
        httpx.Response(404, json={"detail": f"No job with id {job_id}"}, request=request)
    )


def _new_lines(logs: JobLogsOutput, seen: set[str]) -> list[str]:
    """The log lines not yet seen (a loosely read answer may hold odd values: skip those)."""
    fresh = []
    for line in logs.logs if isinstance(logs.logs, list) else []:
        message = getattr(line, "message", None)
        if not isinstance(message, str):
            continue
        ident = getattr(line, "id", None)
        key = f"message:{message}" if ident is None or isinstance(ident, Unset) else repr(ident)
        if key not in seen:
            seen.add(key)
            fresh.append(message)
    return fresh


class Jobs(_JobsCalls, SyncResource):
    """`studio.jobs`: run queries on Studio and watch them."""

    def list(
        self,
        *,
        status: StatusFilter | None = None,
        limit: int | None = None,
        job_id: JobId | None = None,
        include_steps: bool | None = None,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> list[JobOutput]:
        """The team's jobs, newest first (Studio returns 20 unless `limit` says otherwise).

        `status` is a `JobStatus`, `JobStatusGroup.ACTIVE` / `INACTIVE` (not finished /
        finished), or the name of one in any case (`"complete"` sends `COMPLETE`); an
        unknown name raises `InvalidRequestError` listing the valid ones.
        """
        call = self._list(status, limit, job_id, include_steps, team)
        return self._client._execute(call, timeout=timeout, max_retries=max_retries)

    def get(
        self,
        job_id: JobId,
        *,
        include_steps: bool | None = None,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> JobOutput:
        """One job; `NotFoundError` if the team has no job with this id."""
        checked = check.uuid_id(job_id, "job_id")
        call = self._list(None, None, checked, include_steps, team)
        for job in self._client._execute(call, timeout=timeout, max_retries=max_retries):
            return job
        raise _not_found(call, self._client.url, checked)

    def create(
        self,
        query: str,
        *,
        query_type: QueryType | str | None = None,
        environment: Mapping[str, str | int | float] | str | Iterable[str] | None = None,
        workers: int | None = None,
        query_name: str | None = None,
        files: Iterable[UploadFileOutput | int | str] | None = None,
        python_version: str | None = None,
        requirements: str | Iterable[str] | None = None,
        repository: str | None = None,
        priority: int | None = None,
        compute_cluster_name: str | None = None,
        compute_cluster_id: int | str | None = None,
        start_after: dt.datetime | str | None = None,
        cron_expression: str | None = None,
        credentials_name: str | None = None,
        rerun_from_job_id: JobId | None = None,
        reset: bool | None = None,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> JobOutput:
        """Create a job that runs `query` (Python by default) and return it.

        `environment` is a mapping of names to strings (an int or float is sent as
        `str()`; bytes, bools, None are refused), or dotenv text / lines read by
        `datachain_studio._validation.parse_env` (`"A=1\\nB='x y'"`).
        """
        options = dict(locals())
        call = self._create(query, team, options)
        return self._client._execute(call, timeout=timeout, max_retries=max_retries)

    def logs(
        self,
        job_id: JobId,
        *,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> JobLogsOutput:
        """The log lines the job has written so far, with its status."""
        return self._client._execute(
            self._logs(job_id, team), timeout=timeout, max_retries=max_retries
        )

    def cancel(
        self,
        job_id: JobId,
        *,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> ActionFeedback:
        """Cancel a queued or running job."""
        return self._client._execute(
            self._cancel(job_id, team), timeout=timeout, max_retries=max_retries
        )

    def upload(
        self,
        file: FileInput,
        *,
        filename: str | None = None,
        progress: ProgressCallback | None = None,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> UploadFileOutput:
        """Upload a file (a path, bytes or a binary file object) for jobs to use.

        The file is streamed from disk; `progress(bytes_sent, total)` is called as it goes.
        """
        call = self._upload(file, filename, progress, team)
        return self._client._execute(call, timeout=timeout, max_retries=max_retries)

    def wait(
        self,
        job_id: JobId,
        *,
        wait_timeout: float | None = None,
        poll_interval: float = 2.0,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> JobOutput:
        """Poll until the job has finished and return it.

        `wait_timeout` bounds the whole wait, in seconds (None: no bound): when it passes
        first, `WaitTimeoutError` (a `TimeoutError`) is raised, with the last job seen as
        `.last`. `timeout` and `max_retries` apply to each poll, as for every other method.
        All arguments are checked before the first request.
        """
        wait = _Wait(job_id, wait_timeout, poll_interval, timeout, max_retries)
        self._team(team)
        while True:
            job = self.get(wait.job_id, team=team, timeout=timeout, max_retries=max_retries)
            if is_finished(job):
                return job
            time.sleep(wait.pause(f"job {wait.job_id} to finish", job))

    def follow(
        self,
        job_id: JobId,
        *,
        wait_timeout: float | None = None,
        poll_interval: float = 1.0,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> Iterator[str]:
        """Yield the job's log lines as they appear, until the job has finished.

        `wait_timeout` bounds the whole follow (`WaitTimeoutError` when it passes);
        `timeout` and `max_retries` apply to each request. The arguments are checked when
        `follow` is called, before the first request.
        """
        wait = _Wait(job_id, wait_timeout, poll_interval, timeout, max_retries)
        self._team(team)
        return self._follow(wait, team, timeout, max_retries)

    def _follow(
        self, wait: _Wait, team: Team, timeout: Timeout | None, max_retries: int | None
    ) -> Iterator[str]:
        job_id = wait.job_id
        options: dict[str, Any] = {"team": team, "timeout": timeout, "max_retries": max_retries}
        seen: set[str] = set()
        while True:
            logs = self.logs(job_id, **options)
            yield from _new_lines(logs, seen)
            status = _status_text(logs.status) if logs.status else None
            if status is None:
                status = _status_text(self.get(job_id, **options).status)
            if status in FINISHED_STATUSES:
                yield from _new_lines(self.logs(job_id, **options), seen)
                return
            time.sleep(wait.pause(f"the logs of job {job_id} to end", None))


class AsyncJobs(_JobsCalls, AsyncResource):
    """`AsyncStudio.jobs`: run queries on Studio and watch them."""

    async def list(
        self,
        *,
        status: StatusFilter | None = None,
        limit: int | None = None,
        job_id: JobId | None = None,
        include_steps: bool | None = None,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> list[JobOutput]:
        """The team's jobs, newest first (Studio returns 20 unless `limit` says otherwise).

        `status` is a `JobStatus`, `JobStatusGroup.ACTIVE` / `INACTIVE` (not finished /
        finished), or the name of one in any case (`"complete"` sends `COMPLETE`); an
        unknown name raises `InvalidRequestError` listing the valid ones.
        """
        call = self._list(status, limit, job_id, include_steps, team)
        return await self._client._execute(call, timeout=timeout, max_retries=max_retries)

    async def get(
        self,
        job_id: JobId,
        *,
        include_steps: bool | None = None,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> JobOutput:
        """One job; `NotFoundError` if the team has no job with this id."""
        checked = check.uuid_id(job_id, "job_id")
        call = self._list(None, None, checked, include_steps, team)
        for job in await self._client._execute(call, timeout=timeout, max_retries=max_retries):
            return job
        raise _not_found(call, self._client.url, checked)

    async def create(
        self,
        query: str,
        *,
        query_type: QueryType | str | None = None,
        environment: Mapping[str, str | int | float] | str | Iterable[str] | None = None,
        workers: int | None = None,
        query_name: str | None = None,
        files: Iterable[UploadFileOutput | int | str] | None = None,
        python_version: str | None = None,
        requirements: str | Iterable[str] | None = None,
        repository: str | None = None,
        priority: int | None = None,
        compute_cluster_name: str | None = None,
        compute_cluster_id: int | str | None = None,
        start_after: dt.datetime | str | None = None,
        cron_expression: str | None = None,
        credentials_name: str | None = None,
        rerun_from_job_id: JobId | None = None,
        reset: bool | None = None,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> JobOutput:
        """Create a job that runs `query` (Python by default) and return it.

        `environment` is a mapping of names to strings (an int or float is sent as
        `str()`; bytes, bools, None are refused), or dotenv text / lines read by
        `datachain_studio._validation.parse_env` (`"A=1\\nB='x y'"`).
        """
        options = dict(locals())
        call = self._create(query, team, options)
        return await self._client._execute(call, timeout=timeout, max_retries=max_retries)

    async def logs(
        self,
        job_id: JobId,
        *,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> JobLogsOutput:
        """The log lines the job has written so far, with its status."""
        return await self._client._execute(
            self._logs(job_id, team), timeout=timeout, max_retries=max_retries
        )

    async def cancel(
        self,
        job_id: JobId,
        *,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> ActionFeedback:
        """Cancel a queued or running job."""
        return await self._client._execute(
            self._cancel(job_id, team), timeout=timeout, max_retries=max_retries
        )

    async def upload(
        self,
        file: FileInput,
        *,
        filename: str | None = None,
        progress: ProgressCallback | None = None,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> UploadFileOutput:
        """Upload a file (a path, bytes or a binary file object) for jobs to use.

        The file is streamed from disk; `progress(bytes_sent, total)` is called as it goes.
        """
        call = self._upload(file, filename, progress, team)
        return await self._client._execute(call, timeout=timeout, max_retries=max_retries)

    async def wait(
        self,
        job_id: JobId,
        *,
        wait_timeout: float | None = None,
        poll_interval: float = 2.0,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> JobOutput:
        """Poll until the job has finished and return it.

        `wait_timeout` bounds the whole wait, in seconds (None: no bound): when it passes
        first, `WaitTimeoutError` (a `TimeoutError`) is raised, with the last job seen as
        `.last`. `timeout` and `max_retries` apply to each poll, as for every other method.
        All arguments are checked before the first request.
        """
        wait = _Wait(job_id, wait_timeout, poll_interval, timeout, max_retries)
        self._team(team)
        while True:
            job = await self.get(wait.job_id, team=team, timeout=timeout, max_retries=max_retries)
            if is_finished(job):
                return job
            await _async_sleep(wait.pause(f"job {wait.job_id} to finish", job))

    async def follow(
        self,
        job_id: JobId,
        *,
        wait_timeout: float | None = None,
        poll_interval: float = 1.0,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> AsyncIterator[str]:
        """Yield the job's log lines as they appear, until the job has finished.

        `wait_timeout` bounds the whole follow (`WaitTimeoutError` when it passes);
        `timeout` and `max_retries` apply to each request. The arguments are checked when
        iteration starts, before the first request.
        """
        wait = _Wait(job_id, wait_timeout, poll_interval, timeout, max_retries)
        self._team(team)
        job_id = wait.job_id
        options: dict[str, Any] = {"team": team, "timeout": timeout, "max_retries": max_retries}
        seen: set[str] = set()
        while True:
            logs = await self.logs(job_id, **options)
            for line in _new_lines(logs, seen):
                yield line
            status = _status_text(logs.status) if logs.status else None
            if status is None:
                status = _status_text((await self.get(job_id, **options)).status)
            if status in FINISHED_STATUSES:
                for line in _new_lines(await self.logs(job_id, **options), seen):
                    yield line
                return
            await _async_sleep(wait.pause(f"the logs of job {job_id} to end", None))
