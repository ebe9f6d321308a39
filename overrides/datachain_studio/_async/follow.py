"""`jobs.follow_events`: the log stream, reconnects, and the REST poll where needed.

`_logstream` holds what does no I/O (the follow's state, the frames, the reconnect policy);
this module drives it. The sync twin (`_sync/follow.py`) is generated from this one.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from .. import _base_client
from .._exceptions import (
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    LogStreamError,
    NotFoundError,
    StudioError,
)
from .._logging import logger
from .._logstream import (
    FINISHED,
    AsyncReads,
    FollowEvent,
    LogLine,
    _async_connect,
    _async_recv,
    _BadFrame,
    _BlobFailed,
    _Connected,
    _Follow,
    _is_websockets_error,
    parse_frame,
)


class AsyncFollow:
    """The events of one follow: `events()` yields them, to the job's end."""

    def __init__(self, follow: _Follow, reads: AsyncReads) -> None:
        self.f = follow
        self.reads = reads

    async def events(self) -> AsyncIterator[FollowEvent]:
        f = self.f
        connect = _async_connect() if f.stream else None
        if connect is None:
            async for event in self._poll():
                yield event
            return
        first = True
        while True:
            outcome = _Connected()
            async for event in self._connection(connect, outcome):
                yield event
            if first and not outcome.opened:
                logger.debug("log stream of job %s unavailable: polling the REST log", f.job_id)
                async for event in self._poll():
                    yield event
                return
            first = False
            async for event in self._authority():
                yield event
            if f.finished_now():
                if not outcome.finished:  # it may have broken off: collect the rest
                    last = _Connected()
                    async for event in self._connection(connect, last):
                        yield event
                    if not last.finished:
                        async for event in self._rest_tail():
                            yield event
                return
            f.after_connection(outcome)
            delay = f.next_delay()
            if delay is None:
                async for event in self._poll():
                    yield event
                return
            await _base_client._async_sleep(delay)

    async def _connection(self, connect: Any, outcome: _Connected) -> AsyncIterator[FollowEvent]:
        """The events of one connection (none if it cannot be opened)."""
        from websockets.exceptions import InvalidStatus

        f = self.f
        http = self.reads.http.get()
        try:
            ws = await connect(f.url, **f.connect_options(http))
        except InvalidStatus as exc:
            if (error := f.handshake_failure(exc)) is not None:
                raise error from None
            return
        except (OSError, TimeoutError, EOFError, ValueError) as exc:
            f.handshake_failure(exc)
            return
        except Exception as exc:  # websockets' InvalidHandshake, InvalidURI, ProxyError...
            if _is_websockets_error(exc):
                f.handshake_failure(exc)
                return
            raise
        outcome.opened = True
        lazy = self.reads.http
        async with ws:
            lazy.track(ws)  # closing the client closes it
            try:
                async for event in self._frames(ws, outcome):
                    yield event
            finally:
                lazy.untrack(ws)

    async def _frames(self, ws: Any, outcome: _Connected) -> AsyncIterator[FollowEvent]:
        from websockets.exceptions import ConnectionClosed, ConnectionClosedOK

        f = self.f
        seen_finished = False
        while True:
            self.reads.http.ensure_open()
            try:
                data = await _async_recv(ws, f.left())
            except TimeoutError:
                f.left()  # raises WaitTimeoutError once the deadline has passed
                continue
            except ConnectionClosedOK:
                outcome.finished = seen_finished
                return
            except ConnectionClosed as exc:
                logger.debug("log stream of job %s closed: %s", f.job_id, exc)
                return
            try:
                items = parse_frame(data, no_follow=f.no_follow)
            except _BadFrame as exc:
                f.bad_frame(exc)
                return
            except LogStreamError as exc:
                error = f.terminal(exc)
                await self._explain()
                raise error from None
            for kind, value in items:
                self.reads.http.ensure_open()  # each step of a closed client's follow stops
                if kind == "blobs":
                    try:
                        async for event in self._blobs(value):
                            outcome.new = True
                            yield event
                    except _BlobFailed:
                        return
                elif kind == "line":
                    if (line := f.line(*value)) is not None:
                        outcome.new = True
                        yield line
                elif (change := f.status_change(value)) is not None:
                    outcome.new = True
                    yield change
                if kind == "status":
                    seen_finished = value in FINISHED

    async def _blobs(self, urls: list[str]) -> AsyncIterator[LogLine]:
        """The archived lines not yielded yet; `_BlobFailed` if one cannot be read."""
        f = self.f
        skip = f.count
        known = [f.blob_lines.get(url) for url in urls]
        if all(n is not None for n in known) and sum(n or 0 for n in known) <= skip:
            return  # read before, on an earlier connection
        for url in urls:
            try:
                texts = await self.reads.blob(url)
            except (APIStatusError, APIConnectionError, APIResponseValidationError) as exc:
                logger.warning(
                    "job %s: the archived log could not be read (%s); reconnecting",
                    f.job_id,
                    exc,
                )
                raise _BlobFailed(str(exc)) from None
            for text in texts:
                self.reads.http.ensure_open()
                if skip > 0:
                    skip -= 1
                elif (line := f.line(None, text)) is not None:
                    yield line
            f.blob_lines[url] = len(texts)

    async def _explain(self) -> None:
        """After a terminal frame: a job REST does not know is `NotFoundError`, as for every
        other call about it; otherwise the stream's `LogStreamError` stands."""
        try:
            await self.reads.job()
        except NotFoundError:
            raise
        except StudioError as exc:
            logger.debug(
                "job %s: the check after the stream's error failed (%s)", self.f.job_id, exc
            )

    async def _authority(self) -> AsyncIterator[FollowEvent]:
        """The job's status by REST, which wins over the stream's."""
        f = self.f
        try:
            job = await self.reads.job()
        except Exception as exc:
            if f.rest_status_failed(exc):
                return
            raise
        if (change := f.status_change(job.status)) is not None:
            yield change

    async def _rest_tail(self) -> AsyncIterator[FollowEvent]:
        if self.f.no_follow:
            return
        for line in self.f.rest_lines(await self.reads.logs()):
            yield line

    async def _poll(self) -> AsyncIterator[FollowEvent]:
        """The REST log (or, with no_follow, the job), every `poll_interval`, to the end."""
        f = self.f
        while True:
            if f.no_follow:
                status: object = (await self.reads.job()).status
            else:
                logs = await self.reads.logs()
                for line in f.rest_lines(logs):
                    yield line
                status = logs.status or (await self.reads.job()).status
            if (change := f.status_change(status)) is not None:
                yield change
            if f.finished_now():
                async for event in self._rest_tail():
                    yield event
                return
            await _base_client._async_sleep(f.bounded(f.poll_interval))
            f.left()


async def async_messages(events: AsyncIterator[FollowEvent]) -> AsyncIterator[str]:
    """The text of the log lines among `events` (closing this closes them)."""
    try:
        async for event in events:
            if isinstance(event, LogLine):
                yield event.message
    finally:
        close = getattr(events, "aclose", None)
        if close is not None:
            await close()
