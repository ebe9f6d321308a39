"""Jobs: create, list, read, cancel, upload files for them, wait for them, follow their logs.

`follow` / `follow_events` read Studio's live log stream (a WebSocket; `_logstream` says how,
asyncapi.yaml what goes over it) and poll the REST log only where the stream cannot be had.

Retry policy: reads, `logs` and `cancel` are retried on any transient failure; `create` and
`upload` only when Studio cannot have acted on the request (no connection was made, or it
answered 429 or 503), so a job is never created twice.
"""

from __future__ import annotations

import datetime as dt
import time
import uuid
from collections.abc import AsyncGenerator, AsyncIterator, Iterable, Iterator, Mapping
from typing import Any, TypeAlias, cast

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
    _async_sleep,
    check_retries,
    check_timeout,
)
from .._exceptions import APIStatusError, InvalidRequestError, WaitTimeoutError, make_status_error
from .._logstream import AsyncFollow, FollowEvent, LogLine, Reconnect, SyncFollow, _Follow
from .._upload import FileInput, ProgressCallback, prepare_upload
from ._base import AsyncResource, Resource, SyncResource, Team

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
        wait = _Wait(job_id, wait_timeout, poll_interval, timeout, max_retries)
        if reconnect is not None and not isinstance(reconnect, Reconnect):
            raise InvalidRequestError(
                f"reconnect must be a datachain_studio.Reconnect or None, got {reconnect!r}"
            )
        return _Follow(
            self,  # type: ignore[arg-type]  # a Jobs or an AsyncJobs
            str(wait.job_id),
            self._team(team),
            deadline=wait.deadline,
            poll_interval=wait.interval,
            no_follow=check.flag(no_follow, "no_follow"),
            stream=check.flag(stream, "stream"),
            reconnect=reconnect or Reconnect(),
            timeout=timeout,
            max_retries=max_retries,
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


def _messages(events: Iterator[FollowEvent]) -> Iterator[str]:
    """The text of the log lines among `events`."""
    try:
        for event in events:
            if isinstance(event, LogLine):
                yield event.message
    finally:
        close = getattr(events, "close", None)
        if close is not None:
            close()


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

        Args:
            status: Only jobs in this status: a `JobStatus`, `JobStatusGroup.ACTIVE` (not
                finished) or `INACTIVE` (finished), or the name of one in any case
                (`"complete"` sends `COMPLETE`). None (the default): every status.
            limit: The most jobs to return: an integer from 1 up; None: Studio's 20.
            job_id: Only this job: a `uuid.UUID` or its text.
            include_steps: True to have each job's `steps` too (Studio leaves them out
                otherwise).
            team: The team to act for; by default the client's `team`.
            timeout: Seconds one attempt may take (a positive number, or an `httpx.Timeout`
                with every part set); by default the client's.
            max_retries: How many times a transient failure is retried (a whole number
                from 0 up); by default the client's.

        Returns:
            The jobs, as `JobOutput`s.

        Raises:
            InvalidRequestError: A status is unknown (the message lists the valid ones), `limit`
                is below 1 or not an integer, `job_id` is not a UUID, `include_steps` is not a
                bool, or `team`, `timeout` or `max_retries` is invalid (nothing was sent).
            ConfigurationError: No `team` was given and the client has none.
            APIStatusError: Studio answered with an error status (a subclass per status).
            APIConnectionError: Studio could not be reached, or did not answer in time,
                after the retries.
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
        """One job; `NotFoundError` if the team has no job with this id.

        Studio has no route for one job: this lists the team's jobs with `job_id`, as the
        official client does, and raises `NotFoundError` (as if Studio had answered 404)
        when the list is empty.

        Args:
            job_id: The job's id: a `uuid.UUID` (`JobOutput.id`) or its text.
            include_steps: True to have the job's `steps` too (Studio leaves them out
                otherwise).
            team: The team to act for; by default the client's `team`.
            timeout: Seconds one attempt may take (a positive number, or an `httpx.Timeout`
                with every part set); by default the client's.
            max_retries: How many times a transient failure is retried (a whole number
                from 0 up); by default the client's.

        Returns:
            The job, as a `JobOutput`.

        Raises:
            InvalidRequestError: `job_id` is not a UUID, `include_steps` is not a bool, or
                `team`, `timeout` or `max_retries` is invalid (nothing was sent).
            ConfigurationError: No `team` was given and the client has none.
            APIStatusError: Studio answered with an error status (`NotFoundError` when the team
                has no such job).
            APIConnectionError: Studio could not be reached, or did not answer in time,
                after the retries.
        """
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

        The arguments after `query_type` default to None, which sends nothing for them:
        Studio's defaults apply.

        Args:
            query: What to run: the Python script, or the shell commands (non-empty text).
            query_type: How to run it: `QueryType.PYTHON` (the default) or `SHELL`, or the
                name of one in any case.
            environment: Environment variables for the job: a mapping of names to strings
                (an int or float is sent as `str()`; bytes, bools and None are refused),
                dotenv text (`"A=1\\nB='x y'"`: `KEY=VALUE` lines, `#` comments, optional
                `export `, quotes stripped, a later line wins), or an iterable of such lines.
                Names must be valid variable names; values cannot hold a line break.
            workers: How many workers the job runs with: an integer from 1 up.
            query_name: A name for the job (the official client gives the script's file
                name).
            files: Uploaded files the job uses: what `upload` returned (`UploadFileOutput`),
                or upload ids (int or str).
            python_version: The Python version to run on, e.g. `"3.12"`.
            requirements: pip requirements: text, one requirement a line, or an iterable of
                single-line strings (joined with newlines).
            repository: A git repository to check out for the job (its URL).
            priority: The job's priority: an integer from 0 (lowest) to 5 (highest).
            compute_cluster_name: The cluster to run on, by name (`Clusters.list`); None:
                the team's default cluster. Not with `compute_cluster_id`.
            compute_cluster_id: The cluster to run on, by id: an integer, or a string id
                (newer servers). Not with `compute_cluster_name`.
            start_after: Do not start before this moment: an aware `datetime`, or ISO 8601
                text with a zone; a time without a zone is refused rather than guessed.
            cron_expression: Run the job repeatedly on this schedule: five cron fields,
                minute hour day month weekday (`"0 3 * * *"`).
            credentials_name: The named cloud credentials the job may use.
            rerun_from_job_id: Run again from this earlier job (a `uuid.UUID` or its text),
                reusing its finished steps.
            reset: With `rerun_from_job_id`: True starts over instead of reusing finished
                steps.
            team: The team to act for; by default the client's `team`.
            timeout: Seconds one attempt may take (a positive number, or an `httpx.Timeout`
                with every part set); by default the client's.
            max_retries: How many times a failure is retried (a whole number from 0 up);
                by default the client's. Only failures where Studio cannot have acted on
                the request are retried, so it is never done twice.

        Returns:
            The new job, as a `JobOutput`.

        Raises:
            InvalidRequestError: `query` is empty, `query_type` is neither PYTHON nor SHELL,
                both cluster arguments are given, a value has the wrong type or is out of range
                (`workers` below 1, `priority` outside 0-5, `cron_expression` not five fields,
                `start_after` without a zone), an environment name or line is malformed, or
                `team`, `timeout` or `max_retries` is invalid (nothing was sent).
            ConfigurationError: No `team` was given and the client has none.
            APIStatusError: Studio answered with an error status (`NotFoundError` for a cluster
                the team does not have, say).
            APIConnectionError: Studio could not be reached, or did not answer in time,
                after the retries.
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
        """The log lines the job has written so far, with its status.

        One request: for the lines as they are written, see `follow`.

        Args:
            job_id: The job's id: a `uuid.UUID` (`JobOutput.id`) or its text.
            team: The team to act for; by default the client's `team`, else the team of
                the token.
            timeout: Seconds one attempt may take (a positive number, or an `httpx.Timeout`
                with every part set); by default the client's.
            max_retries: How many times a transient failure is retried (a whole number
                from 0 up); by default the client's.

        Returns:
            A `JobLogsOutput`: the lines so far (`logs`) and the job's `status`.

        Raises:
            InvalidRequestError: `job_id` is not a UUID, or `team`, `timeout` or `max_retries`
                is invalid (nothing was sent).
            APIStatusError: Studio answered with an error status (`NotFoundError` when the team
                has no such job).
            APIConnectionError: Studio could not be reached, or did not answer in time,
                after the retries.
        """
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
        """Cancel a queued or running job.

        Studio answers once it has taken the request; the job becomes `CANCELING`, then
        `CANCELED` (`wait` for it).

        Args:
            job_id: The job's id: a `uuid.UUID` (`JobOutput.id`) or its text.
            team: The team to act for; by default the client's `team`.
            timeout: Seconds one attempt may take (a positive number, or an `httpx.Timeout`
                with every part set); by default the client's.
            max_retries: How many times a transient failure is retried (a whole number
                from 0 up); by default the client's.

        Returns:
            Studio's `ActionFeedback` on the request.

        Raises:
            InvalidRequestError: `job_id` is not a UUID, or `team`, `timeout` or `max_retries`
                is invalid (nothing was sent).
            ConfigurationError: No `team` was given and the client has none.
            APIStatusError: Studio answered with an error status (`NotFoundError` when the team
                has no such job; an error for a job that has finished).
            APIConnectionError: Studio could not be reached, or did not answer in time,
                after the retries.
        """
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

        The file is streamed from disk, in chunks, never read whole into memory. Pass the
        result to `create(files=[...])`.

        Args:
            file: The file: a path (`str` or `os.PathLike`), `bytes`, or a binary file
                object (read from its current position; a text-mode one is refused).
            filename: The name Studio gives the file; by default the path's or the file
                object's base name, else `"upload"`. Non-empty text.
            progress: Called as `progress(bytes_sent, total)` as the file goes out: file
                bytes only, `total` None when the size is unknown.
            team: The team to act for; by default the client's `team`.
            timeout: Seconds one attempt may take (a positive number, or an `httpx.Timeout`
                with every part set); by default the client's.
            max_retries: How many times a failure is retried (a whole number from 0 up);
                by default the client's. Only failures where Studio cannot have acted on
                the request are retried, and only when the file can be read again (a
                path or bytes; a file object that can seek).

        Returns:
            The upload, as an `UploadFileOutput`; its `id` is what `create(files=...)` takes.

        Raises:
            InvalidRequestError: The file is missing, a directory, unreadable or a text-mode
                file object, `filename` is empty or not text, `progress` is not callable, or
                `team`, `timeout` or `max_retries` is invalid (nothing was sent).
            ConfigurationError: No `team` was given and the client has none.
            RequestTooLargeError: Studio would not take a file this large (it answered 413,
                or closed the connection while the file was being sent); never retried.
            APIStatusError: Studio answered with an error status (a subclass per status).
            APIConnectionError: Studio could not be reached, or did not answer in time,
                after the retries.
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

        Finished: `COMPLETE`, `FAILED`, `CANCELED` (or `TASK`). `timeout` and `max_retries`
        apply to each poll, as for every other method. All arguments are checked before
        the first request.

        Args:
            job_id: The job's id: a `uuid.UUID` (`JobOutput.id`) or its text.
            wait_timeout: Seconds the whole wait may take: None (the default: no bound), or
                a finite number from 0 up (0: look once).
            poll_interval: Seconds between polls: a positive, finite number (2 by default).
            team: The team to act for; by default the client's `team`.
            timeout: Seconds one attempt may take (a positive number, or an `httpx.Timeout`
                with every part set); by default the client's.
            max_retries: How many times a transient failure is retried (a whole number
                from 0 up); by default the client's.

        Returns:
            The finished job, as a `JobOutput`.

        Raises:
            WaitTimeoutError: `wait_timeout` passed first (a `TimeoutError`; `.last` is the
                last job seen).
            InvalidRequestError: `job_id` is not a UUID, `wait_timeout` or `poll_interval` is
                out of range, or `team`, `timeout` or `max_retries` is invalid (nothing was
                sent).
            ConfigurationError: No `team` was given and the client has none.
            APIStatusError: Studio answered with an error status (`NotFoundError` when the team
                has no such job).
            APIConnectionError: Studio could not be reached, or did not answer in time,
                after the retries.
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
        stream: bool = True,
        reconnect: Reconnect | None = None,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> Iterator[str]:
        """Yield the job's log lines as they are written, until the job has finished.

        The lines come from Studio's live log stream (WebSocket, the `live` extra's
        `websockets`): each line once, in order, even across reconnects, archived logs
        included. Where the stream cannot be had (`websockets` not installed, a Studio or
        proxy without it), the REST log is polled every `poll_interval` seconds instead
        (reported at debug level); `stream=False` polls from the start. For the job's status
        changes too, or only those (`no_follow`), see `follow_events`.

        Args:
            job_id: The job's id: a `uuid.UUID` (`JobOutput.id`) or its text.
            wait_timeout: Seconds the whole follow may take: None (the default: no bound),
                or a finite number from 0 up.
            poll_interval: Seconds between REST polls, where the stream cannot be had (1 by
                default).
            stream: False to poll the REST log from the start instead of opening the stream.
            reconnect: How to reconnect after a connection ends early (`Reconnect()` by
                default: the official client's 15 attempts, 1 s doubling to 60 s, plus up to
                1 s of jitter).
            team: The team to act for; by default the client's `team`.
            timeout: Seconds each request, and each opening of the stream, may take (a
                positive number, or an `httpx.Timeout` with every part set); by default
                the client's.
            max_retries: How many times a transient failure of a REST request is retried;
                by default the client's.

        Returns:
            An iterator of the lines (`str`, without their newline), each once, in order.
            The arguments are checked when `follow` is called, before anything is sent.

        Raises:
            WaitTimeoutError: `wait_timeout` passed first (a `TimeoutError`).
            InvalidRequestError: `job_id` is not a UUID, `wait_timeout`, `poll_interval`,
                `stream`, `reconnect`, `team`, `timeout` or `max_retries` is invalid
                (nothing was sent).
            ConfigurationError: No `team` was given and the client has none.
            AuthenticationError: Studio refused the token (401, at the stream's handshake
                or from REST).
            PermissionDeniedError: The token may not read the team's jobs (403).
            NotFoundError: The team has no such job (the stream ends with `Job <id> not
                found` and REST confirms it; `__context__` is the stream's error).
            LogStreamError: Studio ended the stream with another error.
            APIStatusError: While polling REST: Studio answered with an error status.
            APIConnectionError: While polling REST: Studio could not be reached, after the
                retries.
        """
        events = self.follow_events(
            job_id,
            wait_timeout=wait_timeout,
            poll_interval=poll_interval,
            stream=stream,
            reconnect=reconnect,
            team=team,
            timeout=timeout,
            max_retries=max_retries,
        )
        return _messages(events)

    def follow_events(
        self,
        job_id: JobId,
        *,
        no_follow: bool = False,
        wait_timeout: float | None = None,
        poll_interval: float = 1.0,
        stream: bool = True,
        reconnect: Reconnect | None = None,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> Iterator[FollowEvent]:
        """Yield the job's log lines (`LogLine`) and status changes (`StatusChange`) as they
        happen, until the job has finished (its final status is the last event).

        As `follow`, with the job's status: the first status seen, then each change (the
        REST status, checked after every connection, wins over the stream's).

        Args:
            job_id: The job's id: a `uuid.UUID` (`JobOutput.id`) or its text.
            no_follow: True for the status changes only, no log (the stream's
                `no_follow=true`, what `datachain job run --no-follow` asks for).
            wait_timeout: Seconds the whole follow may take: None (the default: no bound),
                or a finite number from 0 up.
            poll_interval: Seconds between REST polls, where the stream cannot be had (1 by
                default).
            stream: False to poll the REST log from the start instead of opening the stream.
            reconnect: How to reconnect after a connection ends early (`Reconnect()` by
                default: the official client's 15 attempts, 1 s doubling to 60 s, plus up to
                1 s of jitter).
            team: The team to act for; by default the client's `team`.
            timeout: Seconds each request, and each opening of the stream, may take (a
                positive number, or an `httpx.Timeout` with every part set); by default
                the client's.
            max_retries: How many times a transient failure of a REST request is retried;
                by default the client's.

        Returns:
            An iterator of `LogLine` and `StatusChange` events. The arguments are checked
            when `follow_events` is called, before anything is sent.

        Raises:
            WaitTimeoutError: `wait_timeout` passed first (a `TimeoutError`).
            InvalidRequestError: `job_id` is not a UUID, `wait_timeout`, `poll_interval`,
                `stream`, `reconnect`, `team`, `timeout` or `max_retries` is invalid
                (nothing was sent).
            ConfigurationError: No `team` was given and the client has none.
            AuthenticationError: Studio refused the token (401, at the stream's handshake
                or from REST).
            PermissionDeniedError: The token may not read the team's jobs (403).
            NotFoundError: The team has no such job (the stream ends with `Job <id> not
                found` and REST confirms it; `__context__` is the stream's error).
            LogStreamError: Studio ended the stream with another error.
            APIStatusError: While polling REST: Studio answered with an error status.
            APIConnectionError: While polling REST: Studio could not be reached, after the
                retries.
        """
        follow = self._follower(
            job_id,
            no_follow=no_follow,
            wait_timeout=wait_timeout,
            poll_interval=poll_interval,
            stream=stream,
            reconnect=reconnect,
            team=team,
            timeout=timeout,
            max_retries=max_retries,
        )
        return iter(SyncFollow(follow, self))


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

        Args:
            status: Only jobs in this status: a `JobStatus`, `JobStatusGroup.ACTIVE` (not
                finished) or `INACTIVE` (finished), or the name of one in any case
                (`"complete"` sends `COMPLETE`). None (the default): every status.
            limit: The most jobs to return: an integer from 1 up; None: Studio's 20.
            job_id: Only this job: a `uuid.UUID` or its text.
            include_steps: True to have each job's `steps` too (Studio leaves them out
                otherwise).
            team: The team to act for; by default the client's `team`.
            timeout: Seconds one attempt may take (a positive number, or an `httpx.Timeout`
                with every part set); by default the client's.
            max_retries: How many times a transient failure is retried (a whole number
                from 0 up); by default the client's.

        Returns:
            The jobs, as `JobOutput`s.

        Raises:
            InvalidRequestError: A status is unknown (the message lists the valid ones), `limit`
                is below 1 or not an integer, `job_id` is not a UUID, `include_steps` is not a
                bool, or `team`, `timeout` or `max_retries` is invalid (nothing was sent).
            ConfigurationError: No `team` was given and the client has none.
            APIStatusError: Studio answered with an error status (a subclass per status).
            APIConnectionError: Studio could not be reached, or did not answer in time,
                after the retries.
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
        """One job; `NotFoundError` if the team has no job with this id.

        Studio has no route for one job: this lists the team's jobs with `job_id`, as the
        official client does, and raises `NotFoundError` (as if Studio had answered 404)
        when the list is empty.

        Args:
            job_id: The job's id: a `uuid.UUID` (`JobOutput.id`) or its text.
            include_steps: True to have the job's `steps` too (Studio leaves them out
                otherwise).
            team: The team to act for; by default the client's `team`.
            timeout: Seconds one attempt may take (a positive number, or an `httpx.Timeout`
                with every part set); by default the client's.
            max_retries: How many times a transient failure is retried (a whole number
                from 0 up); by default the client's.

        Returns:
            The job, as a `JobOutput`.

        Raises:
            InvalidRequestError: `job_id` is not a UUID, `include_steps` is not a bool, or
                `team`, `timeout` or `max_retries` is invalid (nothing was sent).
            ConfigurationError: No `team` was given and the client has none.
            APIStatusError: Studio answered with an error status (`NotFoundError` when the team
                has no such job).
            APIConnectionError: Studio could not be reached, or did not answer in time,
                after the retries.
        """
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

        The arguments after `query_type` default to None, which sends nothing for them:
        Studio's defaults apply.

        Args:
            query: What to run: the Python script, or the shell commands (non-empty text).
            query_type: How to run it: `QueryType.PYTHON` (the default) or `SHELL`, or the
                name of one in any case.
            environment: Environment variables for the job: a mapping of names to strings
                (an int or float is sent as `str()`; bytes, bools and None are refused),
                dotenv text (`"A=1\\nB='x y'"`: `KEY=VALUE` lines, `#` comments, optional
                `export `, quotes stripped, a later line wins), or an iterable of such lines.
                Names must be valid variable names; values cannot hold a line break.
            workers: How many workers the job runs with: an integer from 1 up.
            query_name: A name for the job (the official client gives the script's file
                name).
            files: Uploaded files the job uses: what `upload` returned (`UploadFileOutput`),
                or upload ids (int or str).
            python_version: The Python version to run on, e.g. `"3.12"`.
            requirements: pip requirements: text, one requirement a line, or an iterable of
                single-line strings (joined with newlines).
            repository: A git repository to check out for the job (its URL).
            priority: The job's priority: an integer from 0 (lowest) to 5 (highest).
            compute_cluster_name: The cluster to run on, by name (`Clusters.list`); None:
                the team's default cluster. Not with `compute_cluster_id`.
            compute_cluster_id: The cluster to run on, by id: an integer, or a string id
                (newer servers). Not with `compute_cluster_name`.
            start_after: Do not start before this moment: an aware `datetime`, or ISO 8601
                text with a zone; a time without a zone is refused rather than guessed.
            cron_expression: Run the job repeatedly on this schedule: five cron fields,
                minute hour day month weekday (`"0 3 * * *"`).
            credentials_name: The named cloud credentials the job may use.
            rerun_from_job_id: Run again from this earlier job (a `uuid.UUID` or its text),
                reusing its finished steps.
            reset: With `rerun_from_job_id`: True starts over instead of reusing finished
                steps.
            team: The team to act for; by default the client's `team`.
            timeout: Seconds one attempt may take (a positive number, or an `httpx.Timeout`
                with every part set); by default the client's.
            max_retries: How many times a failure is retried (a whole number from 0 up);
                by default the client's. Only failures where Studio cannot have acted on
                the request are retried, so it is never done twice.

        Returns:
            The new job, as a `JobOutput`.

        Raises:
            InvalidRequestError: `query` is empty, `query_type` is neither PYTHON nor SHELL,
                both cluster arguments are given, a value has the wrong type or is out of range
                (`workers` below 1, `priority` outside 0-5, `cron_expression` not five fields,
                `start_after` without a zone), an environment name or line is malformed, or
                `team`, `timeout` or `max_retries` is invalid (nothing was sent).
            ConfigurationError: No `team` was given and the client has none.
            APIStatusError: Studio answered with an error status (`NotFoundError` for a cluster
                the team does not have, say).
            APIConnectionError: Studio could not be reached, or did not answer in time,
                after the retries.
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
        """The log lines the job has written so far, with its status.

        One request: for the lines as they are written, see `follow`.

        Args:
            job_id: The job's id: a `uuid.UUID` (`JobOutput.id`) or its text.
            team: The team to act for; by default the client's `team`, else the team of
                the token.
            timeout: Seconds one attempt may take (a positive number, or an `httpx.Timeout`
                with every part set); by default the client's.
            max_retries: How many times a transient failure is retried (a whole number
                from 0 up); by default the client's.

        Returns:
            A `JobLogsOutput`: the lines so far (`logs`) and the job's `status`.

        Raises:
            InvalidRequestError: `job_id` is not a UUID, or `team`, `timeout` or `max_retries`
                is invalid (nothing was sent).
            APIStatusError: Studio answered with an error status (`NotFoundError` when the team
                has no such job).
            APIConnectionError: Studio could not be reached, or did not answer in time,
                after the retries.
        """
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
        """Cancel a queued or running job.

        Studio answers once it has taken the request; the job becomes `CANCELING`, then
        `CANCELED` (`wait` for it).

        Args:
            job_id: The job's id: a `uuid.UUID` (`JobOutput.id`) or its text.
            team: The team to act for; by default the client's `team`.
            timeout: Seconds one attempt may take (a positive number, or an `httpx.Timeout`
                with every part set); by default the client's.
            max_retries: How many times a transient failure is retried (a whole number
                from 0 up); by default the client's.

        Returns:
            Studio's `ActionFeedback` on the request.

        Raises:
            InvalidRequestError: `job_id` is not a UUID, or `team`, `timeout` or `max_retries`
                is invalid (nothing was sent).
            ConfigurationError: No `team` was given and the client has none.
            APIStatusError: Studio answered with an error status (`NotFoundError` when the team
                has no such job; an error for a job that has finished).
            APIConnectionError: Studio could not be reached, or did not answer in time,
                after the retries.
        """
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

        The file is streamed from disk, in chunks, never read whole into memory. Pass the
        result to `create(files=[...])`.

        Args:
            file: The file: a path (`str` or `os.PathLike`), `bytes`, or a binary file
                object (read from its current position; a text-mode one is refused).
            filename: The name Studio gives the file; by default the path's or the file
                object's base name, else `"upload"`. Non-empty text.
            progress: Called as `progress(bytes_sent, total)` as the file goes out: file
                bytes only, `total` None when the size is unknown.
            team: The team to act for; by default the client's `team`.
            timeout: Seconds one attempt may take (a positive number, or an `httpx.Timeout`
                with every part set); by default the client's.
            max_retries: How many times a failure is retried (a whole number from 0 up);
                by default the client's. Only failures where Studio cannot have acted on
                the request are retried, and only when the file can be read again (a
                path or bytes; a file object that can seek).

        Returns:
            The upload, as an `UploadFileOutput`; its `id` is what `create(files=...)` takes.

        Raises:
            InvalidRequestError: The file is missing, a directory, unreadable or a text-mode
                file object, `filename` is empty or not text, `progress` is not callable, or
                `team`, `timeout` or `max_retries` is invalid (nothing was sent).
            ConfigurationError: No `team` was given and the client has none.
            RequestTooLargeError: Studio would not take a file this large (it answered 413,
                or closed the connection while the file was being sent); never retried.
            APIStatusError: Studio answered with an error status (a subclass per status).
            APIConnectionError: Studio could not be reached, or did not answer in time,
                after the retries.
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

        Finished: `COMPLETE`, `FAILED`, `CANCELED` (or `TASK`). `timeout` and `max_retries`
        apply to each poll, as for every other method. All arguments are checked before
        the first request.

        Args:
            job_id: The job's id: a `uuid.UUID` (`JobOutput.id`) or its text.
            wait_timeout: Seconds the whole wait may take: None (the default: no bound), or
                a finite number from 0 up (0: look once).
            poll_interval: Seconds between polls: a positive, finite number (2 by default).
            team: The team to act for; by default the client's `team`.
            timeout: Seconds one attempt may take (a positive number, or an `httpx.Timeout`
                with every part set); by default the client's.
            max_retries: How many times a transient failure is retried (a whole number
                from 0 up); by default the client's.

        Returns:
            The finished job, as a `JobOutput`.

        Raises:
            WaitTimeoutError: `wait_timeout` passed first (a `TimeoutError`; `.last` is the
                last job seen).
            InvalidRequestError: `job_id` is not a UUID, `wait_timeout` or `poll_interval` is
                out of range, or `team`, `timeout` or `max_retries` is invalid (nothing was
                sent).
            ConfigurationError: No `team` was given and the client has none.
            APIStatusError: Studio answered with an error status (`NotFoundError` when the team
                has no such job).
            APIConnectionError: Studio could not be reached, or did not answer in time,
                after the retries.
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
        stream: bool = True,
        reconnect: Reconnect | None = None,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> AsyncIterator[str]:
        """Yield the job's log lines as they are written, until the job has finished.

        As `Studio.jobs.follow`: the live log stream (asyncio only; under trio, and where
        the stream cannot be had, the REST log is polled every `poll_interval` seconds).

        Args:
            job_id: The job's id: a `uuid.UUID` (`JobOutput.id`) or its text.
            wait_timeout: Seconds the whole follow may take: None (the default: no bound),
                or a finite number from 0 up.
            poll_interval: Seconds between REST polls, where the stream cannot be had (1 by
                default).
            stream: False to poll the REST log from the start instead of opening the stream.
            reconnect: How to reconnect after a connection ends early (`Reconnect()` by
                default: the official client's 15 attempts, 1 s doubling to 60 s, plus up to
                1 s of jitter).
            team: The team to act for; by default the client's `team`.
            timeout: Seconds each request, and each opening of the stream, may take (a
                positive number, or an `httpx.Timeout` with every part set); by default
                the client's.
            max_retries: How many times a transient failure of a REST request is retried;
                by default the client's.

        Returns:
            An async iterator of the lines (`str`, without their newline), each once, in
            order. The arguments are checked when iteration starts, before anything is sent.

        Raises:
            WaitTimeoutError: `wait_timeout` passed first (a `TimeoutError`).
            InvalidRequestError: `job_id` is not a UUID, `wait_timeout`, `poll_interval`,
                `stream`, `reconnect`, `team`, `timeout` or `max_retries` is invalid
                (nothing was sent).
            ConfigurationError: No `team` was given and the client has none.
            AuthenticationError: Studio refused the token (401, at the stream's handshake
                or from REST).
            PermissionDeniedError: The token may not read the team's jobs (403).
            NotFoundError: The team has no such job (the stream ends with `Job <id> not
                found` and REST confirms it; `__context__` is the stream's error).
            LogStreamError: Studio ended the stream with another error.
            APIStatusError: While polling REST: Studio answered with an error status.
            APIConnectionError: While polling REST: Studio could not be reached, after the
                retries.
        """
        events = self.follow_events(
            job_id,
            wait_timeout=wait_timeout,
            poll_interval=poll_interval,
            stream=stream,
            reconnect=reconnect,
            team=team,
            timeout=timeout,
            max_retries=max_retries,
        )
        try:
            async for event in events:
                if isinstance(event, LogLine):
                    yield event.message
        finally:
            await cast(AsyncGenerator[FollowEvent, None], events).aclose()

    async def follow_events(
        self,
        job_id: JobId,
        *,
        no_follow: bool = False,
        wait_timeout: float | None = None,
        poll_interval: float = 1.0,
        stream: bool = True,
        reconnect: Reconnect | None = None,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> AsyncIterator[FollowEvent]:
        """Yield the job's log lines (`LogLine`) and status changes (`StatusChange`) as they
        happen, until the job has finished: as `Studio.jobs.follow_events`, with
        `async for`.

        Args:
            job_id: The job's id: a `uuid.UUID` (`JobOutput.id`) or its text.
            no_follow: True for the status changes only, no log (the stream's
                `no_follow=true`).
            wait_timeout: Seconds the whole follow may take: None (the default: no bound),
                or a finite number from 0 up.
            poll_interval: Seconds between REST polls, where the stream cannot be had (1 by
                default).
            stream: False to poll the REST log from the start instead of opening the stream.
            reconnect: How to reconnect after a connection ends early (`Reconnect()` by
                default: the official client's 15 attempts, 1 s doubling to 60 s, plus up to
                1 s of jitter).
            team: The team to act for; by default the client's `team`.
            timeout: Seconds each request, and each opening of the stream, may take (a
                positive number, or an `httpx.Timeout` with every part set); by default
                the client's.
            max_retries: How many times a transient failure of a REST request is retried;
                by default the client's.

        Returns:
            An async iterator of `LogLine` and `StatusChange` events. The arguments are
            checked when iteration starts, before anything is sent.

        Raises:
            WaitTimeoutError: `wait_timeout` passed first (a `TimeoutError`).
            InvalidRequestError: `job_id` is not a UUID, `wait_timeout`, `poll_interval`,
                `stream`, `reconnect`, `team`, `timeout` or `max_retries` is invalid
                (nothing was sent).
            ConfigurationError: No `team` was given and the client has none.
            AuthenticationError: Studio refused the token (401, at the stream's handshake
                or from REST).
            PermissionDeniedError: The token may not read the team's jobs (403).
            NotFoundError: The team has no such job (the stream ends with `Job <id> not
                found` and REST confirms it; `__context__` is the stream's error).
            LogStreamError: Studio ended the stream with another error.
            APIStatusError: While polling REST: Studio answered with an error status.
            APIConnectionError: While polling REST: Studio could not be reached, after the
                retries.
        """
        follow = self._follower(
            job_id,
            no_follow=no_follow,
            wait_timeout=wait_timeout,
            poll_interval=poll_interval,
            stream=stream,
            reconnect=reconnect,
            team=team,
            timeout=timeout,
            max_retries=max_retries,
        )
        events = AsyncFollow(follow, self).events()
        try:
            async for event in events:
                yield event
        finally:
            await events.aclose()
