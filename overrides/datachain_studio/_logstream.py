"""A job's log as it is written, over Studio's log stream (asyncapi.yaml), for `jobs.follow`.

Studio streams a job's log lines and status changes on a WebSocket,
`ws(s)://<host>/api/logs/follow/?job_id=<id>&team_name=<team>[&no_follow=true]`, with the
token in the `Authorization` header (the client's own scheme: `Bearer` or `token`). The
frames are JSON objects: `{"logs": [{"id", "message"}]}`, `{"log_blobs": [url]}`,
`{"job": {"status"}}`, `{"type": "ping"}`, and the terminal `{"message": text}`.

The connection is opened through the client's httpx2 client (`_async/websocket.py`): the
handshake is built as every call's request is, and goes through the client's transport,
mounts, proxies and event hooks, named as the call's other requests are (`jobs.follow` or
`jobs.follow_events`, in `extensions[OPERATION_EXTENSION]`).

How a follow goes (`_async/follow.py`, and its generated twin `_sync/follow.py`, drive
`_Follow`, which does no I/O):

1. Connect, and yield what each frame brings: `LogLine`s (ids above the highest one yielded
   only, so no line is yielded twice across reconnects), `StatusChange`s (when the status
   differs from the last one yielded). Archived logs (`log_blobs`) are fetched with a plain
   GET *without* the token (a pre-signed URL must not get it), streamed line by line; their
   lines have no ids, so lines already yielded are skipped by count (the blob holds the log
   from its first line, assumed from how Studio is described: official-client-beyond-
   reference.md, section 6).
2. When a connection ends, ask REST for the job's status (`GET jobs/?job_id=`): it is the
   authority, over what the stream said (official client's behaviour, ibid. 5.6). Finished:
   stop, after one more connection to collect what a connection that broke off may have
   missed (then, if that fails too, the REST log). Not finished: reconnect after
   `Reconnect.delay` (exponential, with jitter; the count goes back to 0 after a connection
   that brought something new).
3. The REST log (`GET jobs/{id}/logs`, polled every `poll_interval`) is used instead where
   the stream cannot be had: wsproto is not installed, the first handshake is answered
   anything but a valid 101, 401 or 403 (a Studio or proxy without the route, 404, 5xx) or
   gets no answer, or `Reconnect.max_attempts` connections in a row brought nothing. It is
   logged at debug level (`datachain_studio` logger). The poll picks up after the last line
   yielded.

Errors: 401/403 at the handshake raise `AuthenticationError` / `PermissionDeniedError`; a
terminal `message` frame raises `LogStreamError` with its text; a frame that is not JSON, or
not the shape asyncapi.yaml gives, ends that connection (logged at debug) and counts as a
connection that failed: it never surfaces as a raw `KeyError`/`ValueError`.

Bounds: every read and write of the connection gets at most the follow's time left, so a
server that stays silent, or floods pings and never reads, ends the follow on time with
`WaitTimeoutError`. Messages may be up to `MAX_FRAME_BYTES` (16 MiB): a frame holds a batch
of lines, a frame over the limit closes the connection and the next connection would send
the same backlog again (ids are skipped on the client), so the limit is set far above what a
batch holds (the official client keeps its library's 1 MiB) while still bounding what one
message may cost.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import random as _random
import time
from collections.abc import AsyncIterable, Awaitable, Callable, Iterable
from typing import TYPE_CHECKING, Any, Final, TypeAlias
from urllib.parse import urlencode, urlsplit, urlunsplit

import httpx2

from ._deadline import attempt_deadline
from ._exceptions import (
    APIConnectionError,
    APIResponseValidationError,
    AuthenticationError,
    InternalServerError,
    InvalidRequestError,
    LogStreamError,
    PermissionDeniedError,
    make_status_error,
)
from ._logging import logger
from ._secrets import mask_secrets

if TYPE_CHECKING:
    from datachain_studio_api.models import JobLogsOutput, JobOutput, JobStatus

    from ._base_client import BaseClient, LazyHTTP, _Attempt
    from ._deadline import Deadline

__all__ = [
    "MAX_FRAME_BYTES",
    "PATH",
    "AsyncReads",
    "FollowEvent",
    "LogLine",
    "Reconnect",
    "StatusChange",
    "SyncReads",
    "stream_url",
]

PATH: Final = "/api/logs/follow/"
MAX_FRAME_BYTES: Final = 16 * 1024 * 1024
FINISHED: Final = frozenset({"COMPLETE", "FAILED", "CANCELED", "TASK"})


@dataclasses.dataclass(frozen=True, slots=True)
class LogLine:
    """One line of a job's log."""

    message: str
    """The text, without the newline that ends it on the stream."""
    id: int | None = None
    """Its id in the job's log (increasing from 1); None for a line read from an archived
    log, which carries no ids, or from a REST log whose ids are not integers."""


@dataclasses.dataclass(frozen=True, slots=True)
class StatusChange:
    """The job reached a status (the first one seen counts as a change)."""

    status: JobStatus
    """The status: a `JobStatus` (a stand-in member for a name Studio adds later)."""

    @property
    def finished(self) -> bool:
        """Whether the job will not change any more (COMPLETE, FAILED, CANCELED, TASK)."""
        return str(self.status) in FINISHED


FollowEvent: TypeAlias = LogLine | StatusChange
"""What `jobs.follow_events` yields."""


@dataclasses.dataclass(frozen=True)
class Reconnect:
    """How `jobs.follow` reconnects to the log stream when a connection ends early.

    The wait before reconnect number n (from 0) is `min(initial_delay * 2**n, max_delay)`
    plus up to `jitter` seconds at random; n goes back to 0 after a connection that brought
    something new. After `max_attempts` connections in a row that brought nothing, the
    follow goes on by polling the REST log instead. The defaults are the official client's
    (15 attempts, 1 s doubling to 60 s, plus up to 1 s).

    Attributes:
        max_attempts: Connections in a row that may bring nothing before the follow polls
            REST instead (a whole number from 0 up).
        initial_delay: Seconds before the first reconnect (from 0 up, finite).
        max_delay: The most seconds a wait grows to, jitter aside.
        jitter: The most seconds added at random to each wait.

    Raises:
        InvalidRequestError: A value is out of range or of the wrong type.
    """

    max_attempts: int = 15
    initial_delay: float = 1.0
    max_delay: float = 60.0
    jitter: float = 1.0

    def __post_init__(self) -> None:
        attempts = self.max_attempts
        if isinstance(attempts, bool) or not isinstance(attempts, int) or attempts < 0:
            raise InvalidRequestError(
                f"Reconnect.max_attempts must be a whole number from 0 up, got {attempts!r}"
            )
        for name in ("initial_delay", "max_delay", "jitter"):
            value = getattr(self, name)
            if (
                isinstance(value, bool)
                or not isinstance(value, int | float)
                or not value >= 0
                or value == float("inf")
            ):
                raise InvalidRequestError(
                    f"Reconnect.{name} must be a finite number of seconds from 0 up, got {value!r}"
                )

    def delay(self, attempt: int, random: float) -> float:
        """Seconds to wait before reconnect number `attempt`.

        Args:
            attempt: The reconnect's number, from 0 (after a connection that brought
                something new, 0 again).
            random: A number in [0, 1) that picks the jitter.

        Returns:
            `min(initial_delay * 2**attempt, max_delay) + random * jitter`.

        Raises:
            InvalidRequestError: `attempt` is not a whole number from 0 up, or `random` is
                not in [0, 1).
        """
        if isinstance(attempt, bool) or not isinstance(attempt, int) or attempt < 0:
            raise InvalidRequestError(f"attempt must be a whole number from 0 up, got {attempt!r}")
        if not (isinstance(random, int | float) and 0 <= random < 1):
            raise InvalidRequestError(f"random must be in [0, 1), got {random!r}")
        base = min(self.initial_delay * 2.0 ** min(attempt, 60), self.max_delay)
        return base + random * self.jitter


def stream_url(base_url: str, job_id: str, team: str, *, no_follow: bool) -> str:
    """The log stream's URL for a Studio at `base_url` (`wss` for https, `ws` for http)."""
    parts = urlsplit(base_url)
    scheme = "wss" if parts.scheme.lower() == "https" else "ws"
    query = {"job_id": job_id, "team_name": team}
    if no_follow:
        query["no_follow"] = "true"
    path = parts.path.rstrip("/") + PATH
    return urlunsplit((scheme, parts.netloc, path, urlencode(query), ""))


# --- frames --------------------------------------------------------------------------------


class _BadFrame(Exception):
    """A frame that is not what asyncapi.yaml describes (the connection is given up)."""


_Item: TypeAlias = tuple[str, Any]  # ("line", (id, text)) | ("status", name) | ("blobs", urls)


def parse_frame(data: str | bytes, *, no_follow: bool) -> list[_Item]:
    """What a frame says, in order; `LogStreamError` for a terminal `message`, `_BadFrame`
    for one that is not JSON or not of a known shape. Unknown keys are ignored."""
    if isinstance(data, bytes | bytearray | memoryview):
        try:
            data = bytes(data).decode("utf-8")
        except UnicodeDecodeError:
            raise _BadFrame("a binary frame that is not UTF-8 text") from None
    try:
        frame = json.loads(data)
    except (ValueError, RecursionError):
        raise _BadFrame(f"not JSON: {data[:60]!r}") from None
    if not isinstance(frame, dict):
        raise _BadFrame(f"not a JSON object but {type(frame).__name__}")
    if "message" in frame:
        text = frame["message"]
        raise LogStreamError(text if isinstance(text, str) else json.dumps(text)[:500])
    items: list[_Item] = []
    if not no_follow and "log_blobs" in frame:
        urls = frame["log_blobs"]
        if not isinstance(urls, list) or not all(isinstance(u, str) for u in urls):
            raise _BadFrame("log_blobs is not a list of URLs")
        if urls:
            items.append(("blobs", urls))
    if not no_follow and "logs" in frame:
        entries = frame["logs"]
        if not isinstance(entries, list):
            raise _BadFrame("logs is not a list")
        for entry in entries:
            ident = entry.get("id") if isinstance(entry, dict) else None
            text = entry.get("message") if isinstance(entry, dict) else None
            if isinstance(ident, bool) or not isinstance(ident, int) or not isinstance(text, str):
                raise _BadFrame("a log entry without an integer id and a text message")
            items.append(("line", (ident, _strip_newline(text))))
    if "job" in frame:
        job = frame["job"]
        status = job.get("status") if isinstance(job, dict) else None
        if not isinstance(status, str) or not status:
            raise _BadFrame("job carries no status name")
        items.append(("status", status))
    return items


def _strip_newline(text: str) -> str:
    """A line without the one newline Studio ends it with."""
    if text.endswith("\n"):
        text = text[:-1]
        if text.endswith("\r"):
            text = text[:-1]
    return text


# --- what a follow has seen ----------------------------------------------------------------


@dataclasses.dataclass
class _Connected:
    """How one connection went."""

    opened: bool = False
    new: bool = False  # it brought a line, a status or an archived log not seen before
    finished: bool = False  # it ended normally after a finished status


class _Follow:
    """The state of one follow, shared by the sync and async drivers (no I/O here)."""

    def __init__(
        self,
        api: BaseClient,
        job_id: str,
        team: str,
        *,
        deadline: Deadline,
        poll_interval: float,
        no_follow: bool,
        stream: bool,
        reconnect: Reconnect,
        limits: _Attempt | None,
    ) -> None:
        self.job_id = job_id
        self.team = team
        self.deadline = deadline
        self.poll_interval = poll_interval
        self.no_follow = no_follow
        # `wait_timeout=0` means "look once": one REST read does that, a stream cannot.
        self.stream = stream and not deadline.look_once
        self.reconnect = reconnect
        self.url = stream_url(api.base_url, job_id, team, no_follow=no_follow)
        self.api = api
        self.secret = api._secret
        limits = limits or api._limits()  # the call's, checked by the caller, or the client's
        self.open_timeout = float(limits.timeout.connect or 10.0)
        self.random = _random.random
        # What has been yielded.
        self.last_id: int | None = None  # the highest line id
        self.count = 0  # lines
        self.status: str | None = None  # the last status
        self.blob_lines: dict[str, int] = {}  # archived-log URL -> lines it holds
        self.failures = 0  # connections in a row that brought nothing

    # --- time ------------------------------------------------------------------------------

    def left(self) -> float | None:
        """Seconds left before `wait_timeout`; `WaitTimeoutError` once none are."""
        return self.deadline.left()

    def bounded(self, seconds: float) -> float:
        return self.deadline.cap(seconds)

    def next_delay(self) -> float | None:
        """Seconds before the next connection, or None: poll REST from now on."""
        if self.failures > self.reconnect.max_attempts:
            logger.debug(
                "log stream of job %s: %d connections in a row brought nothing; "
                "polling the REST log instead",
                self.job_id,
                self.failures,
            )
            return None
        return self.bounded(self.reconnect.delay(max(self.failures - 1, 0), self.random()))

    # --- what is new -----------------------------------------------------------------------

    def line(self, ident: int | None, text: str) -> LogLine | None:
        if ident is not None:
            if self.last_id is not None and ident <= self.last_id:
                return None
            self.last_id = ident
        self.count += 1
        return LogLine(text, ident)

    def status_change(self, status: object) -> StatusChange | None:
        from datachain_studio_api.models import JobStatus
        from datachain_studio_api.types import _enum_member

        name = str(getattr(status, "value", status))
        if not name or name == self.status:
            return None
        self.status = name
        return StatusChange(_enum_member(JobStatus, name))

    def rest_lines(self, logs: JobLogsOutput) -> list[LogLine]:
        """The lines of a REST log not yielded yet: by id where it has integer ids and a
        line with an id was yielded, else by position (a log only grows at its end)."""
        fresh: list[LogLine] = []
        entries = logs.logs if isinstance(logs.logs, list) else []
        position = 0
        for entry in entries:
            text = getattr(entry, "message", None)
            if not isinstance(text, str):
                continue
            ident = getattr(entry, "id", None)
            number = ident if isinstance(ident, int) and not isinstance(ident, bool) else None
            if number is not None and self.last_id is not None:
                new = number > self.last_id
            else:
                new = position >= self.count
            position += 1
            if new and (found := self.line(number, text)) is not None:
                fresh.append(found)
        return fresh

    def after_connection(self, outcome: _Connected) -> None:
        self.failures = 0 if outcome.new else self.failures + 1

    # --- the connection --------------------------------------------------------------------

    def handshake(self, http: httpx2.Client | httpx2.AsyncClient) -> httpx2.Request:
        """The handshake's request: a GET of the stream's route made as every call's request
        is (the token, the default headers, the user agent), bounded by the time left."""
        from ._base_client import APICall, _Attempt

        query = {"job_id": self.job_id, "team_name": self.team}
        if self.no_follow:
            query["no_follow"] = "true"
        seconds = self.bounded(self.open_timeout)
        attempt = _Attempt(httpx2.Timeout(seconds), seconds)
        return self.api._request(http, APICall("GET", PATH, None, params=query), attempt)

    def refused(self, refused: HandshakeRefused) -> Exception | None:
        """The error to raise for a refused handshake (401, 403); None: the stream cannot be
        had this time (logged at debug level)."""
        response = refused.response
        if response.status_code not in (401, 403):
            logger.debug(
                "log stream of job %s: no connection (%s)",
                self.job_id,
                mask_secrets(str(refused), (self.secret,)),
            )
            return None
        found = make_status_error(response)
        cls = AuthenticationError if response.status_code == 401 else PermissionDeniedError
        text = (
            f"Studio refused the log stream of job {self.job_id} ({found.message}): check the "
            f"token and the team ({self.team})"
        )
        return cls(text, response=response, body=found.body).hide(self.secret)

    def connected(self, response: httpx2.Response, started: float) -> None:
        """Log the handshake's answer as every call's is (INFO, secrets redacted)."""
        from ._base_client import APICall, _log_response

        _log_response(response, started, 1, APICall("GET", PATH, None))

    def unreachable(self, exc: BaseException) -> None:
        """Note a handshake that got no answer (logged at debug level)."""
        logger.debug(
            "log stream of job %s: no connection (%s)",
            self.job_id,
            mask_secrets(_describe(exc), (self.secret,)),
        )

    def bad_frame(self, problem: Exception) -> None:
        logger.debug(
            "log stream of job %s: a bad frame (%s); reconnecting",
            self.job_id,
            mask_secrets(str(problem), (self.secret,)),
        )

    def rest_status_failed(self, exc: Exception) -> bool:
        """Whether a failed status check may be ignored (the status stays unknown)."""
        if isinstance(exc, APIConnectionError | InternalServerError | APIResponseValidationError):
            logger.debug("job %s: the status check failed (%s)", self.job_id, exc)
            return True
        return False

    def terminal(self, exc: LogStreamError) -> LogStreamError:
        """The error for a terminal `message` frame, naming the job, the token masked."""
        exc.job_id = self.job_id
        return exc.hide(self.secret)

    def finished_now(self) -> bool:
        return self.status in FINISHED


def _describe(exc: BaseException) -> str:
    status = getattr(getattr(exc, "response", None), "status_code", None)
    text = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    return f"HTTP {status}" if status is not None else text


class _Lines:
    """Splits text arriving in pieces into lines at each `\\n` (a `\\r\\n` ending loses its
    `\\r` too; a lone `\\r`, as progress bars write it, stays in its line). A line's pieces
    are joined once, when it ends: a long line costs its length, not its length squared."""

    def __init__(self) -> None:
        self._rest: list[str] = []

    def feed(self, text: str) -> list[str]:
        if "\n" not in text:
            if text:
                self._rest.append(text)
            return []
        lines = text.split("\n")
        last = lines.pop()
        if self._rest:
            lines[0] = "".join(self._rest) + lines[0]
        self._rest = [last] if last else []
        return [line[:-1] if line.endswith("\r") else line for line in lines]

    def end(self) -> list[str]:
        rest, self._rest = "".join(self._rest), []
        return [rest] if rest else []


class _BlobFailed(Exception):
    pass


# --- what the sync and async drivers (_sync/follow.py, _async/follow.py) do differently ---


class SyncReads:
    """What a sync follow needs besides the stream: the HTTP client, and the job, its REST
    log and an archived log (`read_lines`, by its pre-signed URL) read with the follow's
    team, timeout, retries and deadline. (A plain class: it is made at import time of the
    package, where a dataclass would cost more.)"""

    __slots__ = ("blob", "http", "job", "logs")

    def __init__(
        self,
        http: LazyHTTP[httpx2.Client],
        job: Callable[[], JobOutput],
        logs: Callable[[], JobLogsOutput],
        blob: Callable[[str], list[str]],
    ) -> None:
        self.http = http
        self.job = job
        self.logs = logs
        self.blob = blob


class AsyncReads:
    """The async twin of `SyncReads`."""

    __slots__ = ("blob", "http", "job", "logs")

    def __init__(
        self,
        http: LazyHTTP[httpx2.AsyncClient],
        job: Callable[[], Awaitable[JobOutput]],
        logs: Callable[[], Awaitable[JobLogsOutput]],
        blob: Callable[[str], Awaitable[list[str]]],
    ) -> None:
        self.http = http
        self.job = job
        self.logs = logs
        self.blob = blob


_LINE_COST: Final = 64
"""Bytes of memory a line costs besides its text (the str and its place in the list)."""


def read_lines(response: httpx2.Response, body: Iterable[bytes], limit: int) -> list[str]:
    """The lines of an archived log's `body` (its pieces, decoded and bounded by the
    pipeline), read whole: a failed read is tried again from its start, so no line is taken
    twice. The lines may cost at most four times `limit` in memory (`ResponseTooLargeError`):
    a body of short lines would otherwise cost many times its size."""
    lines = _LogText(response, limit)
    for piece in body:
        lines.feed(piece)
    return lines.end()


async def async_read_lines(
    response: httpx2.Response, body: AsyncIterable[bytes], limit: int
) -> list[str]:
    """The async twin of `read_lines`."""
    lines = _LogText(response, limit)
    async for piece in body:
        lines.feed(piece)
    return lines.end()


class _LogText:
    """The lines of a body as its pieces come, decoded in its charset (UTF-8 unless the
    answer names another), their memory counted."""

    def __init__(self, response: httpx2.Response, limit: int) -> None:
        import codecs

        try:
            decoder = codecs.getincrementaldecoder(response.encoding or "utf-8")
        except LookupError:
            decoder = codecs.getincrementaldecoder("utf-8")
        self._decoder = decoder(errors="replace")
        self._splitter = _Lines()
        self._lines: list[str] = []
        self._cost = 0
        self._response = response
        self._limit = limit

    def feed(self, piece: bytes) -> None:
        self._take(self._splitter.feed(self._decoder.decode(piece)))

    def end(self) -> list[str]:
        self._take(self._splitter.feed(self._decoder.decode(b"", final=True)))
        self._take(self._splitter.end())
        return self._lines

    def _take(self, lines: list[str]) -> None:
        self._cost += sum(map(len, lines)) + _LINE_COST * len(lines)
        if self._cost > 4 * self._limit:
            from ._bodies import _size_text
            from ._exceptions import ResponseTooLargeError

            self._lines = []
            raise ResponseTooLargeError(
                f"The archived log has too many lines: they would take more than four times "
                f"max_response_size ({_size_text(self._limit)}) in memory",
                response=self._response,
                limit=self._limit,
            )
        self._lines += lines


class WebSocketEnded(Exception):
    """A log stream connection is over: `code` as RFC 6455 numbers it (1000 a normal close,
    1006 a connection lost without a close frame, 1009 a message over the limit)."""

    def __init__(self, code: int, reason: str = "") -> None:
        super().__init__(f"{code} {reason}".rstrip())
        self.code = code
        self.reason = reason

    @property
    def normal(self) -> bool:
        """Whether the peer (or the client) closed it on purpose (code 1000)."""
        return self.code == 1000


class HandshakeRefused(Exception):
    """The handshake was answered, but not by a valid `101`: `response` holds the answer
    (its body read, bounded)."""

    def __init__(self, problem: str, response: httpx2.Response) -> None:
        super().__init__(problem)
        self.response = response


def _handshake_bound(seconds: float) -> contextlib.AbstractContextManager[Any]:
    """Bounds a sync handshake (on the client's own transport, every socket operation of it;
    a user's httpx2 client bounds each one by its timeout)."""
    return attempt_deadline(time.monotonic() + seconds)


def _async_handshake_bound(seconds: float) -> contextlib.AbstractContextManager[Any]:
    """The async twin of `_handshake_bound` (asyncio or trio)."""
    import anyio

    return anyio.fail_after(seconds)


async def _async_abort(stream: Any) -> None:
    """Nothing: closing an async stream wakes the task reading it (anyio)."""


def _abort(stream: Any) -> None:
    """Wake a thread blocked reading `stream` (closing a socket does not, shutting it down
    does), so that closing the client from another thread ends a follow at once."""
    import socket

    sock = stream.get_extra_info("socket")
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
