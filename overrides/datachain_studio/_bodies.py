"""Request and response bodies as the client sends and reads them, with their size known.

- `_SentBody`: a JSON request body handed to the connection piece by piece, so that a server
  that hangs up part-way through can be told from a network failure (`RequestTooLargeError`).
- `_BodyReader`: a response body decoded (gzip, deflate, ...) as its raw chunks arrive and
  refused once it passes `max_response_size` (`ResponseTooLargeError`): memory stays bounded
  whatever the compression ratio.
- `_decoded` and `_unbind`: a successful body becomes text at once and the response lets go
  of it, so a large answer is held once, not twice, while it is parsed.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx2

from ._exceptions import ResponseTooLargeError


def _size_text(size: int) -> str:
    if size < 1024 * 1024:
        return f"{size:,} bytes"
    return f"{size / (1024 * 1024):,.1f} MiB ({size:,} bytes)"


_SEND_CHUNK = 64 * 1024
"""Bytes of a JSON request body handed to the connection at a time (see `_SentBody`)."""


class _SentBody(httpx2.SyncByteStream, httpx2.AsyncByteStream):
    """A JSON request body that knows how much of it the connection has taken.

    It is handed out `_SEND_CHUNK` bytes at a time, and the connection asks for the next
    piece only once it has written the previous one: so when a send fails, `written` is how
    much had gone out and `done` whether all of it had. A server that hangs up after taking
    part of a body (`written > 0`, not `done`) and without an answer has refused its size.
    """

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.written = 0
        self.done = False

    def _pieces(self) -> Iterator[bytes]:
        self.written, self.done = 0, False  # a redirect (307, 308) sends it again
        data = self.data
        for start in range(0, len(data), _SEND_CHUNK):
            yield data[start : start + _SEND_CHUNK]
            self.written = min(start + _SEND_CHUNK, len(data))
        self.done = True

    def __iter__(self) -> Iterator[bytes]:
        yield from self._pieces()

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for piece in self._pieces():
            yield piece


_PIECE = 64 * 1024
"""The most bytes one step of decompression may produce."""
_FOREIGN_SLICE = 64
"""Compressed bytes given at once to a decoder that cannot bound its output (br, zstd)."""
_MAX_ENCODINGS = 4


class _Zlib:
    """A gzip or deflate decoder whose every step yields at most `_PIECE` bytes."""

    def __init__(self, wbits: int, fallback: int | None = None) -> None:
        self._inflate = zlib.decompressobj(wbits)
        self._fallback = fallback  # deflate: zlib-wrapped, else raw (as httpx2 does)

    def decode(self, data: bytes) -> Iterator[bytes]:
        while True:
            try:
                out = self._inflate.decompress(data, _PIECE)
            except zlib.error as exc:
                if self._fallback is None:
                    raise httpx2.DecodingError(f"the body is not valid {exc}") from None
                self._inflate, self._fallback = zlib.decompressobj(self._fallback), None
                continue
            self._fallback = None
            if out:
                yield out
            data = self._inflate.unconsumed_tail
            if self._inflate.eof or (not data and len(out) < _PIECE):
                return

    def flush(self) -> Iterator[bytes]:
        return self.decode(b"")


class _Sliced:
    """One of httpx2's own decoders (brotli, zstd) fed a few bytes at a time, so that one step
    inflates at most `_FOREIGN_SLICE` times the codec's ratio."""

    def __init__(self, decoder: Any) -> None:
        self._decoder = decoder

    def decode(self, data: bytes) -> Iterator[bytes]:
        for start in range(0, len(data), _FOREIGN_SLICE):
            if out := self._decoder.decode(data[start : start + _FOREIGN_SLICE]):
                yield out

    def flush(self) -> Iterator[bytes]:
        if out := self._decoder.flush():
            yield out


def _decoders(response: httpx2.Response) -> list[_Zlib | _Sliced]:
    """The decoders for the body's `Content-Encoding`, the last one applied first."""
    found: list[_Zlib | _Sliced] = []
    for value in response.headers.get_list("content-encoding", split_commas=True):
        name = value.strip().lower()
        if name == "gzip":
            found.append(_Zlib(zlib.MAX_WBITS | 16))
        elif name == "deflate":
            found.append(_Zlib(zlib.MAX_WBITS, fallback=-zlib.MAX_WBITS))
        elif name != "identity":
            from httpx2._decoders import SUPPORTED_DECODERS

            if name in SUPPORTED_DECODERS:
                found.append(_Sliced(SUPPORTED_DECODERS[name]()))
        # anything else is passed through as it is, as httpx2 does
    if len(found) > _MAX_ENCODINGS:
        raise httpx2.DecodingError(f"the body has {len(found)} content encodings")
    return found[::-1]


class _BodyReader:
    """Decodes a body as its raw chunks arrive, and stops at `limit` decoded bytes.

    httpx2 inflates each 64 KiB it reads at once: 64 MiB for a chunk of a gzip bomb. Here each
    step of decompression yields at most `_PIECE` bytes and is counted before the next, so
    the memory a body takes is bounded by `limit`, whatever its compression ratio.

    `feed` and `finish` keep the decoded body and give it whole; `decode` and `flush` hand
    each decoded piece on as it comes instead (a body written to disk, a log read line by
    line), counted all the same. `limit=None` counts without a bound (a body that goes to
    disk, whose memory is one piece at a time).
    """

    def __init__(self, response: httpx2.Response, limit: int | None, secret: str) -> None:
        self._response = response
        self._limit = limit
        self._secret = secret
        self._parts: list[bytes] = []
        self.size = 0
        self._decoders = _decoders(response)
        length = response.headers.get("content-length", "")
        if limit is not None and not self._decoders and length.isdigit() and int(length) > limit:
            self._refuse(int(length))

    def feed(self, chunk: bytes) -> None:
        self._parts.extend(self.decode(chunk))

    def finish(self) -> bytes:
        self._parts.extend(self.flush())
        body = b"".join(self._parts)
        self._parts = []
        return body

    def decode(self, chunk: bytes) -> Iterator[bytes]:
        """The decoded pieces of one raw chunk, each at most `_PIECE` bytes, counted."""
        try:
            yield from self._pieces(0, chunk)
        except httpx2.DecodingError as exc:
            exc.request = self._response.request
            raise

    def flush(self) -> Iterator[bytes]:
        """The decoded pieces the decoders still hold once the raw body has ended."""
        try:
            for index, decoder in enumerate(self._decoders):
                for piece in decoder.flush():
                    yield from self._pieces(index + 1, piece)
        except httpx2.DecodingError as exc:
            exc.request = self._response.request
            raise

    def _pieces(self, index: int, data: bytes) -> Iterator[bytes]:
        if index == len(self._decoders):
            self.size += len(data)
            if self._limit is not None and self.size > self._limit:
                self._refuse(None)
            if data:
                yield data
            return
        for piece in self._decoders[index].decode(data):
            yield from self._pieces(index + 1, piece)

    def _refuse(self, length: int | None) -> None:
        self._parts = []
        assert self._limit is not None
        limit = _size_text(self._limit)
        said = (
            f"its Content-Length is {_size_text(length)}"
            if length is not None
            else f"it grew past that{' once decompressed' if self._decoders else ''}"
        )
        raise ResponseTooLargeError(
            f"The response is larger than max_response_size ({limit}): {said}",
            response=self._response,
            limit=self._limit,
        ).hide(self._secret)


class DecodedTooLarge(ValueError):
    """A body the client read within `max_response_size` would take more than `budget`
    bytes of memory once decoded (a dense format's amplification): raised by an
    `APICall.decode`, it becomes `ResponseTooLargeError`."""

    def __init__(self, budget: int) -> None:
        super().__init__(f"it would take more than {_size_text(budget)} once decoded")
        self.budget = budget


def _decoded(body: bytes) -> str | bytes:
    """A JSON body as text (`json.loads` would decode it the same way), or the bytes when
    they are not text. The body of a successful call is read this way, not into
    `response.content`, so that the bytes are freed once decoded: parsing a large answer then
    holds the text and the objects, not the bytes as well (a third less peak memory)."""
    try:
        return body.decode(json.detect_encoding(body), "surrogatepass")
    except UnicodeDecodeError:
        return body


def _unbind(response: httpx2.Response) -> None:
    """Drop the closed body stream, which refers back to the response: without that cycle the
    response (and its whole body) is freed as soon as the call returns, not at the next full
    garbage collection, which for a large answer came long after (+1 body of resident memory).
    """
    response.stream = _CLOSED


_CLOSED = httpx2.ByteStream(b"")
