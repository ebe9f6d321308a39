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

import os
import re
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Final, Literal, TypeAlias

import httpx2

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

from .. import _validation as check
from .._base_client import (
    APICall,
    LazyHTTP,
    Timeout,
    check_retries,
    check_timeout,
)
from .._deadline import Deadline
from .._exceptions import (
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    InvalidRequestError,
    StudioError,
    WaitTimeoutError,
)
from .._export import DatasetExportError, DownloadProgress, DownloadProgressCallback
from .._logging import logger
from ._base import Resource, Team

if TYPE_CHECKING:
    import anyio


JobId: TypeAlias = str | uuid.UUID
"""A job's id: a `uuid.UUID` (as `JobOutput.id` is) or its text."""
PathInput: TypeAlias = str | os.PathLike[str]

_VERSION: Final = re.compile(r"v?(\d+\.\d+\.\d+)")
_SAFE: Final = re.compile(r"[^A-Za-z0-9._@-]+")
_SUFFIX: Final = re.compile(r"(?:\.[A-Za-z][A-Za-z0-9]{0,11}){1,3}$")
_RESERVED: Final = frozenset(".@")
"""Characters a dataset's name cannot hold (datachain's `DATASET_NAME_RESERVED_CHARS`)."""
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
        wanted = check.optional_text(prefix, "prefix")
        # `prefix` is not sent: Studio's own filter matches the bare name (assumed, as the
        # official client's local one does), and users name datasets in full.
        request = list_datasets.request(
            team_name=self._optional_team(team),
            include_removed=_flag(include_removed, "include_removed"),
        )
        call: APICall[list[Dataset]] = APICall.of(request, idempotent=True)
        if not wanted:
            return call
        return call.then(lambda found: _starting_with(found, wanted))

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
                call, self._api.base_url, "dataset_versions is not a list", answer.to_dict()
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
        api = self._api
        if timeout is not None:
            check_timeout(timeout)
        if max_retries is not None:
            check_retries(max_retries)
        self._optional_team(team)
        return _Download(
            ref=ref,
            folder=_folder(to),
            progress=progress,  # checked callable above
            poll=check.poll_interval(poll),
            status_every=check.poll_interval(status_every, "status_interval"),
            limit=check.wait_limit(wait_timeout),
            lazy=api.http,
        )


def _starting_with(found: list[Dataset], prefix: str) -> list[Dataset]:
    """The datasets whose full name (`namespace.project.name`) starts with `prefix`; an item
    of a loosely read answer that is no dataset is left out."""
    if not isinstance(found, list):
        return found  # loosely read: not a list, as it came
    return [
        dataset
        for dataset in found
        if isinstance(dataset, Dataset)
        and isinstance(dataset.full_name, str)
        and dataset.full_name.startswith(prefix)
    ]


def _flag(value: object, name: str) -> Any:
    """A flag sent only when it is True (the official client sends it only when asked)."""
    return True if check.optional_bool(value, name) else None


def _bad_answer(
    call: APICall[Any], base_url: str, problem: str, body: object
) -> APIResponseValidationError:
    """The error for an answer that parsed but cannot be used (`problem` says why)."""
    request = httpx2.Request(call.method, base_url + call.path, params=call.params)
    response = httpx2.Response(200, json=body, request=request)
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
        parsed = httpx2.URL(url)
    except httpx2.InvalidURL:
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
        lazy: LazyHTTP[Any],
    ) -> None:
        self.lazy = lazy
        """The client's HTTP client: closing it ends the download at its next step."""
        self.ref = ref
        self.folder = folder
        self.progress = progress
        self.poll = poll
        self.status_every = status_every
        self.phase = "exporting"
        self.deadline = Deadline(limit, self._timed_out)
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
                scheme = httpx2.URL(url).scheme
            except httpx2.InvalidURL:
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
        and the suffixes of the URL's file name (`.parquet.lz4`) when it has plain ones.
        Unsafe characters become `_`, so a name can never leave the folder."""
        last = httpx2.URL(url).path.rsplit("/", 1)[-1]
        suffix = _SUFFIX.search(last)
        stem = _SAFE.sub("_", f"{self.ref.name}@v{self.ref.version}").lstrip(".") or "dataset"
        return f"{stem[:120]}_{index:05d}{suffix.group(0) if suffix else ''}"

    # -- while downloading

    def left(self, what: str) -> float | None:
        """Seconds left before `wait_timeout`; `WaitTimeoutError` once there are none."""
        self.phase = what
        return self.deadline.left()

    def _timed_out(self) -> WaitTimeoutError:
        return WaitTimeoutError(
            f"Timed out downloading {self.ref.full_name}@v{self.ref.version} ({self.phase}: "
            f"{self.done} of {len(self.chunks)} chunks done)",
            last=self.status,
        )

    def pause(self, what: str) -> float:
        self.phase = what
        return self.deadline.cap(self.poll)

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
        self.lazy.ensure_open()
        chunk.written += size
        self.written += size
        self.left(f"writing chunk {chunk.index + 1}")
        self.report()

    def chunk_done(self, chunk: _Chunk, response: httpx2.Response) -> None:
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

    def export_may_tell(self) -> bool:
        """Whether a chunk that cannot be had may be explained by the export's status: one
        that said `completed` already would not say more."""
        return self.completed_at is None

    def chunk_error(self, chunk: _Chunk, error: StudioError) -> DatasetExportError:
        """The download's error for a chunk that could not be had (`error`: the pipeline's)."""
        where = f"chunk {chunk.index + 1} of {len(self.chunks)} ({_where(chunk.url)})"
        if isinstance(error, APIStatusError):
            response = error.response
            body = response.content if hasattr(response, "_content") else b""
            text = " ".join(body[:200].decode("utf-8", "replace").split())
            return DatasetExportError(
                f"Could not download {where}: it answered {_outcome(response)}"
                + (f": {text}" if text else ""),
                export_id=self.export_id,
                chunk=chunk.index,
                status_code=response.status_code,
            )
        return DatasetExportError(
            f"Could not download {where}: {error}",
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


def _outcome(outcome: httpx2.Response | BaseException) -> str:
    if isinstance(outcome, httpx2.Response):
        return f"{outcome.status_code} {outcome.reason_phrase}".strip()
    return type(outcome).__name__ + (f": {outcome}" if str(outcome) else "")


# --- what the sync and async download do differently (resources/_async/datasets.py) ------


def _open_file(path: Path, mode: Literal["wb"]) -> BinaryIO:
    """A chunk's temp file, opened for writing."""
    return path.open(mode)


async def _async_open_file(path: Path, mode: Literal["wb"]) -> anyio.AsyncFile[bytes]:
    """The async twin of `_open_file`: written through anyio's worker threads, so the event
    loop never waits on the disk."""
    import anyio

    return await anyio.open_file(path, mode)
