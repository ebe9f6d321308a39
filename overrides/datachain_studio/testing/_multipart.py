"""A streaming `multipart/form-data` reader.

The body is read once, in chunks, through a buffer no larger than a chunk plus the
delimiter, so a file of any size costs the same memory. File parts go to disk (with their
size and SHA-256 counted on the way); other parts are kept as short text. Any bytes may
appear in a file, `\\r\\n--` included: only the full delimiter `\\r\\n--<boundary>` ends a
part.
"""

from __future__ import annotations

import email.message
import email.parser
import email.policy
import hashlib
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Form", "MultipartError", "ReceivedFile", "TooLarge", "boundary_of", "read_form"]

CHUNK = 256 * 1024
_MAX_HEADERS = 16 * 1024
_MAX_FIELD = 64 * 1024


class MultipartError(ValueError):
    """The body is not well-formed multipart/form-data."""


class TooLarge(MultipartError):
    """A file is larger than allowed."""


@dataclass(frozen=True)
class ReceivedFile:
    """A file part, stored on disk."""

    field: str
    filename: str
    content_type: str
    path: Path
    size: int
    sha256: str


@dataclass
class Form:
    """What a multipart body held."""

    files: dict[str, ReceivedFile] = field(default_factory=dict)
    fields: dict[str, str] = field(default_factory=dict)

    def discard(self) -> None:
        """Delete the files written for this form."""
        for received in self.files.values():
            received.path.unlink(missing_ok=True)


def boundary_of(content_type: str | None) -> str:
    """The boundary of a `multipart/form-data` Content-Type; `MultipartError` otherwise."""
    header = email.message.Message()
    header["content-type"] = content_type or ""
    if header.get_content_type() != "multipart/form-data":
        raise MultipartError(f"expected multipart/form-data, got {content_type or 'nothing'}")
    boundary = header.get_param("boundary")
    if not isinstance(boundary, str) or not 1 <= len(boundary) <= 200:
        raise MultipartError("the multipart Content-Type has no valid boundary")
    return boundary


def read_form(
    read: Callable[[int], bytes],
    boundary: str,
    directory: Path,
    *,
    max_file_bytes: int | None = None,
    file_fields: tuple[str, ...] = ("file",),
) -> Form:
    """Read a whole multipart body from `read`, writing file parts into `directory`.

    A part is a file if it has a file name, or if its field is one of `file_fields`.
    """
    stream = _Stream(read)
    delimiter = b"\r\n--" + boundary.encode("latin-1")
    form = Form()
    try:
        stream.read_until(delimiter, _discard)  # the preamble
        while _next_part(stream):
            headers = _read_headers(stream)
            name, filename, content_type = _disposition(headers)
            if filename is not None or name in file_fields:
                received = _read_file(
                    stream, delimiter, directory, name, filename or "", content_type, max_file_bytes
                )
                if name in form.files:
                    received.path.unlink(missing_ok=True)
                else:
                    form.files[name] = received
            else:
                collected = _Collector(_MAX_FIELD, f"form field {name!r}")
                stream.read_until(delimiter, collected)
                form.fields.setdefault(name, bytes(collected.data).decode("utf-8", "replace"))
    except BaseException:
        form.discard()
        raise
    return form


class _Stream:
    def __init__(self, read: Callable[[int], bytes]) -> None:
        self._read = read
        self.buffer = b"\r\n"  # so the first delimiter, at the very start, has its CRLF too

    def _fill(self) -> None:
        chunk = self._read(CHUNK)
        if not chunk:
            raise MultipartError("the body ended before the closing boundary")
        self.buffer += chunk

    def peek(self, size: int) -> bytes:
        while len(self.buffer) < size:
            self._fill()
        return self.buffer[:size]

    def take(self, size: int) -> bytes:
        taken = self.peek(size)
        self.buffer = self.buffer[size:]
        return taken

    def read_until(self, delimiter: bytes, sink: Callable[[bytes], None]) -> None:
        """Pass everything before `delimiter` to `sink` and consume the delimiter."""
        keep = len(delimiter) - 1
        while True:
            found = self.buffer.find(delimiter)
            if found >= 0:
                if found:
                    sink(self.buffer[:found])
                self.buffer = self.buffer[found + len(delimiter) :]
                return
            if len(self.buffer) > keep:
                sink(self.buffer[:-keep])
                self.buffer = self.buffer[-keep:]
            self._fill()


class _Collector:
    def __init__(self, limit: int, what: str) -> None:
        self.data = bytearray()
        self._limit = limit
        self._what = what

    def __call__(self, chunk: bytes) -> None:
        self.data += chunk
        if len(self.data) > self._limit:
            raise MultipartError(f"{self._what} is longer than {self._limit} bytes")


def _discard(chunk: bytes) -> None:
    pass


def _next_part(stream: _Stream) -> bool:
    """After a delimiter: True if a part follows, False after the closing one."""
    start = stream.take(2)
    if start == b"--":
        return False
    if start == b"\r\n":
        return True
    # Transport padding (spaces or tabs) may come between a boundary and its CRLF.
    stream.buffer = start + stream.buffer
    padding = _Collector(1024, "the boundary line")
    stream.read_until(b"\r\n", padding)
    if bytes(padding.data).strip(b" \t"):
        raise MultipartError("unexpected text after a multipart boundary")
    return True


def _read_headers(stream: _Stream) -> email.message.Message:
    if stream.peek(2) == b"\r\n":
        stream.take(2)
        text = ""
    else:
        collected = _Collector(_MAX_HEADERS, "the headers of a part")
        stream.read_until(b"\r\n\r\n", collected)
        text = bytes(collected.data).decode("utf-8", "replace")
    return email.parser.HeaderParser(policy=email.policy.HTTP).parsestr(text + "\r\n\r\n")


def _disposition(headers: email.message.Message) -> tuple[str, str | None, str]:
    if headers.get_content_disposition() != "form-data":
        raise MultipartError("a part has no 'Content-Disposition: form-data' header")
    name = headers.get_param("name", header="content-disposition")
    if not isinstance(name, str):
        raise MultipartError("a part has no field name")
    filename = headers.get_filename()
    return name, filename, headers.get_content_type()


def _read_file(
    stream: _Stream,
    delimiter: bytes,
    directory: Path,
    name: str,
    filename: str,
    content_type: str,
    max_bytes: int | None,
) -> ReceivedFile:
    digest = hashlib.sha256()
    size = 0
    handle = tempfile.NamedTemporaryFile(dir=directory, prefix="upload-", delete=False)  # noqa: SIM115
    path = Path(handle.name)

    def write(chunk: bytes) -> None:
        nonlocal size
        size += len(chunk)
        if max_bytes is not None and size > max_bytes:
            raise TooLarge(f"the file is larger than {max_bytes} bytes")
        digest.update(chunk)
        handle.write(chunk)

    try:
        with handle:
            stream.read_until(delimiter, write)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return ReceivedFile(
        field=name,
        filename=os.path.basename(filename.replace("\\", "/")) or "upload",
        content_type=content_type,
        path=path,
        size=size,
        sha256=digest.hexdigest(),
    )
