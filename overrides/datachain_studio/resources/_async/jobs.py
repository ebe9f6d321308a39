"""`studio.jobs`: run queries on Studio and watch them."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import AsyncGenerator, AsyncIterator, Iterable, Mapping
from typing import Any

import httpx2

from datachain_studio_api.models import (
    ActionFeedback,
    JobLogsOutput,
    JobOutput,
    QueryType,
    UploadFileOutput,
)

from ... import _base_client
from ... import _validation as check
from ..._async.follow import AsyncFollow, async_messages
from ..._base_client import (
    APICall,
    Timeout,
)
from ..._deadline import Deadline
from ..._logstream import AsyncReads, FollowEvent, Reconnect, async_read_lines
from ..._upload import FileInput, ProgressCallback
from .._base import (
    EACH_RETRIES,
    EACH_TIMEOUT,
    RETRIES_ONCE,
    TEAM_OR_TOKEN,
    AsyncResource,
    Body,
    Headers,
    Query,
    Team,
    shared_args,
)
from ..jobs import FOLLOW_TIMEOUT, JobId, StatusFilter, _JobsCalls, _not_found, _Wait, is_finished


class AsyncJobs(_JobsCalls, AsyncResource):
    """`AsyncStudio.jobs`: run queries on Studio and watch them."""

    @shared_args()
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
        extra_headers: Headers = None,
        extra_query: Query = None,
        extra_body: Body = None,
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
        return await self._api.execute(
            call,
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
        )

    @shared_args()
    async def get(
        self,
        job_id: JobId,
        *,
        include_steps: bool | None = None,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
        extra_headers: Headers = None,
        extra_query: Query = None,
        extra_body: Body = None,
    ) -> JobOutput:
        """One job; `NotFoundError` if the team has no job with this id.

        Studio has no route for one job: this lists the team's jobs with `job_id`, as the
        official client does, and raises `NotFoundError` (as if Studio had answered 404)
        when the list is empty.

        Args:
            job_id: The job's id: a `uuid.UUID` (`JobOutput.id`) or its text.
            include_steps: True to have the job's `steps` too (Studio leaves them out
                otherwise).

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
        return await self._find(
            checked,
            include_steps,
            team,
            timeout,
            max_retries,
            None,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
        )

    async def _find(
        self,
        job_id: uuid.UUID,
        include_steps: bool | None,
        team: Team,
        timeout: Timeout | None,
        max_retries: int | None,
        deadline: Deadline | None,
        **extras: Any,
    ) -> JobOutput:
        listing = self._list(None, None, job_id, include_steps, team)

        def first(jobs: list[JobOutput]) -> JobOutput:
            for job in jobs:
                return job
            raise _not_found(listing, self._api.base_url, job_id)

        return await self._api.execute(
            listing.then(first),
            timeout=timeout,
            max_retries=max_retries,
            deadline=deadline,
            **extras,
        )

    @shared_args(max_retries=RETRIES_ONCE)
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
        extra_headers: Headers = None,
        extra_query: Query = None,
        extra_body: Body = None,
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
        return await self._api.execute(
            call,
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
        )

    @shared_args(team=TEAM_OR_TOKEN)
    async def logs(
        self,
        job_id: JobId,
        *,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
        extra_headers: Headers = None,
        extra_query: Query = None,
        extra_body: Body = None,
    ) -> JobLogsOutput:
        """The log lines the job has written so far, with its status.

        One request: for the lines as they are written, see `follow`.

        Args:
            job_id: The job's id: a `uuid.UUID` (`JobOutput.id`) or its text.

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
        return await self._api.execute(
            self._logs(job_id, team),
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
        )

    @shared_args()
    async def cancel(
        self,
        job_id: JobId,
        *,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
        extra_headers: Headers = None,
        extra_query: Query = None,
        extra_body: Body = None,
    ) -> ActionFeedback:
        """Cancel a queued or running job.

        Studio answers once it has taken the request; the job becomes `CANCELING`, then
        `CANCELED` (`wait` for it).

        Args:
            job_id: The job's id: a `uuid.UUID` (`JobOutput.id`) or its text.

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
        return await self._api.execute(
            self._cancel(job_id, team),
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
        )

    @shared_args(
        max_retries=RETRIES_ONCE
        + " A file is sent again only when it can be read again (a path, bytes, or a"
        " file object that can seek)."
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
        extra_headers: Headers = None,
        extra_query: Query = None,
        extra_body: Body = None,
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
        return await self._api.execute(
            call,
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
        )

    @shared_args(extras=False, timeout=EACH_TIMEOUT, max_retries=EACH_RETRIES)
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
            job = await self._find(wait.job_id, None, team, timeout, max_retries, wait.deadline)
            wait.last = job
            if is_finished(job):
                return job
            await _base_client._async_sleep(wait.pause())

    @shared_args(extras=False, timeout=FOLLOW_TIMEOUT, max_retries=EACH_RETRIES)
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
    ) -> AsyncGenerator[str, None]:
        """Yield the job's log lines as they are written, until the job has finished.

        The lines come from Studio's live log stream (a WebSocket opened through the
        client's httpx2 client, so its proxies, certificates, mounts and event hooks apply):
        each line once, in order, even across reconnects, archived logs included. Where the
        stream cannot be had (a Studio or proxy without it, wsproto not installed), the REST
        log is polled every `poll_interval` seconds instead (reported at debug level);
        `stream=False` polls from the start. For the job's status changes too, or only those
        (`no_follow`), see `follow_events`.

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

        Returns:
            An iterator of the lines (`str`, without their newline), each once, in order.
            The arguments are checked when `follow` is called, before anything is sent.
            Closing the client ends it: its next step raises `ClientClosedError`.

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
        events = self._follow_events(
            job_id,
            wait_timeout=wait_timeout,
            poll_interval=poll_interval,
            stream=stream,
            reconnect=reconnect,
            team=team,
            timeout=timeout,
            max_retries=max_retries,
        )
        return async_messages(events)

    @shared_args(extras=False, timeout=FOLLOW_TIMEOUT, max_retries=EACH_RETRIES)
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
    ) -> AsyncGenerator[FollowEvent, None]:
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

        Returns:
            An iterator of `LogLine` and `StatusChange` events. The arguments are checked
            when `follow_events` is called, before anything is sent. Closing the client
            ends it: its next step raises `ClientClosedError`.

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
        checked = uuid.UUID(follow.job_id)
        options: Any = {"timeout": timeout, "max_retries": max_retries, "deadline": follow.deadline}

        async def job() -> JobOutput:
            return await self._find(
                checked, None, follow.team, timeout, max_retries, follow.deadline
            )

        async def logs() -> JobLogsOutput:
            return await self._api.execute(self._logs(checked, follow.team), **options)

        async def blob(url: str) -> list[str]:
            call = APICall.presigned_get(url, accept="text/plain, */*")
            limit = self._api.max_response_size

            async def lines(response: httpx2.Response, body: AsyncIterator[bytes]) -> list[str]:
                return await async_read_lines(response, body, limit)

            return await self._api.stream(call, lines, **options)

        reads = AsyncReads(http=self._api.http, job=job, logs=logs, blob=blob)
        return AsyncFollow(follow, reads).events()

    _follow_events = follow_events
    """`follow_events` as `follow` calls it: unwrapped, so that its requests are named
    `jobs.follow`, the call the user made."""
