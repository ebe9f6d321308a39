"""Datasets: list, inspect, edit and remove them, see the versions a job saved, export a
version and download its rows.

A dataset is named `<namespace>.<project>.<name>` (`dev.animals.dogs`). Every method takes
that full name, or the bare name with `namespace=` and `project=` (or `project.name` with
`namespace=`); a name whose namespace or project cannot be told is refused before anything
is sent, since Studio has no default for them (the official client edits a short name
locally instead). Methods about one version (`delete`, `export`, `download`) also take
`name@v1.0.0` (or `name@1.0.0`) in place of `version=`; `get` and `update` act on the whole
dataset and refuse a version in the name rather than ignore it. A user's own namespace,
`@<username>` (`@jane.default.dogs`), is a namespace like any other.

These operations are beyond the published reference: they are what the official `datachain`
client calls (openapi.yaml marks each with its evidence).

Retry policy: `list`, `get`, `job_versions`, `export`, `export_status` and the chunk
downloads of `download` are retried on any transient failure, as other reads are (a retried
`export` may start a second export on Studio: harmless, the first is simply not used);
`delete` and an `update` of the description or attributes are retried as other updates and
deletes are (on any transient failure: a retry after a lost answer may be told 404, the
first attempt having done the work); an `update` that renames is retried only when Studio
cannot have acted on it, so a rename that succeeded is never reported as "not found".
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, TypeAlias

import httpx

from datachain_studio_api.api.datasets import (
    delete_dataset,
    export_dataset,
    get_dataset,
    get_dataset_export_status,
    list_dataset_job_versions,
    list_datasets,
    update_dataset,
)
from datachain_studio_api.models import (
    Dataset,
    DatasetEditInput,
    DatasetExportOutput,
    DatasetExportStatus,
    DatasetJobVersion,
    DatasetJobVersions,
    DatasetRemoveInput,
)

from .. import _base_client
from .. import _validation as check
from .._base_client import (
    APICall,
    Timeout,
    _async_sleep,
    check_retries,
    check_timeout,
)
from .._exceptions import (
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    InvalidRequestError,
    WaitTimeoutError,
)
from .._export import DatasetExportError, DownloadProgress, DownloadProgressCallback
from .._logging import logger
from .._pool import _release
from ._base import AsyncResource, Resource, SyncResource, Team

if TYPE_CHECKING:
    from .._retry import RetryPolicy

__all__ = ["AsyncDatasets", "Datasets"]

JobId: TypeAlias = str | uuid.UUID
"""A job's id: a `uuid.UUID` (as `JobOutput.id` is) or its text."""
PathInput: TypeAlias = str | os.PathLike[str]

_VERSION: Final = re.compile(r"v?(\d+\.\d+\.\d+)")
_SAFE: Final = re.compile(r"[^A-Za-z0-9._@-]+")
_SUFFIX: Final = re.compile(r"(?:\.[A-Za-z][A-Za-z0-9]{0,11}){1,3}$")
_RESERVED: Final = frozenset(".@")
"""Characters a dataset's name cannot hold (datachain's `DATASET_NAME_RESERVED_CHARS`)."""
_ERROR_EXCERPT: Final = 64 * 1024
"""Bytes of a failed chunk answer read for its message; the rest is not read."""
_STATUS_ERRORS: Final = (APIStatusError, APIConnectionError, APIResponseValidationError)
"""Failures of a status check made only to explain a chunk that failed (that error wins)."""
FAILED_STATES: Final = frozenset({"failed", "removed"})
"""Export statuses after which no more chunks come."""


# --- names ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Ref:
    """A dataset named in full, and maybe one of its versions."""

    namespace: str
    project: str
    name: str
    version: str | None = None

    @property
    def full_name(self) -> str:
        return f"{self.namespace}.{self.project}.{self.name}"


def _part(value: object, what: str) -> str | None:
    """A namespace or project given as a keyword: None, or one name (no `.`, and no `@` but
    at the start of a namespace: a user's own namespace is `@<username>`)."""
    if value is None:
        return None
    text = check.text_id(value, what) if isinstance(value, str) else None
    if text is None:
        raise InvalidRequestError(f"{what} must be a string, got {type(value).__name__}")
    if not _is_part(text, what):
        raise InvalidRequestError(
            f"{what} must be one name (no '.', no '@'"
            + (" but a leading one" if what == "namespace" else "")
            + f"), got {value!r}"
        )
    return text


def _is_part(text: str, what: str) -> bool:
    bare = text[1:] if what == "namespace" and text.startswith("@") else text
    return bool(bare) and "." not in bare and "@" not in bare


def _version(value: object, what: str = "version") -> str:
    """A dataset version as Studio names it: `1.0.0` (from `1.0.0` or `v1.0.0`)."""
    if not isinstance(value, str):
        raise InvalidRequestError(
            f"{what} must be a semantic version such as '1.0.0', got {type(value).__name__} "
            f"{value!r}"
        )
    found = _VERSION.fullmatch(value.strip())
    if found is None:
        raise InvalidRequestError(
            f"{what} must be a semantic version MAJOR.MINOR.PATCH such as '1.0.0', got {value!r}"
        )
    return found.group(1)


def _ref(
    name: object,
    namespace: object,
    project: object,
    version: object = None,
    *,
    versions: bool,
    needs_version: bool = False,
    method: str,
) -> _Ref:
    """The dataset (and version) a call names; `InvalidRequestError` if it cannot be told."""
    if not isinstance(name, str) or not name.strip():
        raise InvalidRequestError(
            f"name must be a dataset's name such as 'dev.animals.dogs', got "
            f"{'None' if name is None else f'{type(name).__name__} {name!r}'}"
        )
    text = name.strip()
    named_version = None
    head, at, after = text.rpartition("@")
    if at and head and "@" not in after:  # `name@v1.0.0`; not `@user.project.name`
        text = head
        if not versions:
            raise InvalidRequestError(
                f"{method} acts on the whole dataset, not one version: drop '@{after}' from "
                f"{name!r}"
            )
        named_version = _version(after, f"the version in {name!r}")
    chosen = None if version is None else _version(version)
    if named_version and chosen and named_version != chosen:
        raise InvalidRequestError(
            f"{name!r} names version {named_version} but version={version!r}: give one"
        )
    chosen = chosen or named_version
    if needs_version and chosen is None:
        raise InvalidRequestError(
            f"{method} needs a version: pass version='1.0.0' or name it as "
            f"'{text}@v1.0.0' (studio.datasets.get({text!r}).versions lists them)"
        )
    parts = [part.strip() for part in text.split(".")]
    kinds = ["namespace", "project", "name"][-len(parts) :] if len(parts) <= 3 else []
    if not kinds or not all(_is_part(part, kind) for part, kind in zip(parts, kinds, strict=True)):
        raise InvalidRequestError(
            f"{name!r} is not a dataset name: expected name, project.name or namespace.project.name"
        )
    given = {"namespace": _part(namespace, "namespace"), "project": _part(project, "project")}
    found: dict[str, str | None] = {"namespace": None, "project": None}
    if len(parts) == 3:
        found["namespace"], found["project"] = parts[0], parts[1]
    elif len(parts) == 2:
        found["project"] = parts[0]
    for key, value in given.items():
        if value is not None and found[key] is not None and value != found[key]:
            raise InvalidRequestError(
                f"{name!r} is in {key} {found[key]!r} but {key}={value!r}: give one"
            )
        found[key] = found[key] or value
    missing = [key for key, value in found.items() if value is None]
    if missing:
        raise InvalidRequestError(
            f"Cannot tell the {' and '.join(missing)} of dataset {name!r}: give its full name "
            f"('dev.animals.{parts[-1]}'), or " + " and ".join(f"{key}=..." for key in missing)
        )
    return _Ref(str(found["namespace"]), str(found["project"]), parts[-1], chosen)


# --- the calls ------------------------------------------------------------------------------


class _DatasetsCalls(Resource):
    def _list(self, prefix: object, include_removed: object, team: Team) -> APICall[list[Dataset]]:
        request = list_datasets.request(
            team_name=self._optional_team(team),
            prefix=check.optional_text(prefix, "prefix"),
            include_removed=_flag(include_removed, "include_removed"),
        )
        return APICall.of(request, idempotent=True)

    def _get(self, ref: _Ref, include_removed: object, team: Team) -> APICall[Dataset]:
        request = get_dataset.request(
            team_name=self._optional_team(team),
            namespace=ref.namespace,
            project=ref.project,
            name=ref.name,
            include_removed=_flag(include_removed, "include_removed"),
        )
        return APICall.of(request, idempotent=True)

    def _update(
        self,
        ref: _Ref,
        new_name: object,
        description: object,
        attrs: object,
        team: Team,
    ) -> APICall[None]:
        renamed = check.optional_text(new_name, "new_name")
        if renamed is not None and (
            not renamed.strip() or renamed != renamed.strip() or set(renamed) & _RESERVED
        ):
            raise InvalidRequestError(
                f"new_name must be a dataset's bare name (not empty, no spaces around it, no "
                f"'.' or '@'), got {renamed!r}"
            )
        text = check.optional_text(description, "description")
        labels = None if attrs is None else check.strings(attrs, "attrs")
        if renamed is None and text is None and labels is None:
            raise InvalidRequestError(
                "update needs something to change: new_name, description or attrs"
            )
        # Every key is sent, null when not changed, as the official client sends them.
        body = DatasetEditInput(
            name=ref.name,
            namespace=ref.namespace,
            project=ref.project,
            new_name=renamed,
            description=text,
            attrs=labels,
            team_name=self._team_or_none(team),
        )
        request = update_dataset.request(body=body.with_nulls())
        return APICall.of(request, idempotent=renamed is None, read=False)

    def _delete(self, ref: _Ref, force: object, team: Team) -> APICall[None]:
        body = DatasetRemoveInput(
            name=ref.name,
            namespace=ref.namespace,
            project=ref.project,
            version=ref.version,
            force=bool(check.optional_bool(force, "force")),
            team_name=self._team_or_none(team),
        )
        request = delete_dataset.request(body=body.with_nulls())
        return APICall.of(request, idempotent=True, read=False)

    def _job_versions(self, job_id: object, team: Team) -> APICall[DatasetJobVersions]:
        request = list_dataset_job_versions.request(
            team_name=self._optional_team(team), job_id=check.string_id(job_id, "job_id")
        )
        return APICall.of(request, idempotent=True)

    def _export(self, ref: _Ref, team: Team) -> APICall[DatasetExportOutput]:
        assert ref.version is not None
        request = export_dataset.request(
            team_name=self._optional_team(team),
            namespace=ref.namespace,
            project=ref.project,
            name=ref.name,
            version=ref.version,
        )
        return APICall.of(request, idempotent=True)

    def _export_status(self, export_id: object, team: Team) -> APICall[DatasetExportStatus]:
        request = get_dataset_export_status.request(
            team_name=self._optional_team(team), export_id=check.int_id(export_id, "export_id")
        )
        return APICall.of(request, idempotent=True)

    def _team_or_none(self, team: Team) -> str | None:
        chosen = self._optional_team(team)
        return chosen if isinstance(chosen, str) else None

    def _versions_of(
        self, answer: DatasetJobVersions, call: APICall[Any]
    ) -> list[DatasetJobVersion]:
        versions = answer.dataset_versions
        if versions is None:
            return []
        if not isinstance(versions, list):
            raise _bad_answer(
                call, self._client.url, "dataset_versions is not a list", answer.to_dict()
            )
        return versions

    def _plan(
        self,
        name: object,
        version: object,
        namespace: object,
        project: object,
        to: object,
        progress: object,
        intervals: tuple[object, object, object],
        timeout: Timeout | None,
        max_retries: int | None,
        team: Team,
    ) -> _Download:
        ref = _ref(
            name, namespace, project, version, versions=True, needs_version=True, method="download"
        )
        if progress is not None and not callable(progress):
            raise InvalidRequestError(
                f"progress must be callable as progress(DownloadProgress), got {progress!r}"
            )
        poll, status_every, wait_timeout = intervals
        api = self._client._api
        limits = api._limits() if timeout is None else check_timeout(timeout)
        policy = api._policy(None if max_retries is None else check_retries(max_retries))
        self._optional_team(team)
        return _Download(
            ref=ref,
            folder=_folder(to),
            progress=progress,  # checked callable above
            poll=check.poll_interval(poll),
            status_every=check.poll_interval(status_every, "status_interval"),
            limit=check.wait_limit(wait_timeout),
            timeout=limits.timeout,
            policy=policy,
            user_agent=api.user_agent,
        )


def _flag(value: object, name: str) -> Any:
    """A flag sent only when it is True (the official client sends it only when asked)."""
    return True if check.optional_bool(value, name) else None


def _bad_answer(
    call: APICall[Any], base_url: str, problem: str, body: object
) -> APIResponseValidationError:
    """The error for an answer that parsed but cannot be used (`problem` says why)."""
    request = httpx.Request(call.method, base_url + call.path, params=call.params)
    response = httpx.Response(200, json=body, request=request)
    return APIResponseValidationError(
        f"The response does not match the contract: {problem}", response=response, body=body
    )


def _folder(value: object) -> Path:
    if isinstance(value, bytes) or not isinstance(value, str | os.PathLike):
        raise InvalidRequestError(f"to must be a folder's path, got {value!r}")
    folder = Path(os.fspath(value)).expanduser()
    if folder.exists() and not folder.is_dir():
        raise InvalidRequestError(f"to must be a folder, but {folder} is a file")
    return folder


def _where(url: str) -> str:
    """A chunk URL without its query (a signed URL's query is its signature)."""
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL:
        return "<invalid URL>"
    return str(parsed.copy_with(query=None, fragment=None, userinfo=b""))


# --- download -------------------------------------------------------------------------------


@dataclass
class _Chunk:
    """One chunk being written: where it goes, and its temp file until it is complete."""

    index: int
    url: str
    final: Path
    temp: Path | None = None
    written: int = 0


class _Download:
    """The checked arguments and the state of one `download`; sync and async share it all
    but the few lines that fetch and write."""

    def __init__(
        self,
        *,
        ref: _Ref,
        folder: Path,
        progress: DownloadProgressCallback | None,
        poll: float,
        status_every: float,
        limit: float | None,
        timeout: httpx.Timeout,
        policy: RetryPolicy,
        user_agent: str,
    ) -> None:
        self.ref = ref
        self.folder = folder
        self.progress = progress
        self.poll = poll
        self.status_every = status_every
        self.deadline = None if limit is None else time.monotonic() + limit
        self.timeout = timeout
        self.policy = policy
        self.user_agent = user_agent
        self.export_id: int | None = None
        self.chunks: list[_Chunk] = []
        self.done = 0
        self.written = 0
        self.status: DatasetExportStatus | None = None
        self.checked_at: float | None = None
        self.completed_at: float | None = None
        self.made_folders: list[Path] = []
        self.committed: list[Path] = []

    # -- before the first chunk

    def make_folder(self) -> None:
        """Create the folder (and its missing parents), remembering what was created."""
        missing = []
        path = self.folder
        while not path.exists():
            missing.append(path)
            if path.parent == path:
                break
            path = path.parent
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InvalidRequestError(
                f"cannot create the folder {self.folder}: {exc.strerror or exc}"
            ) from None
        self.made_folders = missing
        if not os.access(self.folder, os.W_OK | os.X_OK):
            self.discard()
            raise InvalidRequestError(f"cannot write to the folder {self.folder}")

    def start(self, export: DatasetExportOutput, call: APICall[Any], base_url: str) -> None:
        """Take the export's id and chunk URLs (checked: a loosely read answer may hold
        anything)."""
        urls = export.signed_urls
        export_id = export.export_id
        if isinstance(export_id, bool) or not isinstance(export_id, int):
            raise _bad_answer(call, base_url, "export_id is not an integer", export.to_dict())
        if not isinstance(urls, list) or not all(isinstance(url, str) for url in urls):
            raise _bad_answer(call, base_url, "signed_urls is not a list of URLs", export.to_dict())
        for url in urls:
            try:
                scheme = httpx.URL(url).scheme
            except httpx.InvalidURL:
                scheme = ""
            if scheme not in ("http", "https"):
                raise _bad_answer(
                    call, base_url, f"a chunk URL is not http(s): {_where(url)}", export.to_dict()
                )
        self.export_id = export_id
        self.chunks = [
            _Chunk(index, url, self.folder / self._file_name(index, url))
            for index, url in enumerate(urls)
        ]

    def _file_name(self, index: int, url: str) -> str:
        """`dogs@v1.0.0_00000.parquet.lz4`: the dataset, the version, the chunk's place,
        and the suffixes of the URL's file name (`.jsonl`, `.parquet.lz4`) when it has
        plain ones. Unsafe characters become `_`, so a name can never leave the folder."""
        last = httpx.URL(url).path.rsplit("/", 1)[-1]
        suffix = _SUFFIX.search(last)
        stem = _SAFE.sub("_", f"{self.ref.name}@v{self.ref.version}").lstrip(".") or "dataset"
        return f"{stem[:120]}_{index:05d}{suffix.group(0) if suffix else ''}"

    # -- while downloading

    def left(self, what: str) -> float | None:
        """Seconds left before `wait_timeout`; `WaitTimeoutError` once there are none."""
        if self.deadline is None:
            return None
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise WaitTimeoutError(
                f"Timed out downloading {self.ref.full_name}@v{self.ref.version} ({what}: "
                f"{self.done} of {len(self.chunks)} chunks done)",
                last=self.status,
            )
        return left

    def pause(self, what: str) -> float:
        left = self.left(what)
        return self.poll if left is None else min(self.poll, left)

    def status_due(self) -> bool:
        return self.checked_at is None or time.monotonic() - self.checked_at >= self.status_every

    def took_status(self, status: DatasetExportStatus) -> None:
        """Note a status just read; `DatasetExportError` if the export has ended badly."""
        self.status = status
        self.checked_at = time.monotonic()
        text = _status_text(status.status)
        if text in FAILED_STATES:
            raise DatasetExportError(
                f"The export of {self.ref.full_name}@v{self.ref.version} {text} in Studio "
                f"(export {self.export_id}): nothing was downloaded",
                export_id=self.export_id,
                status=text,
            )
        if text == "completed" and self.completed_at is None:
            self.completed_at = self.checked_at
        self.report()

    def not_ready(self, chunk: _Chunk, fetched_at: float) -> None:
        """A chunk answered 404: it is not written yet. Still missing `status_every`
        seconds after Studio said the export is `completed`, it will never come.

        Assumed: `completed` means every chunk is written (the contract says so, from the
        official client's tests, where chunks are there once it is). The grace is for a
        Studio that says so a little early; the official client would wait for ever.
        """
        if self.completed_at is not None and fetched_at - self.completed_at >= self.status_every:
            raise DatasetExportError(
                f"Chunk {chunk.index + 1} of {len(self.chunks)} ({_where(chunk.url)}) is "
                "missing: Studio says the export is complete, but its URL still answers 404",
                export_id=self.export_id,
                status=_status_text(self.status.status) if self.status else None,
                chunk=chunk.index,
                status_code=404,
            )
        self.report(waiting=True)

    def request(self, http: httpx.Client | httpx.AsyncClient, chunk: _Chunk) -> httpx.Request:
        """A plain GET of the chunk's URL: no Studio token, whatever the httpx client holds."""
        request = http.build_request(
            "GET",
            chunk.url,
            headers={"Accept": "*/*", "User-Agent": self.user_agent},
            timeout=self.timeout,
        )
        for name in ("Authorization", "Cookie", "Proxy-Authorization"):
            request.headers.pop(name, None)
        return request

    def new_temp(self, chunk: _Chunk) -> Path:
        """A fresh temp file beside the chunk's final name (dropping one from a try before)."""
        self.drop_temp(chunk)
        fd, name = tempfile.mkstemp(dir=self.folder, prefix=f".{chunk.final.name}.", suffix=".part")
        os.close(fd)
        chunk.temp = Path(name)
        return chunk.temp

    def drop_temp(self, chunk: _Chunk) -> None:
        self.written -= chunk.written
        chunk.written = 0
        if chunk.temp is not None:
            chunk.temp.unlink(missing_ok=True)
            chunk.temp = None

    def wrote(self, chunk: _Chunk, size: int) -> None:
        chunk.written += size
        self.written += size
        self.left(f"writing chunk {chunk.index + 1}")
        self.report()

    def chunk_done(self, chunk: _Chunk, response: httpx.Response) -> None:
        self.done += 1
        logger.info(
            "chunk %d of %d of export %s: %s -> %d, %d bytes",
            chunk.index + 1,
            len(self.chunks),
            self.export_id,
            _where(chunk.url),
            response.status_code,
            chunk.written,
        )
        self.report()

    def report(self, *, waiting: bool = False) -> None:
        if self.progress is not None:
            self.progress(
                DownloadProgress(
                    bytes_written=self.written,
                    chunks_done=self.done,
                    chunks_total=len(self.chunks),
                    export_id=self.export_id or 0,
                    waiting=waiting,
                    export=self.status,
                )
            )

    def retry_delay(
        self, chunk: _Chunk, outcome: httpx.Response | Exception, attempt: int
    ) -> float | None:
        """Seconds before fetching a chunk again; None when it is not retried."""
        delay = self.policy.next_delay("GET", outcome, attempt, idempotent=True)
        if delay is None:
            return None
        logger.info(
            "retrying chunk %d of %d in %.2fs after %s",
            chunk.index + 1,
            len(self.chunks),
            delay,
            _outcome(outcome),
        )
        left = self.left(f"retrying chunk {chunk.index + 1}")
        return delay if left is None else min(delay, left)

    def export_may_tell(self) -> bool:
        """Whether a chunk that cannot be had may be explained by the export's status: one
        that said `completed` already would not say more."""
        return self.completed_at is None

    def chunk_error(
        self, chunk: _Chunk, outcome: httpx.Response | Exception, body: bytes = b""
    ) -> DatasetExportError:
        where = f"chunk {chunk.index + 1} of {len(self.chunks)} ({_where(chunk.url)})"
        if isinstance(outcome, httpx.Response):
            text = " ".join(body[:200].decode("utf-8", "replace").split())
            return DatasetExportError(
                f"Could not download {where}: it answered {_outcome(outcome)}"
                + (f": {text}" if text else ""),
                export_id=self.export_id,
                chunk=chunk.index,
                status_code=outcome.status_code,
            )
        return DatasetExportError(
            f"Could not download {where}: {_outcome(outcome)}",
            export_id=self.export_id,
            chunk=chunk.index,
        )

    # -- at the end

    def commit(self) -> list[Path]:
        """Give every chunk its final name (replacing a file of that name) and return them."""
        for chunk in self.chunks:
            assert chunk.temp is not None
            os.replace(chunk.temp, chunk.final)
            chunk.temp = None
            self.committed.append(chunk.final)
        return list(self.committed)

    def discard(self) -> None:
        """Remove everything this download wrote: temp files, committed chunks, and the
        folders it created (when they are empty)."""
        for chunk in self.chunks:
            if chunk.temp is not None:
                chunk.temp.unlink(missing_ok=True)
                chunk.temp = None
        for path in self.committed:  # a rename failed half-way through `commit`
            path.unlink(missing_ok=True)
        self.committed = []
        for path in self.made_folders:  # the deepest first
            try:
                path.rmdir()
            except OSError:
                break


def _status_text(status: object) -> str:
    return str(getattr(status, "value", status)).strip().lower()


def _outcome(outcome: httpx.Response | BaseException) -> str:
    if isinstance(outcome, httpx.Response):
        return f"{outcome.status_code} {outcome.reason_phrase}".strip()
    return type(outcome).__name__ + (f": {outcome}" if str(outcome) else "")


# --- the resources --------------------------------------------------------------------------


class Datasets(_DatasetsCalls, SyncResource):
    """`studio.datasets`: the team's datasets, their versions, exports and downloads."""

    def get(
        self,
        name: str,
        *,
        namespace: str | None = None,
        project: str | None = None,
        include_removed: bool = False,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> Dataset:
        """One dataset with all its versions.

        Args:
            name: `dev.animals.dogs`, or `dogs` with `namespace` and `project` (or
                `animals.dogs` with `namespace`). A version (`@v1.0.0`) is refused.
            namespace: The namespace, when `name` does not hold it.
            project: The project, when `name` does not hold it.
            include_removed: Also list the versions that were removed.
            team: The team (default: the client's, else the token's own team).
            timeout: Seconds (or an `httpx.Timeout`) for each attempt.
            max_retries: Retries of a transient failure (default: the client's).

        Returns:
            The `Dataset`, its `versions` in Studio's order.

        Raises:
            InvalidRequestError: the namespace or project cannot be told, or an argument is
                wrong (nothing was sent).
            NotFoundError: Studio has no such dataset.
            APIStatusError: Studio refused otherwise.
            APIConnectionError: Studio could not be reached.
        """
        ref = _ref(name, namespace, project, versions=False, method="get")
        call = self._get(ref, include_removed, team)
        return self._client._execute(call, timeout=timeout, max_retries=max_retries)

    def update(
        self,
        name: str,
        *,
        namespace: str | None = None,
        project: str | None = None,
        new_name: str | None = None,
        description: str | None = None,
        attrs: Iterable[str] | None = None,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> None:
        """Rename a dataset, or change its description or attributes.

        What is left out (None) is left as it is; `description=""` clears the description
        and `attrs=[]` the attributes. Studio's answer is not read: its shape is not known
        (the official client ignores it), so nothing is returned; `get` the dataset to see
        the change.

        Args:
            name: The dataset, as for `get` (its current name).
            namespace: The namespace, when `name` does not hold it.
            project: The project, when `name` does not hold it.
            new_name: The dataset's new name (in the same project).
            description: The new description.
            attrs: The new attributes (labels such as `"dogs"` or `"size=large"`); they
                replace the old ones.
            team: The team (default: the client's, else the token's own team).
            timeout: Seconds (or an `httpx.Timeout`) for each attempt.
            max_retries: Retries of a transient failure (default: the client's; a rename
                is retried only when Studio cannot have acted on it).

        Raises:
            InvalidRequestError: nothing to change, the namespace or project cannot be
                told, or an argument is wrong (nothing was sent).
            NotFoundError: Studio has no such dataset.
            APIStatusError: Studio refused otherwise (`ConflictError`: the new name is taken).
            APIConnectionError: Studio could not be reached.
        """
        ref = _ref(name, namespace, project, versions=False, method="update")
        call = self._update(ref, new_name, description, attrs, team)
        self._client._execute(call, timeout=timeout, max_retries=max_retries)

    def delete(
        self,
        name: str,
        *,
        namespace: str | None = None,
        project: str | None = None,
        version: str | None = None,
        force: bool = False,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> None:
        """Remove one version of a dataset, or the whole dataset with all its versions.

        Studio's answer is not read (its shape is not known).

        Args:
            name: The dataset, as for `get`; `dev.animals.dogs@v1.0.0` names a version.
            namespace: The namespace, when `name` does not hold it.
            project: The project, when `name` does not hold it.
            version: The version to remove (`1.0.0`); None, and no version in `name`,
                removes the whole dataset.
            force: Passed to Studio as `force` (the official CLI's `--force`).
            team: The team (default: the client's, else the token's own team).
            timeout: Seconds (or an `httpx.Timeout`) for each attempt.
            max_retries: Retries of a transient failure (default: the client's).

        Raises:
            InvalidRequestError: the namespace or project cannot be told, two different
                versions are given, or an argument is wrong (nothing was sent).
            NotFoundError: Studio has no such dataset or version.
            APIStatusError: Studio refused otherwise.
            APIConnectionError: Studio could not be reached.
        """
        ref = _ref(name, namespace, project, version, versions=True, method="delete")
        call = self._delete(ref, force, team)
        self._client._execute(call, timeout=timeout, max_retries=max_retries)

    def job_versions(
        self,
        job_id: JobId,
        *,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> list[DatasetJobVersion]:
        """The dataset versions a job saved (`.save("name")` in its query).

        Args:
            job_id: The job (a `uuid.UUID` or its text; any text is passed on).
            team: The team (default: the client's, else the token's own team).
            timeout: Seconds (or an `httpx.Timeout`) for each attempt.
            max_retries: Retries of a transient failure (default: the client's).

        Returns:
            Each version as a `DatasetJobVersion` (`dataset_name`, `version`); an empty
            list when the job saved none (or Studio left the list out).

        Raises:
            InvalidRequestError: `job_id` is not a non-empty string or UUID.
            APIStatusError: Studio refused (`NotFoundError`: no such job, say).
            APIResponseValidationError: `dataset_versions` is not a list.
            APIConnectionError: Studio could not be reached.
        """
        call = self._job_versions(job_id, team)
        answer = self._client._execute(call, timeout=timeout, max_retries=max_retries)
        return self._versions_of(answer, call)

    def export(
        self,
        name: str,
        *,
        version: str | None = None,
        namespace: str | None = None,
        project: str | None = None,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> DatasetExportOutput:
        """Start an export of one version's rows, for downloading (see `download`).

        Studio answers at once with the export's id and the signed URLs of its chunks; the
        chunks are written as the export goes on (a URL answers 404 until its chunk is
        there). Fetch them without the Studio token.

        Args:
            name: The dataset, as for `get`; `dev.animals.dogs@v1.0.0` names the version.
            version: The version (`1.0.0` or `v1.0.0`), unless `name` holds it.
            namespace: The namespace, when `name` does not hold it.
            project: The project, when `name` does not hold it.
            team: The team (default: the client's, else the token's own team).
            timeout: Seconds (or an `httpx.Timeout`) for each attempt.
            max_retries: Retries of a transient failure (default: the client's).

        Returns:
            A `DatasetExportOutput`: `export_id` and `signed_urls`.

        Raises:
            InvalidRequestError: no version, the namespace or project cannot be told, or an
                argument is wrong (nothing was sent).
            NotFoundError: Studio has no such dataset or version.
            APIStatusError: Studio refused otherwise.
            APIConnectionError: Studio could not be reached.
        """
        ref = _ref(
            name, namespace, project, version, versions=True, needs_version=True, method="export"
        )
        call = self._export(ref, team)
        return self._client._execute(call, timeout=timeout, max_retries=max_retries)

    def export_status(
        self,
        export_id: int,
        *,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> DatasetExportStatus:
        """How far an export has got.

        Args:
            export_id: The export, as `export` answered it.
            team: The team (default: the client's, else the token's own team).
            timeout: Seconds (or an `httpx.Timeout`) for each attempt.
            max_retries: Retries of a transient failure (default: the client's).

        Returns:
            A `DatasetExportStatus`: `status` (`completed` once every chunk is written;
            `failed`, `removed`; other values while it runs) and, when Studio knows them,
            `files_done` of `num_files`.

        Raises:
            InvalidRequestError: `export_id` is not an integer.
            APIStatusError: Studio refused (`NotFoundError`: no such export).
            APIConnectionError: Studio could not be reached.
        """
        call = self._export_status(export_id, team)
        return self._client._execute(call, timeout=timeout, max_retries=max_retries)

    def download(
        self,
        name: str,
        *,
        version: str | None = None,
        to: PathInput = ".",
        namespace: str | None = None,
        project: str | None = None,
        progress: DownloadProgressCallback | None = None,
        poll_interval: float = 0.1,
        status_interval: float = 20.0,
        wait_timeout: float | None = None,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> list[Path]:
        """Export one version and download its chunks into the folder `to`, one file each.

        Starts an export (`export`), then fetches each chunk's signed URL in order with a
        plain GET that never carries the Studio token. A URL that answers 404 is not written
        yet: it is asked again every `poll_interval` seconds, and the export's status is
        checked at most every `status_interval` seconds meanwhile (and once before the
        first chunk), so an export Studio reports `failed` or `removed` ends the download.
        Each chunk is streamed to a temp file in `to` (memory stays flat whatever its size)
        and given its final name once every chunk is in: `<name>@v<version>_<NNNNN>` plus
        the suffixes of the URL's file name (`dogs@v1.0.0_00000.parquet.lz4`); a file of
        that name is replaced. On any failure, Ctrl-C included, nothing it wrote is left
        behind (nor the folders it created). The chunks are as Studio makes them: real
        Studio's are LZ4-compressed Parquet, the local Studio's JSON Lines.

        Args:
            name: The dataset, as for `get`; `dev.animals.dogs@v1.0.0` names the version.
            version: The version (`1.0.0` or `v1.0.0`), unless `name` holds it.
            to: The folder to write into (created if missing; default: the current one).
            namespace: The namespace, when `name` does not hold it.
            project: The project, when `name` does not hold it.
            progress: Called with a `DownloadProgress` as the download goes (bytes and
                chunks done, whether it is waiting for a chunk, the export's status).
            poll_interval: Seconds between two tries of a chunk that is not ready.
            status_interval: Least seconds between two checks of the export's status.
            wait_timeout: Seconds the whole download may take (None: no bound).
            team: The team (default: the client's, else the token's own team).
            timeout: For each Studio call, as elsewhere; for a chunk, it bounds connecting
                and each read (not the whole chunk, which may be large).
            max_retries: Retries of a transient failure, for each call and chunk.

        Returns:
            The paths of the files written, in the export's order (empty when the export
            has no chunks).

        Raises:
            InvalidRequestError: no version, the namespace or project cannot be told, `to`
                is a file or cannot be written, or an argument is wrong (nothing was sent).
            DatasetExportError: Studio reports the export failed or removed, a chunk could
                not be fetched, or is missing once the export is complete.
            WaitTimeoutError: `wait_timeout` passed first (`.last`: the last status seen).
            NotFoundError: Studio has no such dataset or version.
            APIStatusError: Studio refused otherwise.
            APIConnectionError: Studio could not be reached.
            OSError: a chunk could not be written (the disk is full, say).
        """
        intervals = (poll_interval, status_interval, wait_timeout)
        plan = self._plan(
            name, version, namespace, project, to, progress, intervals, timeout, max_retries, team
        )
        options: dict[str, Any] = {"team": team, "timeout": timeout, "max_retries": max_retries}
        plan.make_folder()
        try:
            call = self._export(plan.ref, team)
            export = self._client._execute(call, timeout=timeout, max_retries=max_retries)
            plan.start(export, call, self._client.url)
            if not plan.chunks:
                plan.discard()
                return []
            plan.took_status(self.export_status(plan.export_id or 0, **options))
            for chunk in plan.chunks:
                self._fetch(plan, chunk, options)
            return plan.commit()
        except BaseException:
            plan.discard()
            raise

    def list(
        self,
        *,
        prefix: str | None = None,
        include_removed: bool = False,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> list[Dataset]:
        """The team's datasets, each with its project, namespace and versions.

        Args:
            prefix: Only datasets whose name starts with this.
            include_removed: Also list removed datasets and versions.
            team: The team (default: the client's, else the token's own team).
            timeout: Seconds (or an `httpx.Timeout`) for each attempt.
            max_retries: Retries of a transient failure (default: the client's).

        Returns:
            Every dataset Studio lists (there is no paging), as `Dataset` models.

        Raises:
            InvalidRequestError: an argument is of the wrong type (nothing was sent).
            APIStatusError: Studio refused (`AuthenticationError`, `PermissionDeniedError`...).
            APIConnectionError: Studio could not be reached.
        """
        call = self._list(prefix, include_removed, team)
        return self._client._execute(call, timeout=timeout, max_retries=max_retries)

    def _fetch(self, plan: _Download, chunk: _Chunk, options: dict[str, Any]) -> None:
        """Fetch one chunk into its temp file, waiting while it is not ready."""
        http = self._client._api.http.get()
        attempt = 0
        while True:
            plan.left(f"fetching chunk {chunk.index + 1}")
            fetched_at = time.monotonic()
            outcome: httpx.Response | Exception
            body = b""
            try:
                failed = self._stream(http, plan, chunk)
            except httpx.HTTPError as exc:
                plan.drop_temp(chunk)
                outcome = exc
            else:
                if failed is None:
                    return
                outcome, body = failed
            if isinstance(outcome, httpx.Response) and outcome.status_code == 404:
                attempt = 0
                plan.not_ready(chunk, fetched_at)
                if plan.status_due():
                    plan.took_status(self.export_status(plan.export_id or 0, **options))
                    continue  # asked after that status: a completed export has it by now
                time.sleep(plan.pause(f"waiting for chunk {chunk.index + 1}"))
                continue
            attempt += 1
            delay = plan.retry_delay(chunk, outcome, attempt)
            if delay is None:  # given up: say so as the export's end, if that is the cause
                if plan.export_may_tell():
                    with contextlib.suppress(*_STATUS_ERRORS):
                        plan.took_status(self.export_status(plan.export_id or 0, **options))
                raise plan.chunk_error(chunk, outcome, body)
            _base_client._sleep(delay)  # the client's own retry sleep

    @staticmethod
    def _stream(
        http: httpx.Client, plan: _Download, chunk: _Chunk
    ) -> tuple[httpx.Response, bytes] | None:
        """GET the chunk and stream it to a temp file: None once it is written, else the
        answer that was not a success, with the start of its body."""
        request = plan.request(http, chunk)
        response = http.send(request, stream=True, follow_redirects=True, auth=None)
        try:
            if not response.is_success:
                return response, _excerpt(response.iter_bytes())
            with plan.new_temp(chunk).open("wb") as file:
                for piece in response.iter_bytes():
                    file.write(piece)
                    plan.wrote(chunk, len(piece))
            plan.chunk_done(chunk, response)
            return None
        finally:
            response.close()


class AsyncDatasets(_DatasetsCalls, AsyncResource):
    """`AsyncStudio.datasets`: the team's datasets, their versions, exports and downloads
    (the methods of `Datasets`, awaited)."""

    async def get(
        self,
        name: str,
        *,
        namespace: str | None = None,
        project: str | None = None,
        include_removed: bool = False,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> Dataset:
        """One dataset with all its versions.

        Args:
            name: `dev.animals.dogs`, or `dogs` with `namespace` and `project` (or
                `animals.dogs` with `namespace`). A version (`@v1.0.0`) is refused.
            namespace: The namespace, when `name` does not hold it.
            project: The project, when `name` does not hold it.
            include_removed: Also list the versions that were removed.
            team: The team (default: the client's, else the token's own team).
            timeout: Seconds (or an `httpx.Timeout`) for each attempt.
            max_retries: Retries of a transient failure (default: the client's).

        Returns:
            The `Dataset`, its `versions` in Studio's order.

        Raises:
            InvalidRequestError: the namespace or project cannot be told, or an argument is
                wrong (nothing was sent).
            NotFoundError: Studio has no such dataset.
            APIStatusError: Studio refused otherwise.
            APIConnectionError: Studio could not be reached.
        """
        ref = _ref(name, namespace, project, versions=False, method="get")
        call = self._get(ref, include_removed, team)
        return await self._client._execute(call, timeout=timeout, max_retries=max_retries)

    async def update(
        self,
        name: str,
        *,
        namespace: str | None = None,
        project: str | None = None,
        new_name: str | None = None,
        description: str | None = None,
        attrs: Iterable[str] | None = None,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> None:
        """Rename a dataset, or change its description or attributes.

        What is left out (None) is left as it is; `description=""` clears the description
        and `attrs=[]` the attributes. Studio's answer is not read: its shape is not known
        (the official client ignores it), so nothing is returned; `get` the dataset to see
        the change.

        Args:
            name: The dataset, as for `get` (its current name).
            namespace: The namespace, when `name` does not hold it.
            project: The project, when `name` does not hold it.
            new_name: The dataset's new name (in the same project).
            description: The new description.
            attrs: The new attributes (labels such as `"dogs"` or `"size=large"`); they
                replace the old ones.
            team: The team (default: the client's, else the token's own team).
            timeout: Seconds (or an `httpx.Timeout`) for each attempt.
            max_retries: Retries of a transient failure (default: the client's; a rename
                is retried only when Studio cannot have acted on it).

        Raises:
            InvalidRequestError: nothing to change, the namespace or project cannot be
                told, or an argument is wrong (nothing was sent).
            NotFoundError: Studio has no such dataset.
            APIStatusError: Studio refused otherwise (`ConflictError`: the new name is taken).
            APIConnectionError: Studio could not be reached.
        """
        ref = _ref(name, namespace, project, versions=False, method="update")
        call = self._update(ref, new_name, description, attrs, team)
        await self._client._execute(call, timeout=timeout, max_retries=max_retries)

    async def delete(
        self,
        name: str,
        *,
        namespace: str | None = None,
        project: str | None = None,
        version: str | None = None,
        force: bool = False,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> None:
        """Remove one version of a dataset, or the whole dataset with all its versions.

        Studio's answer is not read (its shape is not known).

        Args:
            name: The dataset, as for `get`; `dev.animals.dogs@v1.0.0` names a version.
            namespace: The namespace, when `name` does not hold it.
            project: The project, when `name` does not hold it.
            version: The version to remove (`1.0.0`); None, and no version in `name`,
                removes the whole dataset.
            force: Passed to Studio as `force` (the official CLI's `--force`).
            team: The team (default: the client's, else the token's own team).
            timeout: Seconds (or an `httpx.Timeout`) for each attempt.
            max_retries: Retries of a transient failure (default: the client's).

        Raises:
            InvalidRequestError: the namespace or project cannot be told, two different
                versions are given, or an argument is wrong (nothing was sent).
            NotFoundError: Studio has no such dataset or version.
            APIStatusError: Studio refused otherwise.
            APIConnectionError: Studio could not be reached.
        """
        ref = _ref(name, namespace, project, version, versions=True, method="delete")
        call = self._delete(ref, force, team)
        await self._client._execute(call, timeout=timeout, max_retries=max_retries)

    async def job_versions(
        self,
        job_id: JobId,
        *,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> list[DatasetJobVersion]:
        """The dataset versions a job saved (`.save("name")` in its query).

        Args:
            job_id: The job (a `uuid.UUID` or its text; any text is passed on).
            team: The team (default: the client's, else the token's own team).
            timeout: Seconds (or an `httpx.Timeout`) for each attempt.
            max_retries: Retries of a transient failure (default: the client's).

        Returns:
            Each version as a `DatasetJobVersion` (`dataset_name`, `version`); an empty
            list when the job saved none (or Studio left the list out).

        Raises:
            InvalidRequestError: `job_id` is not a non-empty string or UUID.
            APIStatusError: Studio refused (`NotFoundError`: no such job, say).
            APIResponseValidationError: `dataset_versions` is not a list.
            APIConnectionError: Studio could not be reached.
        """
        call = self._job_versions(job_id, team)
        answer = await self._client._execute(call, timeout=timeout, max_retries=max_retries)
        return self._versions_of(answer, call)

    async def export(
        self,
        name: str,
        *,
        version: str | None = None,
        namespace: str | None = None,
        project: str | None = None,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> DatasetExportOutput:
        """Start an export of one version's rows, for downloading (see `download`).

        Studio answers at once with the export's id and the signed URLs of its chunks; the
        chunks are written as the export goes on (a URL answers 404 until its chunk is
        there). Fetch them without the Studio token.

        Args:
            name: The dataset, as for `get`; `dev.animals.dogs@v1.0.0` names the version.
            version: The version (`1.0.0` or `v1.0.0`), unless `name` holds it.
            namespace: The namespace, when `name` does not hold it.
            project: The project, when `name` does not hold it.
            team: The team (default: the client's, else the token's own team).
            timeout: Seconds (or an `httpx.Timeout`) for each attempt.
            max_retries: Retries of a transient failure (default: the client's).

        Returns:
            A `DatasetExportOutput`: `export_id` and `signed_urls`.

        Raises:
            InvalidRequestError: no version, the namespace or project cannot be told, or an
                argument is wrong (nothing was sent).
            NotFoundError: Studio has no such dataset or version.
            APIStatusError: Studio refused otherwise.
            APIConnectionError: Studio could not be reached.
        """
        ref = _ref(
            name, namespace, project, version, versions=True, needs_version=True, method="export"
        )
        call = self._export(ref, team)
        return await self._client._execute(call, timeout=timeout, max_retries=max_retries)

    async def export_status(
        self,
        export_id: int,
        *,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> DatasetExportStatus:
        """How far an export has got.

        Args:
            export_id: The export, as `export` answered it.
            team: The team (default: the client's, else the token's own team).
            timeout: Seconds (or an `httpx.Timeout`) for each attempt.
            max_retries: Retries of a transient failure (default: the client's).

        Returns:
            A `DatasetExportStatus`: `status` (`completed` once every chunk is written;
            `failed`, `removed`; other values while it runs) and, when Studio knows them,
            `files_done` of `num_files`.

        Raises:
            InvalidRequestError: `export_id` is not an integer.
            APIStatusError: Studio refused (`NotFoundError`: no such export).
            APIConnectionError: Studio could not be reached.
        """
        call = self._export_status(export_id, team)
        return await self._client._execute(call, timeout=timeout, max_retries=max_retries)

    async def download(
        self,
        name: str,
        *,
        version: str | None = None,
        to: PathInput = ".",
        namespace: str | None = None,
        project: str | None = None,
        progress: DownloadProgressCallback | None = None,
        poll_interval: float = 0.1,
        status_interval: float = 20.0,
        wait_timeout: float | None = None,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> list[Path]:
        """Export one version and download its chunks into the folder `to`, one file each.

        Starts an export (`export`), then fetches each chunk's signed URL in order with a
        plain GET that never carries the Studio token. A URL that answers 404 is not written
        yet: it is asked again every `poll_interval` seconds, and the export's status is
        checked at most every `status_interval` seconds meanwhile (and once before the
        first chunk), so an export Studio reports `failed` or `removed` ends the download.
        Each chunk is streamed to a temp file in `to` (memory stays flat whatever its size)
        and given its final name once every chunk is in: `<name>@v<version>_<NNNNN>` plus
        the suffixes of the URL's file name (`dogs@v1.0.0_00000.parquet.lz4`); a file of
        that name is replaced. On any failure, Ctrl-C included, nothing it wrote is left
        behind (nor the folders it created). The chunks are as Studio makes them: real
        Studio's are LZ4-compressed Parquet, the local Studio's JSON Lines.

        Args:
            name: The dataset, as for `get`; `dev.animals.dogs@v1.0.0` names the version.
            version: The version (`1.0.0` or `v1.0.0`), unless `name` holds it.
            to: The folder to write into (created if missing; default: the current one).
            namespace: The namespace, when `name` does not hold it.
            project: The project, when `name` does not hold it.
            progress: Called with a `DownloadProgress` as the download goes (bytes and
                chunks done, whether it is waiting for a chunk, the export's status).
            poll_interval: Seconds between two tries of a chunk that is not ready.
            status_interval: Least seconds between two checks of the export's status.
            wait_timeout: Seconds the whole download may take (None: no bound).
            team: The team (default: the client's, else the token's own team).
            timeout: For each Studio call, as elsewhere; for a chunk, it bounds connecting
                and each read (not the whole chunk, which may be large).
            max_retries: Retries of a transient failure, for each call and chunk.

        Returns:
            The paths of the files written, in the export's order (empty when the export
            has no chunks).

        Raises:
            InvalidRequestError: no version, the namespace or project cannot be told, `to`
                is a file or cannot be written, or an argument is wrong (nothing was sent).
            DatasetExportError: Studio reports the export failed or removed, a chunk could
                not be fetched, or is missing once the export is complete.
            WaitTimeoutError: `wait_timeout` passed first (`.last`: the last status seen).
            NotFoundError: Studio has no such dataset or version.
            APIStatusError: Studio refused otherwise.
            APIConnectionError: Studio could not be reached.
            OSError: a chunk could not be written (the disk is full, say).
        """
        intervals = (poll_interval, status_interval, wait_timeout)
        plan = self._plan(
            name, version, namespace, project, to, progress, intervals, timeout, max_retries, team
        )
        options: dict[str, Any] = {"team": team, "timeout": timeout, "max_retries": max_retries}
        plan.make_folder()
        try:
            call = self._export(plan.ref, team)
            export = await self._client._execute(call, timeout=timeout, max_retries=max_retries)
            plan.start(export, call, self._client.url)
            if not plan.chunks:
                plan.discard()
                return []
            plan.took_status(await self.export_status(plan.export_id or 0, **options))
            for chunk in plan.chunks:
                await self._fetch(plan, chunk, options)
            return plan.commit()
        except BaseException:
            plan.discard()
            raise

    async def list(
        self,
        *,
        prefix: str | None = None,
        include_removed: bool = False,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> list[Dataset]:
        """The team's datasets, each with its project, namespace and versions.

        Args:
            prefix: Only datasets whose name starts with this.
            include_removed: Also list removed datasets and versions.
            team: The team (default: the client's, else the token's own team).
            timeout: Seconds (or an `httpx.Timeout`) for each attempt.
            max_retries: Retries of a transient failure (default: the client's).

        Returns:
            Every dataset Studio lists (there is no paging), as `Dataset` models.

        Raises:
            InvalidRequestError: an argument is of the wrong type (nothing was sent).
            APIStatusError: Studio refused (`AuthenticationError`, `PermissionDeniedError`...).
            APIConnectionError: Studio could not be reached.
        """
        call = self._list(prefix, include_removed, team)
        return await self._client._execute(call, timeout=timeout, max_retries=max_retries)

    async def _fetch(self, plan: _Download, chunk: _Chunk, options: dict[str, Any]) -> None:
        """Fetch one chunk into its temp file, waiting while it is not ready."""
        http = self._client._api.http.get()
        attempt = 0
        while True:
            plan.left(f"fetching chunk {chunk.index + 1}")
            fetched_at = time.monotonic()
            outcome: httpx.Response | Exception
            body = b""
            try:
                failed = await self._stream(http, plan, chunk)
            except httpx.HTTPError as exc:
                plan.drop_temp(chunk)
                outcome = exc
            else:
                if failed is None:
                    return
                outcome, body = failed
            if isinstance(outcome, httpx.Response) and outcome.status_code == 404:
                attempt = 0
                plan.not_ready(chunk, fetched_at)
                if plan.status_due():
                    plan.took_status(await self.export_status(plan.export_id or 0, **options))
                    continue  # asked after that status: a completed export has it by now
                await _async_sleep(plan.pause(f"waiting for chunk {chunk.index + 1}"))
                continue
            attempt += 1
            delay = plan.retry_delay(chunk, outcome, attempt)
            if delay is None:  # given up: say so as the export's end, if that is the cause
                if plan.export_may_tell():
                    with contextlib.suppress(*_STATUS_ERRORS):
                        status = await self.export_status(plan.export_id or 0, **options)
                        plan.took_status(status)
                raise plan.chunk_error(chunk, outcome, body)
            await _base_client._async_sleep(delay)  # the client's own retry sleep

    @staticmethod
    async def _stream(
        http: httpx.AsyncClient, plan: _Download, chunk: _Chunk
    ) -> tuple[httpx.Response, bytes] | None:
        """GET the chunk and stream it to a temp file: None once it is written, else the
        answer that was not a success, with the start of its body. The file is written
        through anyio's worker threads, so the event loop never waits on the disk."""
        import anyio

        request = plan.request(http, chunk)
        try:
            response = await http.send(request, stream=True, follow_redirects=True, auth=None)
        except BaseException:  # failed or cancelled: free what httpcore may have kept
            await _release(http, request)
            raise
        try:
            if not response.is_success:
                return response, await _aexcerpt(response.aiter_bytes())
            async with await anyio.open_file(plan.new_temp(chunk), "wb") as file:
                async for piece in response.aiter_bytes():
                    await file.write(piece)
                    plan.wrote(chunk, len(piece))
            plan.chunk_done(chunk, response)
            return None
        finally:
            try:
                await response.aclose()
            except BaseException:
                await _release(http, request)
                raise


def _excerpt(pieces: Iterable[bytes]) -> bytes:
    """The first bytes of an error answer, for its message (the rest is not read)."""
    kept = b""
    for piece in pieces:
        kept += piece
        if len(kept) >= _ERROR_EXCERPT:
            break
    return kept[:_ERROR_EXCERPT]


async def _aexcerpt(pieces: AsyncIterator[bytes]) -> bytes:
    kept = b""
    async for piece in pieces:
        kept += piece
        if len(kept) >= _ERROR_EXCERPT:
            break
    return kept[:_ERROR_EXCERPT]
