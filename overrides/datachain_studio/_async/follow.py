"""`jobs.follow_events`: the log stream, reconnects, and the REST poll where needed.

`_logstream` holds what does no I/O (the follow's state, the frames, the reconnect policy);
this module drives it. The sync twin (`_sync/follow.py`) is generated from this one.
"""

from __future__ import annotations

import time
from collections.abc import AsyncGenerator, AsyncIterator
from typing import TYPE_CHECKING

import httpx2

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
    MAX_FRAME_BYTES,
    AsyncReads,
    FollowEvent,
    HandshakeRefused,
    LogLine,
    WebSocketEnded,
    _BadFrame,
    _BlobFailed,
    _Connected,
    _Follow,
    parse_frame,
)

if TYPE_CHECKING:
    from .websocket import AsyncWebSocket


class AsyncFollow:
    """The events of one follow: `events()` yields them, to the job's end."""

    def __init__(self, follow: _Follow, reads: AsyncReads) -> None:
        self.f = follow
        self.reads = reads

    async def events(self) -> AsyncGenerator[FollowEvent, None]:
        f = self.f
        if not f.stream:
            async for event in self._poll():
                yield event
            return
        first = True
        while True:
            outcome = _Connected()
            async for event in self._connection(outcome):
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
                    async for event in self._connection(last):
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

    async def _connection(self, outcome: _Connected) -> AsyncGenerator[FollowEvent, None]:
        """The events of one connection (none if it cannot be opened)."""
        f = self.f
        try:
            from .websocket import AsyncWebSocket  # wsproto: imported when a stream is first opened
        except ImportError:
            logger.debug("wsproto is not installed: following logs by polling the REST log")
            return
        lazy = self.reads.http
        http = lazy.get()
        started = time.monotonic()
        try:
            ws = await AsyncWebSocket.open(
                http,
                f.handshake(http),
                seconds=f.bounded(f.open_timeout),
                max_message=MAX_FRAME_BYTES,
                secret=f.secret,
            )
        except HandshakeRefused as refused:
            if (error := f.refused(refused)) is not None:
                raise error from None
            return
        except (httpx2.HTTPError, OSError, TimeoutError) as exc:
            f.unreachable(exc)
            return
        f.connected(ws.response, started)
        outcome.opened = True
        try:
            lazy.track(ws)  # closing the client closes it (ClientClosedError if it already is)
            async for event in self._frames(ws, outcome):
                yield event
        finally:
            lazy.untrack(ws)
            await ws.aclose()

    async def _frames(
        self, ws: AsyncWebSocket, outcome: _Connected
    ) -> AsyncGenerator[FollowEvent, None]:
        f = self.f
        seen_finished = False
        while True:
            self.reads.http.ensure_open()
            try:
                data = await ws.recv(f.left())
            except TimeoutError:
                f.left()  # raises WaitTimeoutError once the deadline has passed
                continue
            except WebSocketEnded as ended:
                if ended.normal:
                    outcome.finished = seen_finished
                else:
                    logger.debug("log stream of job %s closed: %s", f.job_id, ended)
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

    async def _authority(self) -> AsyncGenerator[FollowEvent, None]:
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

    async def _rest_tail(self) -> AsyncGenerator[FollowEvent, None]:
        if self.f.no_follow:
            return
        for line in self.f.rest_lines(await self.reads.logs()):
            yield line

    async def _poll(self) -> AsyncGenerator[FollowEvent, None]:
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


async def async_messages(
    events: AsyncGenerator[FollowEvent, None],
) -> AsyncGenerator[str, None]:
    """The text of the log lines among `events` (closing this closes them)."""
    try:
        async for event in events:
            if isinstance(event, LogLine):
                yield event.message
    finally:
        await events.aclose()
