"""What `studio.datasets.download` hands out: its progress reports and its error.

Kept apart from `resources.datasets` (which loads the generated API modules) so that
`import datachain_studio` stays light.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeAlias

from ._exceptions import StudioError

if TYPE_CHECKING:
    from datachain_studio_api.models import DatasetExportStatus

__all__ = ["DatasetExportError", "DownloadProgress", "DownloadProgressCallback"]


class DatasetExportError(StudioError):
    """An export could not be downloaded: Studio reports it `failed` or `removed`, a chunk
    could not be fetched (`status_code` says how its URL answered, None for a network
    failure), or a chunk is still missing once Studio says the export is complete.

    Nothing the download wrote is left behind when this is raised.

    Args:
        message: What went wrong (chunk URLs are shown without their query: a signed URL's
            query is its signature).
        export_id: The export, as `export` answered it.
        status: The export's status when it ended (`failed`, `removed`), or the last seen.
        chunk: The chunk that could not be had, counted from 0.
        status_code: How the chunk's URL answered, if it answered.
    """

    export_id: int | None
    """The export, as `export` answered it."""
    status: str | None
    """The export's status when it ended (`failed`, `removed`), else the last one seen."""
    chunk: int | None
    """The chunk that could not be had, counted from 0, if the error is about one."""
    status_code: int | None
    """How the chunk's URL answered (403 for an expired signature, say), if it did."""

    def __init__(
        self,
        message: str,
        *,
        export_id: int | None = None,
        status: str | None = None,
        chunk: int | None = None,
        status_code: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.export_id = export_id
        self.status = status
        self.chunk = chunk
        self.status_code = status_code

    def __repr__(self) -> str:
        return self._redact(
            f"{type(self).__name__}({self.message!r}, export_id={self.export_id!r}, "
            f"status={self.status!r}, chunk={self.chunk!r}, status_code={self.status_code!r})"
        )


@dataclass(frozen=True, slots=True)
class DownloadProgress:
    """How far a `download` has got, as handed to its `progress` callback.

    The callback is called after each piece written, when a chunk is done, while a chunk
    is not ready yet (`waiting`), and after each check of the export's status.

    Attributes:
        bytes_written: Bytes written so far, over every chunk.
        chunks_done: Chunks written in full.
        chunks_total: Chunks of the export (the number of its URLs).
        export_id: The export (for `studio.datasets.export_status`).
        waiting: Whether the download waits for a chunk Studio has not written yet.
        export: The export's status as last checked, or None before the first check.
    """

    bytes_written: int
    """Bytes written so far, over every chunk (a chunk started again after a broken
    connection counts from its start again)."""
    chunks_done: int
    """Chunks written in full."""
    chunks_total: int
    """Chunks of the export (the number of its URLs)."""
    export_id: int
    """The export (for `studio.datasets.export_status`)."""
    waiting: bool = False
    """Whether the download is waiting for a chunk Studio has not written yet."""
    export: DatasetExportStatus | None = None
    """The export's status as last checked (`files_done` of `num_files` when Studio says)."""


DownloadProgressCallback: TypeAlias = Callable[[DownloadProgress], None]
"""Called as `progress(DownloadProgress(...))` while `download` runs."""
