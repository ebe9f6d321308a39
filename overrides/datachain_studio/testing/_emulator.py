"""`StudioEmulator`: the local Studio, its configuration, lifecycle and test controls."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import json
import shutil
import sys
import tempfile
import threading
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from ._app import App, ContractViolation
from ._contract import load_contract
from ._jobs import Job, iso
from ._server import StudioServer
from ._state import Credential, State, User
from ._store import SqliteStore

__all__ = [
    "DEFAULT_TEAM",
    "DEFAULT_TOKEN",
    "ContractViolationError",
    "StudioEmulator",
    "WebhookDelivery",
]

DEFAULT_TOKEN = "isat_emulator"
DEFAULT_TEAM = "emulator"


class ContractViolationError(AssertionError):
    """The emulator sent (or was about to send) a response that breaks openapi.yaml, or a
    handler crashed: a bug in the emulator, not in the code under test."""


class StudioEmulator:
    """A local DataChain Studio on loopback that keeps to openapi.yaml.

        with StudioEmulator() as emu:
            studio = Studio(token=emu.token, url=emu.url, team=emu.team)

    Tokens: `token` belongs to `team`. `tokens` adds more, each mapped to its team or to a
    list of teams (the first is its own, used when a request names none). Tokens in
    `read_only_tokens` may only read (403 on writes); those not in `tokens` belong to `team`.

    Jobs take one step (CREATED -> QUEUED -> RUNNING -> COMPLETE) every `job_step_seconds`;
    with None they only move when driven (`advance_job`, `finish_job`, `fail_job`). Pipeline
    runs move at the same pace. `clock` replaces the wall clock (it must return aware UTC
    times), e.g. to make schedules fire in a test.

    Every response is checked against the contract; one that breaks it is answered 500 and
    recorded in `contract_violations` (crashed handlers in `errors`). Leaving the `with`
    block raises `ContractViolationError` if either is not empty (unless `check_on_exit` is
    False, or the block is raising already).

    Webhooks: with `webhook_url`, the emulator POSTs a `PING` there when it starts and a
    `JOB` event on every status a job reaches (CREATED, QUEUED, RUNNING, then COMPLETE,
    FAILED or CANCELED), in order, as Studio does (see `datachain_studio.webhooks` for the
    headers and bodies). Bodies are signed with `webhook_secret` when given. Jobs then move
    on by themselves, without being read. Every delivery is recorded in
    `webhook_deliveries`; a failed one is not retried and is not an error of the emulator.

    With `data_dir`, state is kept in SQLite there (uploads beside it) and read back on start.
    """

    def __init__(
        self,
        *,
        token: str = DEFAULT_TOKEN,
        team: str = DEFAULT_TEAM,
        tokens: Mapping[str, str | Sequence[str]] | None = None,
        read_only_tokens: Iterable[str] = (),
        job_step_seconds: float | None = 0.05,
        host: str = "127.0.0.1",
        port: int = 0,
        clock: Callable[[], dt.datetime] | None = None,
        clusters: Iterable[Mapping[str, Any]] | None = None,
        max_upload_bytes: int | None = None,
        check_on_exit: bool = True,
        verbose: bool = False,
        webhook_url: str | None = None,
        webhook_secret: str | None = None,
        data_dir: str | Path | None = None,
    ) -> None:
        self.token = token
        self.team = team
        self.host = host
        self.check_on_exit = check_on_exit
        self.contract_violations: list[ContractViolation] = []
        self.errors: list[str] = []
        self._port = port
        self._verbose = verbose
        self._upload_dir = Path(tempfile.mkdtemp(prefix="studio-emulator-"))
        step = None if job_step_seconds is None else dt.timedelta(seconds=job_step_seconds)
        self.state = State(
            _credentials(token, team, tokens or {}, read_only_tokens),
            clock=clock or (lambda: dt.datetime.now(dt.UTC)),
            step=step,
            upload_dir=self._upload_dir,
            clusters=clusters,
            store=None if data_dir is None else SqliteStore(data_dir),
        )
        self.state.on_error = self._record_error  # background work that failed
        self._app = App(
            load_contract(),
            self.state,
            base_url=lambda: self.url,
            on_violation=self._record_violation,
            on_error=self._record_error,
            max_upload_bytes=max_upload_bytes,
        )
        self._server: StudioServer | None = None
        self._started = False
        self._closed = False
        self.webhook_deliveries: list[WebhookDelivery] = []
        self._webhooks = (
            None
            if webhook_url is None
            else _WebhookSender(self, webhook_url, webhook_secret, verbose=verbose)
        )

    # --- lifecycle -------------------------------------------------------------------------

    def start(self) -> Self:
        """Bind the port (unless `bind` did) and serve in background threads; return once
        the server accepts connections."""
        if self._started:
            raise RuntimeError("an emulator can be started once")
        if self._server is None:
            self._bind()
        assert self._server is not None
        self._started = True
        try:
            self._server.start()
        except BaseException:
            self._shutdown()
            raise
        if self._webhooks is not None:
            self._webhooks.start()
        return self

    def bind(self) -> None:
        """Bind the port now, so `url` is known before `start` or `serve_forever` serves."""
        self._bind()

    def serve_forever(self) -> None:
        """Serve until `KeyboardInterrupt` (Ctrl-C; SIGTERM too if its handler raises it),
        then stop."""
        try:
            self.start()
            assert self._server is not None
            while not self._server.wait(0.5):
                pass
        except KeyboardInterrupt:
            pass
        finally:
            self._shutdown()

    def stop(self) -> None:
        """Stop serving, close open connections and delete the uploaded files."""
        self._shutdown()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
        if self.check_on_exit and exc_type is None:
            self.check()

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("the emulator is not running")
        return self._server.port

    @property
    def url(self) -> str:
        """The base URL to give the client, e.g. `http://127.0.0.1:8765`."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    def check(self) -> None:
        """Raise `ContractViolationError` if a response broke the contract or a handler crashed."""
        problems = [str(v) for v in self.contract_violations] + self.errors
        if problems:
            raise ContractViolationError(
                "The Studio emulator broke its contract:\n  " + "\n  ".join(problems)
            )

    # --- test controls ---------------------------------------------------------------------

    def job_status(self, job_id: object) -> str:
        """A job's status now."""
        with self.state.lock:
            return self._job(job_id).status

    def advance_job(self, job_id: object, steps: int = 1) -> str:
        """Move a job on by `steps` steps now; return its status."""
        with self.state.lock:
            job = self._job(job_id)
            for _ in range(steps):
                job.advance(self.state.now())
            return job.status

    def finish_job(self, job_id: object) -> None:
        """End a job COMPLETE now (`ValueError` if it has finished already)."""
        with self.state.lock:
            self._unfinished(job_id).finish(self.state.now())

    def fail_job(
        self, job_id: object, message: str = "The query failed", exit_code: int = 1
    ) -> None:
        """End a job FAILED now with `message` (`ValueError` if it has finished already)."""
        with self.state.lock:
            self._unfinished(job_id).fail(self.state.now(), message, exit_code)

    def upload_path(self, upload_id: int) -> Path:
        """Where the bytes of an upload are kept (until the emulator stops)."""
        with self.state.lock:
            for team in self.state.teams.values():
                if upload_id in team.uploads:
                    return team.uploads[upload_id].path
        raise KeyError(f"no upload with id {upload_id}")

    # --- internals -------------------------------------------------------------------------

    def _bind(self) -> None:
        if self._closed or self._server is not None:
            raise RuntimeError("an emulator can be started once")
        self._server = StudioServer(self.host, self._port, self._app, verbose=self._verbose)

    def _shutdown(self) -> None:
        server, self._server = self._server, None
        self._closed = True
        if self._webhooks is not None:
            self._webhooks.stop()
        if server is not None:
            server.stop()
        shutil.rmtree(self._upload_dir, ignore_errors=True)

    def _job(self, job_id: object) -> Job:
        try:
            return self.state.find_job(str(job_id))
        except KeyError:
            raise KeyError(f"the emulator has no job {job_id}") from None

    def _unfinished(self, job_id: object) -> Job:
        job = self._job(job_id)
        if job.finished:
            raise ValueError(f"job {job.id} has already finished ({job.status})")
        return job

    def _record_violation(self, violation: ContractViolation) -> None:
        self.contract_violations.append(violation)
        print(f"studio emulator: CONTRACT VIOLATION {violation}", file=sys.stderr)

    def _record_error(self, text: str) -> None:
        self.errors.append(text)
        print(f"studio emulator: handler crashed: {text}", file=sys.stderr)


# --- webhooks ------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class WebhookDelivery:
    """One webhook POST: its event, body, and the receiver's answer (`status`, else `error`)."""

    event: str
    body: bytes
    status: int | None
    error: str | None


class _WebhookSender:
    """Sends the emulator's webhook events from a thread of its own.

    Every `interval` it moves each team's jobs on to the present (as reading them would),
    takes the statuses they reached since the last round (`Job.status_changes`) and POSTs a
    JOB event for each, oldest first; a PING goes first of all.
    """

    interval = 0.02
    timeout = 5.0

    def __init__(
        self, emulator: StudioEmulator, url: str, secret: str | None, *, verbose: bool
    ) -> None:
        if not url.startswith(("http://", "https://")):
            raise ValueError(f"webhook_url must be an http(s) URL, got {url!r}")
        self._emulator = emulator
        self._url = url
        self._secret = secret
        self._verbose = verbose
        self._sent: dict[str, int] = {}
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._base_url = ""
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    def start(self) -> None:
        if self._thread is None:
            self._base_url = self._emulator.url
            self._thread = threading.Thread(target=self._run, name="studio-webhooks", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=self.timeout + 1)

    def _run(self) -> None:
        self._post("PING", {"action": "PING", "message": "Webhook connection test successful"})
        while not self._stopping.wait(self.interval):
            for payload in self._due():
                if self._stopping.is_set():
                    return
                self._post("JOB", payload)

    def _due(self) -> list[dict[str, Any]]:
        state = self._emulator.state
        payloads = []
        with state.lock:
            for team in state.teams.values():
                state.catch_up(team)
                for job in sorted(team.jobs.values(), key=lambda j: j.seq):
                    done = self._sent.get(job.id, 0)
                    for change in job.status_changes[done:]:
                        payloads.append(_job_event(job, change, self._base_url))
                    self._sent[job.id] = len(job.status_changes)
        return payloads

    def _post(self, event: str, payload: dict[str, Any]) -> None:
        from ..webhooks import EVENT_HEADER, SIGNATURE_HEADER, sign

        body = json.dumps(payload).encode("utf-8")
        headers = {
            "Content-Type": "application/json",
            "User-Agent": "datachain-studio-emulator",
            EVENT_HEADER: event,
            "X-Datachain-Delivery": str(uuid.uuid4()),
        }
        if self._secret:
            headers[SIGNATURE_HEADER] = sign(body, self._secret)
        request = urllib.request.Request(self._url, data=body, headers=headers, method="POST")
        status: int | None = None
        error: str | None = None
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                status = response.status
        except urllib.error.HTTPError as exc:
            status = exc.code
        except (OSError, ValueError) as exc:
            error = str(exc) or type(exc).__name__
        self._emulator.webhook_deliveries.append(WebhookDelivery(event, body, status, error))
        if self._verbose or error is not None:
            outcome = error if error is not None else f"status {status}"
            print(f"studio emulator: webhook {event} -> {self._url}: {outcome}", file=sys.stderr)


def _job_event(job: Job, change: Mapping[str, Any], base_url: str) -> dict[str, Any]:
    """A JOB event as Studio sends it, for the job as it was at `change`."""
    data = job.to_json(base_url, include_steps=False)
    data.update(
        status=change["status"],
        started_at=iso(change["started_at"]),
        finished_at=iso(change["finished_at"]),
        updated_at=iso(change["at"]),
        exit_code=change["exit_code"],
        error_message=change["error_message"],
        error_stack=change["error_stack"],
    )
    return {
        "action": "job_status",
        "job": data,
        "timestamp": iso(change["at"]),
        "text": f"Job {job.name} ({job.id}) changed its status to {change['status']}",
    }


def _credentials(
    token: str,
    team: str,
    tokens: Mapping[str, str | Sequence[str]],
    read_only: Iterable[str],
) -> list[Credential]:
    teams: dict[str, tuple[str, ...]] = {token: (team,)}
    for extra, owned in tokens.items():
        teams[extra] = (owned,) if isinstance(owned, str) else tuple(owned)
    limited = set(read_only)
    for extra in limited:
        teams.setdefault(extra, (team,))
    credentials = []
    ids = itertools.count(1)
    for secret, owned in teams.items():
        if not secret or not owned or not all(owned):
            raise ValueError(f"every token needs a non-empty value and team, got {secret!r}")
        number = next(ids)
        credentials.append(
            Credential(secret, User(number, f"user{number}"), owned, secret in limited)
        )
    return credentials
