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
from ._asgi import BODY_TIMEOUT
from ._contract import load_contract
from ._dataset_model import BadName, encode_rows, find_dataset, new_version, parse_name, semver
from ._handlers.datasets import EXPORTS_PREFIX, export_route
from ._handlers.signin import approve
from ._handlers.signin import local_routes as device_routes
from ._handlers.storage import storage_for
from ._jobs import Job, iso
from ._logstream import PING_SECONDS, BlobFetch, LogStreams
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
    One emulator at a time may use a `data_dir`, from its creation until it stops (or its
    process ends, however): `DataDirError` when another holds it, or it cannot be written.

    Storage listing (`POST datachain/ls`, msgpack; `_handlers.storage` says how): `storage`
    maps a URI prefix (`s3://bucket`) to a local folder served as that storage; `add_storage`
    adds one. Device sign-in (`_handlers.signin`): codes expire after `device_login_seconds`
    of the clock; `approve_device` approves one (or `POST /_local/device/approve` with a
    token); the token it makes works everywhere until `device_logout` revokes it
    (`token_is_valid`).

    Datasets (`_handlers.datasets` says how they behave): `add_dataset` and `seed_datasets`
    seed them; a job whose query calls `.save("name")` creates a version when it completes.
    An export's chunks are written one every `export_delay` seconds of the clock (0: at once;
    None: only when driven, `advance_export`), `export_chunk_rows` rows each, as real
    Studio's are: LZ4-compressed Parquet (`_export_chunks` says how).

    A request that sends none of its body for `body_timeout` seconds (a client that stalls
    after its headers, or mid-body), or whose head (request line and headers, a WebSocket
    handshake's too) has not all come `body_timeout` seconds after its first byte, is
    answered 408 and its connection closed. Every answer is strict JSON (RFC 8259); a
    request body that is not (`NaN`, or nested deeper than 100 levels) is answered 422.

    Log stream (asyncapi.yaml; `_logstream` says how it works): `/api/logs/follow/` streams
    a job's lines and status changes as they happen, `{"type": "ping"}` after every
    `log_ping_seconds` without a frame. `write_log` writes a line now; `archive_logs` (or,
    with `log_archive_after`, any job that finished that many seconds before a stream opens)
    moves the log so far into a blob served without a token; `drop_log_streams` closes every
    open stream mid-job. `log_stream=False` leaves the route out (a Studio without it: the
    handshake is answered 404).
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
        export_delay: float | None = 0.0,
        export_chunk_rows: int = 1000,
        body_timeout: float = BODY_TIMEOUT,
        log_ping_seconds: float = PING_SECONDS,
        log_archive_after: float | None = None,
        log_stream: bool = True,
        storage: Mapping[str, str | Path] | None = None,
        device_login_seconds: float = 900.0,
    ) -> None:
        if not body_timeout > 0:
            raise ValueError(f"body_timeout must be a positive number of seconds: {body_timeout!r}")
        if not device_login_seconds > 0:
            raise ValueError(f"device_login_seconds must be > 0: {device_login_seconds!r}")
        self.token = token
        self.team = team
        self.host = host
        self.check_on_exit = check_on_exit
        self.contract_violations: list[ContractViolation] = []
        self.errors: list[str] = []
        self._port = port
        self._verbose = verbose
        self._body_timeout = body_timeout
        self._upload_dir = Path(tempfile.mkdtemp(prefix="studio-emulator-"))
        store: SqliteStore | None = None
        try:
            step = None if job_step_seconds is None else dt.timedelta(seconds=job_step_seconds)
            credentials = _credentials(token, team, tokens or {}, read_only_tokens)
            store = None if data_dir is None else SqliteStore(data_dir)
            self.state = State(
                credentials,
                clock=clock or (lambda: dt.datetime.now(dt.UTC)),
                step=step,
                upload_dir=self._upload_dir,
                clusters=clusters,
                store=store,
            )
            self.state.on_error = self._record_error  # background work that failed
            self.state.device_login_ttl = dt.timedelta(seconds=device_login_seconds)
            for uri, folder in (storage or {}).items():
                self.add_storage(uri, folder)
            if export_delay is not None and not export_delay >= 0:
                raise ValueError(f"export_delay must be >= 0 seconds or None: {export_delay!r}")
            if export_chunk_rows < 1:
                raise ValueError(f"export_chunk_rows must be at least 1: {export_chunk_rows!r}")
            self.state.export_delay = export_delay
            self.state.export_chunk_rows = export_chunk_rows
            self._app = App(
                load_contract(),
                self.state,
                base_url=lambda: self.url,
                on_violation=self._record_violation,
                on_error=self._record_error,
                max_upload_bytes=max_upload_bytes,
            )
            # The local Studio's own HTTP routes (the log stream's blobs are added by
            # `LogStreams.install`).
            self._app.local_routes.update(device_routes(self.state))
            self._app.local_routes[EXPORTS_PREFIX] = export_route(self.state)
            self._logs = LogStreams(
                self._app,
                base_url=lambda: self.url,
                ping_seconds=log_ping_seconds,
                archive_after=log_archive_after,
            )
            self._log_stream = log_stream
            self._server: StudioServer | None = None
            self._started = False
            self._closed = False
            self.webhook_deliveries: list[WebhookDelivery] = []
            self._webhooks = (
                None
                if webhook_url is None
                else _WebhookSender(self, webhook_url, webhook_secret, verbose=verbose)
            )
        except BaseException:  # nothing is left open or on disk
            if store is not None:
                store.close()
            shutil.rmtree(self._upload_dir, ignore_errors=True)
            raise

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

    def write_log(self, job_id: object, text: str) -> int:
        """Write `text` to a job's log now (each of its lines, if it has several); the id of
        the last line written. Open log streams of the job get it at once."""
        with self.state.lock:
            job = self._job(job_id)
            for line in text.splitlines() or [""]:
                job.log(line)
            self.state.commit(self.state.teams[job.team])
            return len(job.logs)

    def archive_logs(self, job_id: object) -> str:
        """Archive the log a job has written so far, as Studio does with old logs: streams
        opened from now on get its URL (`log_blobs`, fetched without a token) and then only
        the lines written after it. Returns the URL."""
        with self.state.lock:
            job = self._job(job_id)
            url = self._logs.archive(job)
            self.state.commit(self.state.teams[job.team])
            return url

    def drop_log_streams(self) -> int:
        """Close every open log stream now (close code 1012, as a server restart would) and
        wait until they are closed; how many there were. Clients reconnect."""
        return self._logs.drop_all()

    @property
    def log_streams_opened(self) -> int:
        """How many log-stream connections have been accepted so far."""
        return self._logs.opened

    @property
    def log_streams_open(self) -> int:
        """How many log-stream connections are open now."""
        return self._logs.open_connections

    @property
    def blob_fetches(self) -> list[BlobFetch]:
        """Every request for an archived-log blob so far."""
        return list(self._logs.blob_fetches)

    def add_dataset(
        self,
        name: str,
        *,
        versions: str | Iterable[str] | Mapping[str, Iterable[Mapping[str, Any]]] = ("1.0.0",),
        rows: Iterable[Mapping[str, Any]] = (),
        description: str | None = None,
        attrs: Iterable[str] | None = None,
        team: str | None = None,
        exist_ok: bool = False,
    ) -> dict[str, Any]:
        """Seed a dataset of `team` (default: the emulator's) with complete versions.

        `name` is `namespace.project.name`. `versions` are `MAJOR.MINOR.PATCH` strings, each
        with `rows` (JSON-able mappings; datetimes become ISO text), or a mapping of version
        to its own rows. The schema comes from the values (see `_dataset_model.encode_rows`).
        To an existing dataset the versions are added (`description` and `attrs`, when
        given, replace its own). `ValueError` for a bad name, version or row, a version the
        dataset has (unless `exist_ok`: then it is left as it is), or an unknown team;
        nothing is added then. Returns the dataset as `get_dataset` answers it.
        """
        if isinstance(versions, str):
            versions = (versions,)
        if isinstance(versions, Mapping):
            planned = [(str(v), list(r)) for v, r in versions.items()]
        else:
            shared = list(rows)
            planned = [(str(v), shared) for v in versions]
        if not planned:
            raise ValueError(f"dataset {name} needs at least one version")
        try:
            namespace, project, short = parse_name(name)
        except BadName as exc:
            raise ValueError(str(exc)) from None
        with self.state.lock:
            owner = self.state.teams.get(team or self.team)
            if owner is None:
                raise ValueError(f"the emulator has no team {team!r}: give it a token")
            self.state.catch_up(owner)
            found = find_dataset(owner, namespace, project, short, include_removed=True)
            taken = {v.version for v in found.versions} if found else set()
            for version, version_rows in planned:
                if semver(version) is None:
                    raise ValueError(f"version {version!r} of {name} is not MAJOR.MINOR.PATCH")
                if version in taken and not exist_ok:
                    raise ValueError(f"dataset {name} has version {version} already")
                encode_rows(version_rows)  # every row checked before anything is added
            for version, version_rows in planned:
                if version not in taken:
                    new_version(
                        self.state,
                        owner,
                        namespace,
                        project,
                        short,
                        version=version,
                        rows=version_rows,
                        description=description,
                        attrs=None if attrs is None else list(attrs),
                    )
                    taken.add(version)
            if found is not None and (description is not None or attrs is not None):
                found.description = found.description if description is None else description
                found.attrs = found.attrs if attrs is None else list(attrs)
            self.state.commit(owner)
            dataset = find_dataset(owner, namespace, project, short, include_removed=True)
            assert dataset is not None
            home = owner.dataset_projects[dataset.project_id]
            return dataset.info_json(home, include_removed=True)

    def seed_datasets(self, source: str | Path | Iterable[Mapping[str, Any]]) -> int:
        """Seed datasets from a JSON file (a list of objects, or `{"datasets": [...]}`) or
        from such objects: each has `name` and optionally `versions`, `rows`, `description`,
        `attrs`, `team`, the arguments of `add_dataset`. Versions there already are left as
        they are. Each version of an entry is seeded once (recorded with the state: in the
        `data_dir`, if any): a restart on the same `data_dir` seeds nothing twice, and only
        versions the file gained since are added. `description` and `attrs` are set only on a
        dataset the seed makes, so what a user changed since (description, attributes, a
        removed version, a new name) stays as they left it. Returns how many entries there
        were; `ValueError` for a bad file or entry."""
        if isinstance(source, str | Path):
            try:
                data = json.loads(Path(source).read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise ValueError(f"cannot read datasets from {source}: {exc}") from None
            if isinstance(data, dict) and "datasets" in data:
                data = data["datasets"]
            if not isinstance(data, list):
                raise ValueError(f"{source}: expected a list of datasets")
            entries: list[Any] = data
        else:
            entries = list(source)
        allowed = {"name", "versions", "rows", "description", "attrs", "team"}
        for number, entry in enumerate(entries):
            if not isinstance(entry, Mapping) or not isinstance(entry.get("name"), str):
                raise ValueError(f"dataset {number}: expected an object with a name")
            unknown = set(entry) - allowed
            if unknown:
                raise ValueError(f"dataset {entry['name']}: unknown keys {sorted(unknown)}")
            options = {k: v for k, v in entry.items() if k != "name"}
            with self.state.lock:
                self._seed_once(entry["name"], options)
        return len(entries)

    def _seed_once(self, name: str, options: dict[str, Any]) -> None:
        """`add_dataset` with the versions of a seed entry never seeded before, if any; its
        description and attributes only if the dataset is not there. The state's lock held."""
        versions = options.pop("versions", ("1.0.0",))
        rows = list(options.pop("rows", ()))
        if isinstance(versions, str):
            versions = (versions,)
        if isinstance(versions, Mapping):
            planned = {str(v): list(r) for v, r in versions.items()}
        else:
            planned = {str(v): rows for v in versions}
        team = options.get("team") or self.team
        keys = {version: f"{team}/{name}@{version}" for version in planned}
        fresh = {v: r for v, r in planned.items() if keys[v] not in self.state.seeded}
        if planned and not fresh:
            return
        owner = self.state.teams.get(team)
        try:
            parsed = parse_name(name)
        except BadName:
            parsed = None  # add_dataset says why
        there = owner and parsed and find_dataset(owner, *parsed, include_removed=True)
        if there:
            options.pop("description", None)
            options.pop("attrs", None)
        recorded = {keys[v] for v in fresh} - self.state.seeded
        self.state.seeded |= recorded  # committed with the versions
        try:
            self.add_dataset(name, versions=fresh, exist_ok=True, **options)
        except BaseException:
            self.state.seeded -= recorded
            raise

    def advance_export(self, export_id: int, chunks: int = 1) -> int:
        """Write the next `chunks` chunks of an export now; return how many are written."""
        with self.state.lock:
            for team in self.state.teams.values():
                export = team.dataset_exports.get(export_id)
                if export is not None:
                    export.catch_up(self.state.now())
                    export.advance(chunks)
                    self.state.commit(team)
                    return export.ready
        raise KeyError(f"the emulator has no export {export_id}")

    def upload_path(self, upload_id: int) -> Path:
        """Where the bytes of an upload are kept (until the emulator stops)."""
        with self.state.lock:
            for team in self.state.teams.values():
                if upload_id in team.uploads:
                    return team.uploads[upload_id].path
        raise KeyError(f"no upload with id {upload_id}")

    def add_storage(self, uri: str, folder: str | Path, *, indexing: bool = False) -> None:
        """Serve the local `folder` as the storage `uri` (`s3://bucket`, `gs://b/prefix`) to
        `POST datachain/ls`; again for the same `uri` replaces it. With `indexing`, listings
        answer "Indexing in progress" (`data: null`) until it is added again without."""
        entry = storage_for(uri, folder, indexing=indexing)
        with self.state.lock:
            self.state.storage[entry.uri] = entry

    def approve_device(
        self, user_code: str, *, token: str | None = None, teams: Sequence[str] | None = None
    ) -> str:
        """Approve a waiting device sign-in, as the person would in the browser: the user of
        `token` (default: the emulator's) approves the sign-in showing `user_code`. Its token
        is for the teams the sign-in asked for, else `teams`, else all of that user's teams.
        Returns the new token (the client gets it on its next poll).

        `KeyError`: no sign-in waits for that code (or it expired); `ValueError`: `token` is
        unknown, a team is not the user's, or the sign-in is approved already.
        Over HTTP: `POST /_local/device/approve` (see `_handlers.signin`).
        """
        with self.state.lock:
            approver = self.state.credentials.get(token or self.token)
            if approver is None:
                raise ValueError("approve_device: the approving token is not a valid token")
            return approve(self.state, user_code, approver, teams).token

    def token_is_valid(self, token: str) -> bool:
        """Whether requests with `token` are authenticated now (a revoked one is not)."""
        with self.state.lock:
            return token in self.state.credentials

    # --- internals -------------------------------------------------------------------------

    def _bind(self) -> None:
        if self._closed or self._server is not None:
            raise RuntimeError("an emulator can be started once")
        self._server = StudioServer(
            self.host,
            self._port,
            self._app,
            verbose=self._verbose,
            body_timeout=self._body_timeout,
        )
        if self._log_stream:
            self._logs.install(self._server.asgi)

    def _shutdown(self) -> None:
        server, self._server = self._server, None
        self._closed = True
        if self._webhooks is not None:
            self._webhooks.stop()
        if server is not None:
            server.stop()
        self._logs.close()  # after the server: every frame sent has been checked
        if self.state.store is not None:
            with self.state.lock:
                self.state.store.close()  # and the data directory is free for another
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

        body = json.dumps(payload, allow_nan=False).encode("utf-8")
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
