# Generated from _async/follow.py by codegen/unasync.py: do not edit.
# Change the async source and run `python codegen/unasync.py`.
"""`jobs.follow_events`: the log stream, reconnects, and the REST poll where needed.

`_logstream` holds what does no I/O (the follow's state, the frames, the reconnect policy);
this module drives it. The sync twin (`_sync/follow.py`) is generated from this one.
"""

from __future__ import annotations

import time
from collections.abc import Generator, Iterator
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
    FollowEvent,
    HandshakeRefused,
    LogLine,
    SyncReads,
    WebSocketEnded,
    _BadFrame,
    _BlobFailed,
    _Connected,
    _Follow,
    parse_frame,
)

if TYPE_CHECKING:
    from .websocket import WebSocket


class SyncFollow:
    """The events of one follow: `events()` yields them, to the job's end."""

    def __init__(self, follow: _Follow, reads: SyncReads) -> None:
        self.f = follow
        self.reads = reads

    def events(self) -> Generator[FollowEvent, None]:
        f = self.f
        if not f.stream:
            for event in self._poll():
                yield event
            return
        first = True
        while True:
            outcome = _Connected()
            for event in self._connection(outcome):
                yield event
            if first and not outcome.opened:
                logger.debug("log stream of job %s unavailable: polling the REST log", f.job_id)
                for event in self._poll():
                    yield event
                return
            first = False
            for event in self._authority():
                yield event
            if f.finished_now():
                if not outcome.finished:  # it may have broken off: collect the rest
                    last = _Connected()
                    for event in self._connection(last):
                        yield event
                    if not last.finished:
                        for event in self._rest_tail():
                            yield event
                return
            f.after_connection(outcome)
            delay = f.next_delay()
            if delay is None:
                for event in self._poll():
                    yield event
                return
            _base_client._sleep(delay)

    def _connection(self, outcome: _Connected) -> Generator[FollowEvent, None]:
        """The events of one connection (none if it cannot be opened)."""
        f = self.f
        try:
            from .websocket import WebSocket  # wsproto: imported when a stream is first opened
        except ImportError:
            logger.debug("wsproto is not installed: following logs by polling the REST log")
            return
        lazy = self.reads.http
        http = lazy.get()
        started = time.monotonic()
        try:
            ws = WebSocket.open(
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
            yield from self._frames(ws, outcome)
        finally:
            lazy.untrack(ws)
            ws.close()

    def _frames(self, ws: WebSocket, outcome: _Connected) -> Generator[FollowEvent, None]:
        f = self.f
        seen_finished = False
        while True:
            self.reads.http.ensure_open()
            try:
                data = ws.recv(f.left())
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
                self._explain()
                raise error from None
            for kind, value in items:
                self.reads.http.ensure_open()  # each step of a closed client's follow stops
                if kind == "blobs":
                    try:
                        for event in self._blobs(value):
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

    def _blobs(self, urls: list[str]) -> Iterator[LogLine]:
        """The archived lines not yielded yet; `_BlobFailed` if one cannot be read."""
        f = self.f
        skip = f.count
        known = [f.blob_lines.get(url) for url in urls]
        if all(n is not None for n in known) and sum(n or 0 for n in known) <= skip:
            return  # read before, on an earlier connection
        for url in urls:
            try:
                texts = self.reads.blob(url)
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

    def _explain(self) -> None:
        """After a terminal frame: a job REST does not know is `NotFoundError`, as for every
        other call about it; otherwise the stream's `LogStreamError` stands."""
        try:
            self.reads.job()
        except NotFoundError:
            raise
        except StudioError as exc:
            logger.debug(
                "job %s: the check after the stream's error failed (%s)", self.f.job_id, exc
            )

    def _authority(self) -> Generator[FollowEvent, None]:
        """The job's status by REST, which wins over the stream's."""
        f = self.f
        try:
            job = self.reads.job()
        except Exception as exc:
            if f.rest_status_failed(exc):
                return
            raise
        if (change := f.status_change(job.status)) is not None:
            yield change

    def _rest_tail(self) -> Generator[FollowEvent, None]:
        if self.f.no_follow:
            return
        yield from self.f.rest_lines(self.reads.logs())

    def _poll(self) -> Generator[FollowEvent, None]:
        """The REST log (or, with no_follow, the job), every `poll_interval`, to the end."""
        f = self.f
        while True:
            if f.no_follow:
                status: object = (self.reads.job()).status
            else:
                logs = self.reads.logs()
                yield from f.rest_lines(logs)
                status = logs.status or (self.reads.job()).status
            if (change := f.status_change(status)) is not None:
                yield change
            if f.finished_now():
                yield from self._rest_tail()
                return
            _base_client._sleep(f.bounded(f.poll_interval))
            f.left()


def messages(
    events: Generator[FollowEvent, None],
) -> Generator[str, None]:
    """The text of the log lines among `events` (closing this closes them)."""
    try:
        for event in events:
            if isinstance(event, LogLine):
                yield event.message
    finally:
        events.close()
