"""Streaming ``multipart/form-data`` bodies carrying one file, for httpx2.

:func:`prepare_upload` checks the file before any request is made and returns an
:class:`UploadBody` that reads the file in chunks while httpx2 sends it, so memory does
not grow with the file's size::

    body = prepare_upload("data.csv")
    client.request("POST", url, content=body, headers=body.headers)
    await async_client.request("POST", url, content=body.async_content, headers=body.headers)

When the size is known (a path, bytes, a seekable file object) ``body.headers`` holds
``Content-Length`` and httpx2 sends the body in one piece; otherwise it falls back to
chunked transfer encoding. Every iteration starts again from the beginning (the path is
reopened, the file object sought back), so a retry re-sends the same bytes; only a
non-seekable file object cannot be re-sent (``body.replayable`` is False).
"""

from __future__ import annotations

import io
import mimetypes
import os
import secrets
import stat
from collections.abc import AsyncIterator, Callable, Generator, Iterator
from typing import BinaryIO, Final, TypeAlias

from ._exceptions import InvalidRequestError

__all__ = ["CHUNK_SIZE", "FileInput", "ProgressCallback", "UploadBody", "prepare_upload"]

CHUNK_SIZE: Final = 1024 * 1024
DEFAULT_FILENAME: Final = "upload"

FileInput: TypeAlias = str | os.PathLike[str] | bytes | BinaryIO
ProgressCallback: TypeAlias = Callable[[int, int | None], None]
"""Called as ``progress(bytes_sent, total)``: file bytes only, ``total`` None if unknown."""

# Names in Content-Disposition are quoted as httpx2 quotes them: '"' and control characters
# (CR, LF, ...) percent-encoded as HTML forms do, '\' backslash-escaped, anything else
# (non-ASCII included) sent as UTF-8. RFC 7578, 4.2 allows this and forbids `filename*`.
_QUOTE: Final = {
    **{code: f"%{code:02X}" for code in (*range(0x20), 0x7F)},
    ord('"'): "%22",
    ord("\\"): "\\\\",
}


def prepare_upload(
    file: FileInput,
    *,
    filename: str | None = None,
    content_type: str | None = None,
    field: str = "file",
    progress: ProgressCallback | None = None,
) -> UploadBody:
    """Check ``file`` and return a streaming multipart body with it in field ``field``.

    ``file`` is a path, ``bytes`` or a binary file object (read from its current
    position). ``filename`` defaults to the path's or file object's base name, else
    ``"upload"``; ``content_type`` is guessed from the file name. Raises
    InvalidRequestError (a ValueError) naming the file when it is missing, a
    directory, unreadable, or a text-mode file object.
    """
    if filename is not None and not isinstance(filename, str):
        raise InvalidRequestError(f"filename must be a string, got {filename!r}")
    if progress is not None and not callable(progress):
        raise InvalidRequestError(
            f"progress must be callable as progress(sent, total), got {progress!r}"
        )
    source: _Source
    if isinstance(file, (str, os.PathLike)):
        source = _PathSource(os.fspath(file))
    elif isinstance(file, bytes):
        source = _BytesSource(file)
    else:
        source = _FileObjectSource(file)
    name = source.name if filename is None else filename
    if not name:
        raise InvalidRequestError("The upload's file name must not be empty")
    return UploadBody(
        source, filename=name, content_type=content_type, field=field, progress=progress
    )


class UploadBody:
    """A ``multipart/form-data`` body with one file, streamed in chunks; see the module."""

    def __init__(
        self,
        source: _Source,
        *,
        filename: str,
        content_type: str | None,
        field: str,
        progress: ProgressCallback | None,
    ) -> None:
        self.filename = filename
        self.content_type = content_type or _guess_type(filename)
        if _has_control_characters(self.content_type):
            raise InvalidRequestError(f"Invalid content type {self.content_type!r}")
        self.boundary = secrets.token_hex(16)
        self._source = source
        self._progress = progress
        self._head = (
            f"--{self.boundary}\r\n"
            f'Content-Disposition: form-data; name="{_quote(field)}"; '
            f'filename="{_quote(filename)}"\r\n'
            f"Content-Type: {self.content_type}\r\n\r\n"
        ).encode()
        self._tail = f"\r\n--{self.boundary}--\r\n".encode()
        self.async_content = _AsyncContent(self)
        """The same body as an async iterable, for ``httpx2.AsyncClient``."""

    @property
    def content_length(self) -> int | None:
        """Size of the whole body in bytes, or None when the file's size is unknown."""
        if self._source.size is None:
            return None
        return len(self._head) + self._source.size + len(self._tail)

    @property
    def replayable(self) -> bool:
        """Whether the body can be sent again, as a retry needs."""
        return self._source.replayable

    @property
    def headers(self) -> dict[str, str]:
        """``Content-Type`` with the boundary, and ``Content-Length`` when known."""
        headers = {"Content-Type": f"multipart/form-data; boundary={self.boundary}"}
        if (length := self.content_length) is not None:
            headers["Content-Length"] = str(length)
        return headers

    def __iter__(self) -> Iterator[bytes]:
        yield self._head
        sent = self._report(0)
        for chunk in self._source.chunks():
            yield chunk
            sent = self._report(sent + len(chunk))
        yield self._tail

    async def _aiter(self) -> AsyncIterator[bytes]:
        yield self._head
        sent = self._report(0)
        import anyio  # asyncio or trio, whichever runs the upload

        chunks = self._source.chunks()
        try:
            # File reads run in a worker thread so a slow disk never stalls the loop.
            while chunk := await anyio.to_thread.run_sync(next, chunks, b""):
                yield chunk
                sent = self._report(sent + len(chunk))
        finally:
            chunks.close()
        yield self._tail

    def _report(self, sent: int) -> int:
        if self._progress is not None:
            self._progress(sent, self._source.size)
        return sent

    def __repr__(self) -> str:
        return (
            f"UploadBody(filename={self.filename!r}, content_type={self.content_type!r}, "
            f"content_length={self.content_length})"
        )


class _AsyncContent:
    """An :class:`UploadBody` seen as an async iterable only (httpx2 picks sync otherwise)."""

    def __init__(self, body: UploadBody) -> None:
        self._body = body

    def __aiter__(self) -> AsyncIterator[bytes]:
        return self._body._aiter()


class _Source:
    """Where the file's bytes come from."""

    name: str = DEFAULT_FILENAME
    size: int | None = None
    replayable: bool = True

    def chunks(self) -> Generator[bytes, None, None]:
        """Yield the file's bytes from the start, in non-empty chunks."""
        raise NotImplementedError


class _BytesSource(_Source):
    def __init__(self, data: bytes) -> None:
        self._data = data
        self.size = len(data)

    def chunks(self) -> Generator[bytes, None, None]:
        for start in range(0, len(self._data), CHUNK_SIZE):
            yield self._data[start : start + CHUNK_SIZE]


class _PathSource(_Source):
    def __init__(self, path: str) -> None:
        self._path = path
        self.name = os.path.basename(path)
        try:
            info = os.stat(path)
            if stat.S_ISDIR(info.st_mode):
                raise InvalidRequestError(f"Cannot upload {path}: it is a directory")
            if not stat.S_ISREG(info.st_mode):
                raise InvalidRequestError(f"Cannot upload {path}: not a regular file")
            with open(path, "rb"):
                pass
        except FileNotFoundError:
            raise InvalidRequestError(f"Cannot upload {path}: no such file") from None
        except OSError as exc:
            raise InvalidRequestError(f"Cannot upload {path}: {exc.strerror}") from None
        self.size = info.st_size

    def chunks(self) -> Generator[bytes, None, None]:
        with open(self._path, "rb", buffering=0) as file:
            yield from _read(file.read, self.size, self._path)


class _FileObjectSource(_Source):
    def __init__(self, file: BinaryIO) -> None:
        label = getattr(file, "name", None)
        self._label = f"file object {label!r}" if label is not None else "the file object"
        mode = getattr(file, "mode", "b")
        if isinstance(file, io.TextIOBase) or (isinstance(mode, str) and "b" not in mode):
            raise InvalidRequestError(f"Cannot upload {self._label}: open it in binary mode ('rb')")
        if getattr(file, "closed", False):
            raise InvalidRequestError(f"Cannot upload {self._label}: it is closed")
        if not callable(getattr(file, "read", None)):
            raise InvalidRequestError(
                f"Cannot upload {type(file).__name__}: not a path, bytes or file"
            )
        self._file = file
        if isinstance(label, str):
            self.name = os.path.basename(label)
        self._start: int | None = None
        try:
            if file.seekable():
                self._start = file.tell()
                self.size = file.seek(0, io.SEEK_END) - self._start
                file.seek(self._start)
        except (AttributeError, OSError):
            self._start, self.size = None, None
        self.replayable = self._start is not None
        self._consumed = False

    def chunks(self) -> Generator[bytes, None, None]:
        if self._start is not None:
            self._file.seek(self._start)
        elif self._consumed:
            raise InvalidRequestError(f"Cannot send {self._label} again: it is not seekable")
        self._consumed = True
        yield from _read(self._file.read, self.size, self._label)


def _read(read: Callable[[int], bytes | None], size: int | None, label: str) -> Iterator[bytes]:
    """Yield ``size`` bytes from ``read`` (all of them if None); fail if the size changed."""
    remaining = size
    while remaining is None or remaining > 0:
        chunk = read(CHUNK_SIZE if remaining is None else min(CHUNK_SIZE, remaining))
        if not chunk:
            if remaining:
                raise InvalidRequestError(f"{label} shrank while being uploaded")
            return
        yield chunk
        if remaining is not None:
            remaining -= len(chunk)
    if read(1):
        raise InvalidRequestError(f"{label} grew while being uploaded")


def _guess_type(filename: str) -> str:
    content_type, encoding = mimetypes.guess_type(filename, strict=False)
    # "data.csv.gz" is gzip bytes, not text/csv.
    return content_type if content_type and not encoding else "application/octet-stream"


def _quote(value: str) -> str:
    return value.translate(_QUOTE)


def _has_control_characters(value: str) -> bool:
    return any(ord(char) < 0x20 or ord(char) == 0x7F for char in value)
