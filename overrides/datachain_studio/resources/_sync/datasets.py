# Generated from resources/_async/datasets.py by codegen/unasync.py: do not edit.
# Change the async source and run `python codegen/unasync.py`.
"""`studio.datasets`: the team's datasets, their versions, exports and downloads."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import httpx2

from datachain_studio_api.models import (
    Dataset,
    DatasetExportOutput,
    DatasetExportStatus,
    DatasetJobVersion,
)

from ... import _base_client
from ..._base_client import APICall, Timeout
from ..._exceptions import APIConnectionError, APIStatusError, NotFoundError
from ..._export import DownloadProgressCallback
from .._base import (
    EACH_RETRIES,
    EACH_TIMEOUT,
    RETRIES,
    TEAM_OR_TOKEN,
    Body,
    Headers,
    Query,
    SyncResource,
    Team,
    shared_args,
)
from ..datasets import (
    _STATUS_ERRORS,
    JobId,
    PathInput,
    _Chunk,
    _DatasetsCalls,
    _Download,
    _open_file,
    _ref,
)


class Datasets(_DatasetsCalls, SyncResource):
    """`Studio.datasets`: the team's datasets, their versions, exports and downloads
    (the methods of `Datasets`, awaited)."""

    @shared_args(team=TEAM_OR_TOKEN)
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
        extra_headers: Headers = None,
        extra_query: Query = None,
        extra_body: Body = None,
    ) -> Dataset:
        """One dataset with all its versions.

        Args:
            name: `dev.animals.dogs`, or `dogs` with `namespace` and `project` (or
                `animals.dogs` with `namespace`). A version (`@v1.0.0`) is refused.
            namespace: The namespace, when `name` does not hold it.
            project: The project, when `name` does not hold it.
            include_removed: Also list the versions that were removed.

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
        return self._api.execute(
            call,
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
        )

    @shared_args(
        team=TEAM_OR_TOKEN,
        max_retries=RETRIES + " A rename is retried only when Studio cannot have acted on it.",
    )
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
        extra_headers: Headers = None,
        extra_query: Query = None,
        extra_body: Body = None,
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

        Raises:
            InvalidRequestError: nothing to change, the namespace or project cannot be
                told, or an argument is wrong (nothing was sent).
            NotFoundError: Studio has no such dataset.
            APIStatusError: Studio refused otherwise (`ConflictError`: the new name is taken).
            APIConnectionError: Studio could not be reached.
        """
        ref = _ref(name, namespace, project, versions=False, method="update")
        call = self._update(ref, new_name, description, attrs, team)
        return self._api.execute(
            call,
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
        )

    @shared_args(team=TEAM_OR_TOKEN)
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
        extra_headers: Headers = None,
        extra_query: Query = None,
        extra_body: Body = None,
    ) -> None:
        """Remove one version of a dataset or, with `force=True`, every version of it.

        Studio's answer is not read (its shape is not known). Removing every version needs
        `force=True`, as the official client's own removal does ("Missing dataset version"
        without it; its `--force`: "Force delete registered dataset with all of its
        versions"); assumed of Studio, and what the local Studio does.

        Args:
            name: The dataset, as for `get`; `dev.animals.dogs@v1.0.0` names a version.
            namespace: The namespace, when `name` does not hold it.
            project: The project, when `name` does not hold it.
            version: The version to remove (`1.0.0`). With none, here or in `name`, every
                version is removed, and only with `force=True`.
            force: Remove every version when none is named (sent to Studio as `force`).

        Raises:
            InvalidRequestError: the namespace or project cannot be told, two different
                versions are given, or an argument is wrong (nothing was sent).
            BadRequestError: no version named, and `force` not set.
            NotFoundError: Studio has no such dataset or version.
            APIStatusError: Studio refused otherwise.
            APIConnectionError: Studio could not be reached.
        """
        ref = _ref(name, namespace, project, version, versions=True, method="delete")
        call = self._delete(ref, force, team)
        return self._api.execute(
            call,
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
        )

    @shared_args(team=TEAM_OR_TOKEN)
    def job_versions(
        self,
        job_id: JobId,
        *,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
        extra_headers: Headers = None,
        extra_query: Query = None,
        extra_body: Body = None,
    ) -> list[DatasetJobVersion]:
        """The dataset versions a job saved (`.save("name")` in its query).

        Args:
            job_id: The job (a `uuid.UUID` or its text; any text is passed on).

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
        return self._api.execute(
            call.then(lambda answer: self._versions_of(answer, call)),
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
        )

    @shared_args(team=TEAM_OR_TOKEN)
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
        extra_headers: Headers = None,
        extra_query: Query = None,
        extra_body: Body = None,
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
        return self._api.execute(
            call,
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
        )

    @shared_args(team=TEAM_OR_TOKEN)
    def export_status(
        self,
        export_id: int,
        *,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
        extra_headers: Headers = None,
        extra_query: Query = None,
        extra_body: Body = None,
    ) -> DatasetExportStatus:
        """How far an export has got.

        Args:
            export_id: The export, as `export` answered it.

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
        return self._api.execute(
            call,
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
        )

    @shared_args(
        extras=False,
        team=TEAM_OR_TOKEN,
        timeout=EACH_TIMEOUT
        + " For a chunk, it bounds connecting and each read, not the whole chunk"
        " (which may be large).",
        max_retries=EACH_RETRIES,
    )
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
        plain GET that carries nothing of Studio's (no token, no cookie; nor does a cookie
        the chunk's host sets go back to Studio). A URL that answers 404 is not written
        yet: it is asked again every `poll_interval` seconds, and the export's status is
        checked at most every `status_interval` seconds meanwhile (and once before the
        first chunk), so an export Studio reports `failed` or `removed` ends the download.
        Each chunk is streamed to a temp file in `to` (memory stays flat whatever its size
        or `Content-Encoding`) and given its final name once every chunk is in:
        `<name>@v<version>_<NNNNN>` plus the suffixes of the URL's file name
        (`dogs@v1.0.0_00000.parquet.lz4`); a file of that name is replaced. On any
        failure, Ctrl-C included, nothing it wrote is left behind (nor the folders it
        created). Each file holds its chunk as Studio sent it, unread: a Parquet file in an
        LZ4 frame (the local Studio's are made the same way).

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
            export = self._api.execute(
                call, timeout=timeout, max_retries=max_retries, deadline=plan.deadline
            )
            plan.start(export, call, self._api.base_url)
            if not plan.chunks:
                plan.discard()
                return []
            plan.took_status(self._status_of(plan, options))
            for chunk in plan.chunks:
                self._fetch(plan, chunk, options)
            return plan.commit()
        except BaseException:
            plan.discard()
            raise

    @shared_args(team=TEAM_OR_TOKEN)
    def list(
        self,
        *,
        prefix: str | None = None,
        include_removed: bool = False,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
        extra_headers: Headers = None,
        extra_query: Query = None,
        extra_body: Body = None,
    ) -> list[Dataset]:
        """The team's datasets, each with its project, namespace and versions.

        Args:
            prefix: Only datasets whose full name, `namespace.project.name` as tables show
                it (`Dataset.full_name`), starts with this: `"dev"` (the namespace and any
                other that starts so), `"dev.animals."` (one project), `"dev.animals.do"`.
                The client matches it on Studio's full list.
            include_removed: Also list removed datasets and versions (a removed version's
                `status` is `REMOVED`, its `removed_at` when it was removed).

        Returns:
            Every dataset Studio lists (there is no paging), as `Dataset` models.

        Raises:
            InvalidRequestError: an argument is of the wrong type (nothing was sent).
            APIStatusError: Studio refused (`AuthenticationError`, `PermissionDeniedError`...).
            APIConnectionError: Studio could not be reached.
        """
        call = self._list(prefix, include_removed, team)
        return self._api.execute(
            call,
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
        )

    def _status_of(self, plan: _Download, options: dict[str, Any]) -> DatasetExportStatus:
        """The export's status, read within the download's deadline."""
        call = self._export_status(plan.export_id or 0, options["team"])
        return self._api.execute(
            call,
            timeout=options["timeout"],
            max_retries=options["max_retries"],
            deadline=plan.deadline,
        )

    def _fetch(self, plan: _Download, chunk: _Chunk, options: dict[str, Any]) -> None:
        """Fetch one chunk into its temp file, waiting while it is not ready.

        The chunk's URL is pre-signed: the pipeline sends it with nothing of Studio's (no
        token, no cookie), retries a transient failure, bounds each read by `timeout` and all
        of it by the deadline, and decodes it a piece at a time (whatever its encoding).
        """
        call = APICall.presigned_get(chunk.url)

        def write(response: httpx2.Response, body: Iterator[bytes]) -> None:
            with _open_file(plan.new_temp(chunk), "wb") as file:
                for piece in body:
                    file.write(piece)
                    plan.wrote(chunk, len(piece))
            plan.chunk_done(chunk, response)

        while True:
            plan.lazy.ensure_open()
            plan.left(f"fetching chunk {chunk.index + 1}")
            fetched_at = time.monotonic()
            try:
                self._api.stream(
                    call,
                    write,
                    sized=False,  # to disk as it comes: only its pieces are in memory
                    timeout=options["timeout"],
                    max_retries=options["max_retries"],
                    deadline=plan.deadline,
                )
                return
            except NotFoundError:  # not written yet
                plan.drop_temp(chunk)
                plan.not_ready(chunk, fetched_at)
                if plan.status_due():
                    plan.took_status(self._status_of(plan, options))
                    continue  # asked after that status: a completed export has it by now
                _base_client._sleep(plan.pause(f"waiting for chunk {chunk.index + 1}"))
            except (APIStatusError, APIConnectionError) as exc:
                plan.drop_temp(chunk)
                if plan.export_may_tell():  # given up: say so as the export's end, if it is
                    with contextlib.suppress(*_STATUS_ERRORS):
                        status = self._status_of(plan, options)
                        plan.took_status(status)
                raise plan.chunk_error(chunk, exc) from None
