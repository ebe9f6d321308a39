"""`multipart/form-data` bodies, read as a stream with python-multipart's parser.

The body is pulled in chunks from a `read(size)` callable and fed to
`python_multipart.MultipartParser`; file parts go to disk as their bytes arrive (with their
size and SHA-256 counted on the way), so a file of any size costs the same memory. Other
parts are kept as short text. The part headers (a few hundred bytes) are parsed with the
standard library's HTTP header parser, so `Content-Disposition` is read as before: quoted
names, UTF-8 file names, RFC 2231 `filename*`.
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
from typing import IO

from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import MultipartParser

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
    try:
        boundary.encode("ascii")
    except UnicodeEncodeError:
        raise MultipartError("the multipart boundary is not ASCII") from None
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
    reader = _FormReader(directory, max_file_bytes, file_fields)
    parser = MultipartParser(
        boundary.encode("ascii"),
        {
            "on_part_begin": reader.part_begin,
            "on_header_field": reader.header_field,
            "on_header_value": reader.header_value,
            "on_header_end": reader.header_end,
            "on_headers_finished": reader.headers_finished,
            "on_part_data": reader.part_data,
            "on_part_end": reader.part_end,
            "on_end": reader.end,
        },
        # The parser's own per-header limits are tighter than a browser's; ours is on the
        # whole header block of a part (`_MAX_HEADERS`).
        max_header_count=64,
        max_header_size=_MAX_HEADERS,
    )
    try:
        while not reader.ended:
            chunk = read(CHUNK)
            if not chunk:
                raise MultipartError("the body ended before the closing boundary")
            try:
                parser.write(chunk)
            except MultipartParseError as exc:
                raise MultipartError(str(exc) or "badly framed multipart body") from None
    except BaseException:
        reader.abort()
        raise
    return reader.form


class _FormReader:
    """The parser's callbacks: each part's headers, then its bytes to a file or a string."""

    def __init__(
        self, directory: Path, max_file_bytes: int | None, file_fields: tuple[str, ...]
    ) -> None:
        self.form = Form()
        self.ended = False
        self._directory = directory
        self._max_file_bytes = max_file_bytes
        self._file_fields = file_fields
        self._headers: list[tuple[bytearray, bytearray]] = []
        self._header_bytes = 0
        self._part: _FilePart | _FieldPart | None = None

    # --- headers ---------------------------------------------------------------------------

    def part_begin(self) -> None:
        self._headers = [(bytearray(), bytearray())]
        self._header_bytes = 0

    def header_field(self, data: bytes, start: int, end: int) -> None:
        self._count_header(end - start)
        self._headers[-1][0].extend(data[start:end])

    def header_value(self, data: bytes, start: int, end: int) -> None:
        self._count_header(end - start)
        self._headers[-1][1].extend(data[start:end])

    def header_end(self) -> None:
        self._headers.append((bytearray(), bytearray()))

    def headers_finished(self) -> None:
        text = "".join(
            f"{bytes(name).decode('utf-8', 'replace')}: {bytes(value).decode('utf-8', 'replace')}"
            "\r\n"
            for name, value in self._headers
            if name
        )
        headers = email.parser.HeaderParser(policy=email.policy.HTTP).parsestr(text + "\r\n")
        name, filename, content_type = _disposition(headers)
        if filename is not None or name in self._file_fields:
            self._part = _FilePart(
                self._directory, name, filename or "", content_type, self._max_file_bytes
            )
        else:
            self._part = _FieldPart(name)

    def _count_header(self, size: int) -> None:
        self._header_bytes += size
        if self._header_bytes > _MAX_HEADERS:
            raise MultipartError(f"the headers of a part are longer than {_MAX_HEADERS} bytes")

    # --- data ------------------------------------------------------------------------------

    def part_data(self, data: bytes, start: int, end: int) -> None:
        if self._part is None:
            raise MultipartError("part data before the part's headers")
        self._part.write(data[start:end])

    def part_end(self) -> None:
        part, self._part = self._part, None
        if isinstance(part, _FilePart):
            received = part.close()
            if received.field in self.form.files:
                received.path.unlink(missing_ok=True)  # the first file of a field wins
            else:
                self.form.files[received.field] = received
        elif isinstance(part, _FieldPart):
            self.form.fields.setdefault(part.name, bytes(part.data).decode("utf-8", "replace"))

    def end(self) -> None:
        self.ended = True

    def abort(self) -> None:
        if isinstance(self._part, _FilePart):
            self._part.abort()
        self._part = None
        self.form.discard()


class _FieldPart:
    def __init__(self, name: str) -> None:
        self.name = name
        self.data = bytearray()

    def write(self, chunk: bytes) -> None:
        self.data += chunk
        if len(self.data) > _MAX_FIELD:
            raise MultipartError(f"form field {self.name!r} is longer than {_MAX_FIELD} bytes")


class _FilePart:
    def __init__(
        self,
        directory: Path,
        name: str,
        filename: str,
        content_type: str,
        max_bytes: int | None,
    ) -> None:
        self._name = name
        self._filename = filename
        self._content_type = content_type
        self._max_bytes = max_bytes
        self._digest = hashlib.sha256()
        self._size = 0
        self._handle: IO[bytes] = tempfile.NamedTemporaryFile(  # noqa: SIM115
            dir=directory, prefix="upload-", delete=False
        )
        self._path = Path(self._handle.name)

    def write(self, chunk: bytes) -> None:
        self._size += len(chunk)
        if self._max_bytes is not None and self._size > self._max_bytes:
            raise TooLarge(f"the file is larger than {self._max_bytes} bytes")
        self._digest.update(chunk)
        self._handle.write(chunk)

    def close(self) -> ReceivedFile:
        self._handle.close()
        return ReceivedFile(
            field=self._name,
            filename=os.path.basename(self._filename.replace("\\", "/")) or "upload",
            content_type=self._content_type,
            path=self._path,
            size=self._size,
            sha256=self._digest.hexdigest(),
        )

    def abort(self) -> None:
        self._handle.close()
        self._path.unlink(missing_ok=True)


def _disposition(headers: email.message.Message) -> tuple[str, str | None, str]:
    if headers.get_content_disposition() != "form-data":
        raise MultipartError("a part has no 'Content-Disposition: form-data' header")
    name = headers.get_param("name", header="content-disposition")
    if not isinstance(name, str):
        raise MultipartError("a part has no field name")
    filename = headers.get_filename()
    return name, filename, headers.get_content_type()
