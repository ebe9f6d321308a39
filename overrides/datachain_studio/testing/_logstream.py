"""The local Studio's log stream: `/api/logs/follow/` (WebSocket) and its archived-log blobs.

What goes over it is asyncapi.yaml (beside openapi.yaml): JSON text frames `{"logs": [...]}`,
`{"log_blobs": [...]}`, `{"job": {"status": ...}}`, `{"type": "ping"}` and the terminal
`{"message": ...}`. Every frame sent is checked against the payload schemas of that
document, by a checker thread once it is out (jsonschema is slower than the stream: see
`LogStreams._check`); one that breaks them is recorded as a `ContractViolation`, and the
emulator's `check` fails the test that caused it (stopping the emulator waits for the
checks). Log ids are checked before sending: a frame whose ids would not go on increasing
across the connection is recorded and not sent, and the connection is closed with 1011.

The handshake is checked like a REST request (`App.authenticate`): a bad token is refused
401, a team the token does not belong to (or no such team) 403, both with a JSON body. An
unknown job (or one of another team) gets the terminal frame `{"message": "Job <id> not
found"}` and a close.

How a connection follows its job, without polling:
- The state is behind `state.lock` and changes in worker threads. Every log line a job
  writes and every status it reaches calls the listeners of `_jobs` (lock held); ours marks
  the job's connections `pending` and wakes each with `loop.call_soon_threadsafe(event.set)`
  (once until it has read: `pending` is cleared, under the lock, when it reads).
- A woken connection reads what is new in a worker thread (`_collect`, under the lock: it
  also moves the job on to the present, as any REST read does), then sends it from the event
  loop. Jobs step lazily (`Job.catch_up`), so a connection also wakes when its job's next
  step is due, and after `ping_seconds` without a frame, to send `{"type": "ping"}`.
- Lines come out in order, with ids (1-based positions in the job's log, the same ids as
  `GET jobs/{id}/logs`), at most `MAX_FRAME_LINES` lines / about `MAX_FRAME_BYTES` per frame;
  lines written before a status change are sent before it (`Job.status_changes` records how
  many lines were written when each status was reached). `message` is the line plus `\\n`, as
  Studio sends it (the official client prints it verbatim).
- When the job has finished and everything is out, the server closes with 1000.
- `no_follow=true`: `job` frames only.

Archived logs: `archive(job)` (test hook `StudioEmulator.archive_logs`, or automatically
when a connection opens for a job that finished more than `archive_after` seconds ago)
moves the log written so far into a blob at `/_blobs/<key>`, a fresh unguessable key each
time. A new connection then gets `{"log_blobs": [<url>]}` and `logs` frames for the lines
after the archive only. The blob route is outside the REST contract (not checked against
openapi.yaml), needs no token, and, like a pre-signed storage URL, refuses a request that
carries an `Authorization` header (400); an unknown key is 403.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import functools
import importlib.resources
import json
import math
import queue
import secrets
import threading
import uuid
from collections.abc import Callable, Mapping
from concurrent.futures import Executor
from importlib.resources.abc import Traversable
from json.encoder import encode_basestring as _json_string
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import yaml  # type: ignore[import-untyped, unused-ignore]
from jsonschema import Draft7Validator  # type: ignore[import-untyped, unused-ignore]
from referencing import Registry
from referencing.jsonschema import DRAFT7, DRAFT202012

from ._app import App, ContractViolation
from ._asgi import Message, Receive, Scope, Send, StudioASGI, reject_websocket
from ._contract import load_contract
from ._handlers.base import ApiError, Reply, Request, error_body
from ._jobs import Job, add_listener, remove_listener
from ._state import Credential, State, Team

__all__ = [
    "BLOB_PREFIX",
    "MAX_FRAME_BYTES",
    "MAX_FRAME_LINES",
    "OPERATION",
    "PATH",
    "PING_SECONDS",
    "BlobFetch",
    "FrameContract",
    "LogStreams",
    "asyncapi_path",
    "load_frame_contract",
]

PATH = "/api/logs/follow/"
BLOB_PREFIX = "/_blobs/"
# Seconds without a frame after which a connection gets `{"type": "ping"}`. Assumed: what
# real Studio uses is not known; 20 s is the keepalive interval of the `websockets` library
# the official client uses, and well under the 60 s idle timeout common to proxies and load
# balancers, so an idle stream is never cut by one.
PING_SECONDS = 20.0
MAX_FRAME_LINES = 1000
# A frame's size at most (but a single longer line goes alone in its frame: lines are never
# split), well under the 1 MiB the official client's library takes.
MAX_FRAME_BYTES = 256 * 1024
OPERATION = "streamJobLogs"  # the operation of asyncapi.yaml, named in violations
_HANDSHAKE = 101  # the "status" a frame's violation is recorded with: the upgraded connection
_DROPPED = 1012  # close code when a test drops the connections ("service restart")
_BROKEN = 1011  # close code after a frame that broke the contract (not sent)

_ASYNCAPI_URI = "https://datachain-studio.invalid/contract/asyncapi.yaml"
_OPENAPI_URI = "https://datachain-studio.invalid/contract/openapi.yaml"
_MESSAGES = {
    "ping": "Ping",
    "logs": "Logs",
    "log_blobs": "LogBlobs",
    "job": "JobStatus",
    "message": "TerminalError",
}


def asyncapi_path() -> Traversable:
    """Where asyncapi.yaml is: inside the installed package, else at the repository's root."""
    packaged = importlib.resources.files("datachain_studio") / "asyncapi.yaml"
    if packaged.is_file():
        return packaged
    return Path(__file__).resolve().parents[3] / "asyncapi.yaml"


class FrameContract:
    """The payload schemas of asyncapi.yaml's messages, by frame kind (`logs`, `job`, ...).

    The document's `$ref`s into openapi.yaml (the job status names) resolve to the
    emulator's openapi.yaml.
    """

    def __init__(self, spec: Mapping[str, Any], openapi: Mapping[str, Any]) -> None:
        self.spec = spec
        registry: Registry[Any] = Registry().with_resources(
            [
                (_ASYNCAPI_URI, DRAFT7.create_resource(spec)),
                (_OPENAPI_URI, DRAFT202012.create_resource(openapi)),
            ]
        )
        self._validators = {
            kind: Draft7Validator(
                {"$ref": f"{_ASYNCAPI_URI}#/components/messages/{name}/payload"},
                registry=registry,
            )
            for kind, name in _MESSAGES.items()
        }

    def problem(self, kind: str, frame: Any) -> str | None:
        """How `frame`, sent as a `kind` frame, breaks the contract; None if it keeps it."""
        validator = self._validators.get(kind)
        if validator is None:
            return f"{kind!r} is not a frame asyncapi.yaml declares"
        errors = sorted(validator.iter_errors(frame), key=lambda e: list(e.absolute_path))
        if not errors:
            return None
        return "; ".join(
            f"{'/'.join(str(p) for p in e.absolute_path) or 'frame'}: {e.message}"
            for e in errors[:5]
        )


@functools.cache
def load_frame_contract() -> FrameContract:
    """asyncapi.yaml's frame schemas, read once."""
    spec = yaml.safe_load(asyncapi_path().read_text(encoding="utf-8"))
    return FrameContract(spec, load_contract().spec)


@dataclasses.dataclass(frozen=True)
class BlobFetch:
    """One request for an archived-log blob: its path, the answer, and whether it carried an
    `Authorization` header (which a pre-signed URL must not get)."""

    path: str
    status: int
    authorization: bool


@dataclasses.dataclass
class _Batch:
    frames: list[str]
    close: int | None = None  # close the connection with this code after the frames
    wake_in: float | None = None  # seconds until the job's next step is due


class _Connection:
    """One open log stream, between the event loop (its own fields) and the workers."""

    def __init__(
        self, loop: asyncio.AbstractEventLoop, team: str, job_id: str, no_follow: bool
    ) -> None:
        self.loop = loop
        self.team = team
        self.job_id = job_id
        self.no_follow = no_follow
        self.event = asyncio.Event()
        self.pending = False  # a wake-up is on its way (state lock)
        self.started = False
        self.sent_lines = 0  # how many of the job's lines are sent (or archived)
        self.sent_changes = 0  # how many of the job's status changes are handled
        self.status: str | None = None  # the last status sent
        self.last_id = 0  # the highest log id sent (checked: ids must increase)
        self.gone = False  # the client has left
        self.dropped = False  # a test asked for the connection to be dropped
        self.closed = threading.Event()

    def wake(self) -> None:
        """From any thread: read the state again soon."""
        with contextlib.suppress(RuntimeError):  # the loop has closed: nobody to wake
            self.loop.call_soon_threadsafe(self.event.set)


class LogStreams:
    """The log stream and blob routes of one local Studio, and their test hooks."""

    def __init__(
        self,
        app: App,
        *,
        base_url: Callable[[], str],
        ping_seconds: float = PING_SECONDS,
        archive_after: float | None = None,
    ) -> None:
        if not (isinstance(ping_seconds, int | float) and math.isfinite(ping_seconds)):
            raise ValueError(f"log_ping_seconds must be a number of seconds: {ping_seconds!r}")
        if ping_seconds <= 0:
            raise ValueError(f"log_ping_seconds must be positive: {ping_seconds!r}")
        if archive_after is not None and not archive_after >= 0:
            raise ValueError(f"log_archive_after must be None or >= 0: {archive_after!r}")
        self.app = app
        self.state: State = app.state
        self.base_url = base_url
        self.ping_seconds = float(ping_seconds)
        self.archive_after = archive_after
        self.contract = load_frame_contract()
        self.opened = 0  # connections accepted so far
        self.bytes_sent = 0  # payload bytes of the frames sent so far (for benchmarks)
        self.blob_fetches: list[BlobFetch] = []
        self._executor: Executor | None = None
        self._lock = threading.Lock()  # guards the connection sets (taken after state.lock)
        self._connections: set[_Connection] = set()
        self._by_job: dict[str, set[_Connection]] = {}
        self._checks: queue.SimpleQueue[list[tuple[str, Any]] | None] = queue.SimpleQueue()
        self._checker: threading.Thread | None = None
        add_listener(self._job_changed)

    def install(self, asgi: StudioASGI) -> None:
        """Serve the stream and the blobs on `asgi`'s server (reading the state in its pool)."""
        self._executor = asgi.executor
        asgi.websocket_routes[PATH] = self.websocket
        self.app.local_routes[BLOB_PREFIX] = self.blob

    def close(self) -> None:
        """Stop listening to jobs, and finish checking the frames sent (so that a frame that
        broke the contract is recorded before anyone looks)."""
        remove_listener(self._job_changed)
        checker, self._checker = self._checker, None
        if checker is not None:
            self._checks.put(None)
            checker.join()

    # --- test hooks (any thread) -----------------------------------------------------------

    @property
    def open_connections(self) -> int:
        with self._lock:
            return len(self._connections)

    def drop_all(self, timeout: float = 5.0) -> int:
        """Close every open stream (code 1012) and wait until they are closed; how many."""
        with self._lock:
            connections = list(self._connections)
        for connection in connections:
            connection.dropped = True
            connection.wake()
        for connection in connections:
            connection.closed.wait(timeout)
        return len(connections)

    def archive(self, job: Job) -> str:
        """Archive the log `job` has written so far (state lock held); the blob's URL."""
        job.log_archived = len(job.logs)
        job.log_blob_key = secrets.token_urlsafe(24)  # a new URL: what one serves never changes
        return self._blob_url(job)

    # --- the WebSocket ---------------------------------------------------------------------

    async def websocket(self, scope: Scope, receive: Receive, send: Send) -> None:
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
        headers = {
            name.decode("latin-1").lower(): value.decode("latin-1")
            for name, value in scope.get("headers", [])
        }
        try:
            credential: Credential = self.app.authenticate(headers.get("authorization", ""))
        except ApiError as exc:
            await reject_websocket(scope, receive, send, exc.status, exc.detail)
            return
        team = _last(query, "team_name") or credential.default_team
        if team not in credential.teams or team not in self.state.teams:
            await reject_websocket(scope, receive, send, 403, f"Not authorized for the team {team}")
            return
        message: Message = await receive()
        if message["type"] != "websocket.connect":
            return
        await send({"type": "websocket.accept"})
        loop = asyncio.get_running_loop()
        no_follow = (_last(query, "no_follow") or "").strip().lower() in ("true", "1")
        connection = _Connection(loop, team, _last(query, "job_id") or "", no_follow)
        with self._lock:
            self.opened += 1
            self._connections.add(connection)
            self._by_job.setdefault(_canonical(connection.job_id), set()).add(connection)
        try:
            await self._serve(connection, receive, send)
        except OSError:
            pass  # the client left while a frame was being sent
        finally:
            with self._lock:
                self._connections.discard(connection)
                followers = self._by_job.get(_canonical(connection.job_id))
                if followers is not None:
                    followers.discard(connection)
                    if not followers:
                        del self._by_job[_canonical(connection.job_id)]
            connection.closed.set()

    async def _serve(self, connection: _Connection, receive: Receive, send: Send) -> None:
        loop = connection.loop
        listening = asyncio.ensure_future(_listen(connection, receive))
        last_frame = loop.time()
        try:
            while True:
                if connection.gone:
                    return
                if connection.dropped:
                    await send({"type": "websocket.close", "code": _DROPPED})
                    return
                connection.event.clear()
                batch = await loop.run_in_executor(self._executor, self._collect, connection)
                for text in batch.frames:
                    await send({"type": "websocket.send", "text": text})
                    self.bytes_sent += len(text.encode("utf-8"))
                    last_frame = loop.time()
                if batch.close is not None:
                    await send({"type": "websocket.close", "code": batch.close})
                    return
                while not (connection.event.is_set() or connection.gone):
                    ping_in = last_frame + self.ping_seconds - loop.time()
                    if ping_in <= 0:
                        await send({"type": "websocket.send", "text": '{"type":"ping"}'})
                        last_frame = loop.time()
                        continue
                    wait = ping_in if batch.wake_in is None else min(ping_in, batch.wake_in)
                    with contextlib.suppress(TimeoutError):
                        async with asyncio.timeout(wait):
                            await connection.event.wait()
                    if batch.wake_in is not None and not connection.event.is_set():
                        break  # the job's next step is due: read it
        finally:
            listening.cancel()

    def _collect(self, connection: _Connection) -> _Batch:
        """In a worker thread: the frames that are due, checked and encoded."""
        frames: list[tuple[str, dict[str, Any]]] = []
        close: int | None = None
        wake_in: float | None = None
        with self.state.lock:
            connection.pending = False
            team = self.state.teams[connection.team]
            self.state.catch_up(team)
            job = team.jobs.get(_canonical(connection.job_id))
            if job is None:
                shown = connection.job_id[:200]
                text = f"Job {shown} not found" if shown else "job_id is required"
                frames.append(("message", {"message": text}))
                close = 1000
            else:
                frames = self._due(connection, job, team)
                if job.finished and connection.sent_changes == len(job.status_changes):
                    close = 1000
                elif job.next_step_at is not None:
                    wake_in = max(0.001, (job.next_step_at - self.state.now()).total_seconds())
            self.state.commit(team)  # what catching up with the clock changed
        texts = self._encoded(connection, frames)
        if len(texts) < len(frames):
            close = _BROKEN  # a frame broke the contract: send no more
        return _Batch(texts, close, wake_in)

    def _due(self, connection: _Connection, job: Job, team: Team) -> list[tuple[str, Any]]:
        """What `connection` has not been sent yet (state lock held)."""
        frames: list[tuple[str, Any]] = []
        if not connection.started:
            connection.started = True
            self._archive_if_old(job)
            if job.log_archived and not connection.no_follow:
                frames.append(("log_blobs", {"log_blobs": [self._blob_url(job)]}))
                connection.sent_lines = job.log_archived
            frames += self._lines(connection, job, len(job.logs))
            frames.append(("job", {"job": {"status": job.status}}))
            connection.status = job.status
            connection.sent_changes = len(job.status_changes)
            return frames
        for change in job.status_changes[connection.sent_changes :]:
            frames += self._lines(connection, job, int(change.get("lines", len(job.logs))))
            if change["status"] != connection.status:
                frames.append(("job", {"job": {"status": change["status"]}}))
                connection.status = change["status"]
        connection.sent_changes = len(job.status_changes)
        frames += self._lines(connection, job, len(job.logs))
        return frames

    def _lines(self, connection: _Connection, job: Job, upto: int) -> list[tuple[str, Any]]:
        """The `logs` frames for the job's lines up to `upto` not sent yet (lock held)."""
        start, upto = connection.sent_lines, min(upto, len(job.logs))
        if upto <= start:
            return []
        connection.sent_lines = upto
        if connection.no_follow:
            return []
        frames: list[tuple[str, Any]] = []
        entries: list[dict[str, Any]] = []
        size = 0
        for number in range(start + 1, upto + 1):
            text = job.logs[number - 1] + "\n"
            # The entry's size as it will be sent: `{"id":N,"message":"..."},`
            cost = len(_json_string(text).encode("utf-8")) + len(str(number)) + 18
            if entries and (len(entries) >= MAX_FRAME_LINES or size + cost > MAX_FRAME_BYTES):
                frames.append(("logs", {"logs": entries}))
                entries, size = [], 0
            entries.append({"id": number, "message": text})
            size += cost
        frames.append(("logs", {"logs": entries}))
        return frames

    def _encoded(self, connection: _Connection, frames: list[tuple[str, Any]]) -> list[str]:
        """The frames as text (outside the lock). Log ids are checked here: a frame whose
        ids do not go on increasing is recorded and not sent, nor anything after it. The
        schemas are checked by the checker thread (`_check`), once the frames are out."""
        out: list[str] = []
        for kind, frame in frames:
            problem = _ids_problem(connection, frame["logs"]) if kind == "logs" else None
            if problem is not None:
                self._violation(kind, frame, problem)
                break
            text = json.dumps(frame, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
            out.append(text)
        if frames:
            self._to_check(frames[: len(out)])
        return out

    def _to_check(self, frames: list[tuple[str, Any]]) -> None:
        with self._lock:
            if self._checker is None:
                self._checker = threading.Thread(
                    target=self._check, name="studio-emulator-frame-checks", daemon=True
                )
                self._checker.start()
        self._checks.put(frames)

    def _check(self) -> None:
        """The checker thread: every frame sent, against its payload schema in asyncapi.yaml.

        Checking with jsonschema costs about 30 us a log line, several times what sending
        it does; done before sending, it would hold the stream back (a job writing faster
        than that would see its lines late). A frame that breaks a schema has been sent by
        the time it is found, but it is recorded all the same (`close` waits for the checks
        to be done, before the emulator's `check`), so the test that caused it fails.
        """
        while (frames := self._checks.get()) is not None:
            for kind, frame in frames:
                problem = self.contract.problem(kind, frame)
                if problem is not None:
                    self._violation(kind, frame, problem)

    def _violation(self, kind: str, frame: Any, problem: str) -> None:
        self.app.on_violation(
            ContractViolation(OPERATION, _HANDSHAKE, f"{kind} frame: {problem}", frame)
        )

    def _archive_if_old(self, job: Job) -> None:
        if (
            self.archive_after is not None
            and job.finished
            and job.finished_at is not None
            and (self.state.now() - job.finished_at).total_seconds() >= self.archive_after
            and job.log_archived < len(job.logs)
        ):
            self.archive(job)

    def _blob_url(self, job: Job) -> str:
        return f"{self.base_url()}{BLOB_PREFIX}{job.log_blob_key}"

    def _job_changed(self, job: Job) -> None:
        """A job wrote a line or reached a status (state lock held): wake its followers."""
        followers = self._by_job.get(job.id)
        if not followers:
            return
        with self._lock:
            waiting = [c for c in followers if not c.pending]
            for connection in waiting:
                connection.pending = True
        for connection in waiting:
            connection.wake()

    # --- the blobs -------------------------------------------------------------------------

    def blob(self, request: Request) -> Reply:
        """`GET /_blobs/<key>` (`App.local_routes`): an archived log as text, for no token
        at all."""
        path = request.path
        authorized = "authorization" in request.headers
        if request.method not in ("GET", "HEAD"):  # uvicorn sends no body to a HEAD
            reply = Reply(405, error_body(f"Method {request.method} not allowed on {path}"))
        elif authorized:
            # What a pre-signed storage URL answers to a request that also carries a token.
            text = "Only one auth mechanism allowed: a pre-signed URL takes no Authorization"
            reply = Reply(400, error_body(text))
        elif (found := self._blob_text(path)) is None:
            reply = Reply(403, error_body("This log URL is not valid (or no longer valid)"))
        else:
            reply = Reply(200, found, {"Content-Type": "text/plain; charset=utf-8"})
        self.blob_fetches.append(BlobFetch(path, reply.status, authorized))
        return reply

    def _blob_text(self, path: str) -> bytes | None:
        key = path[len(BLOB_PREFIX) :]
        if not key:
            return None
        with self.state.lock:
            for team in self.state.teams.values():
                for job in team.jobs.values():
                    if job.log_blob_key is not None and secrets.compare_digest(
                        job.log_blob_key, key
                    ):
                        lines = job.logs[: job.log_archived]
                        return "".join(line + "\n" for line in lines).encode("utf-8")
        return None


async def _listen(connection: _Connection, receive: Receive) -> None:
    """Wait for the client to leave (it sends nothing else that matters)."""
    while True:
        message = await receive()
        if message["type"] == "websocket.disconnect":
            connection.gone = True
            connection.event.set()
            return


def _ids_problem(connection: _Connection, entries: list[dict[str, Any]]) -> str | None:
    for entry in entries:
        if entry["id"] <= connection.last_id:
            return f"log id {entry['id']} after {connection.last_id}: ids must increase"
        connection.last_id = entry["id"]
    return None


def _canonical(job_id: str) -> str:
    try:
        return str(uuid.UUID(job_id))
    except ValueError:
        return job_id


def _last(query: Mapping[str, list[str]], name: str) -> str | None:
    values = query.get(name)
    return values[-1] if values else None
