"""Bodies too large, both ways: a decompression bomb in the answer, and a request body the
server will not take (a 413, or a server that hangs up while the body is still coming).

The bombs are real: gzip (and deflate) streams of zeros, made here, served by the fault
server with `Content-Encoding`. The client's `max_response_size` is set small (8 MiB) and the
bomb inflates to 256 MiB, so a client that inflated it whole would take hundreds of
megabytes; the peak of Python's allocations during the call is measured with tracemalloc.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
import time
import tracemalloc
import zlib
from collections.abc import Callable, Iterator
from typing import Any

import httpx2
import pytest

from datachain_studio import (
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    AsyncStudio,
    InvalidRequestError,
    PayloadTooLargeError,
    RequestTooLargeError,
    ResponseTooLargeError,
    Studio,
    StudioError,
)
from datachain_studio._base_client import DEFAULT_MAX_RESPONSE_SIZE, APICall
from tests.reliability import fault_server as fs
from tests.reliability.fault_server import Behaviour, Conn, FaultServer, Request
from tests.reliability.matrix import TOKEN, recorded_sleeps

MiB = 1024 * 1024
LIMIT = 8 * MiB
BOMB = 256 * MiB
JOBS = "/api/datachain/jobs/"


def _compressed_zeros(size: int, wbits: int) -> bytes:
    """`size` zero bytes compressed (gzip: wbits 31, zlib: 15, raw deflate: -15), made a MiB
    at a time so that making it costs no memory."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, wbits)
    block = bytes(MiB)
    parts = [compressor.compress(block) for _ in range(size // MiB)]
    parts.append(compressor.flush())
    return b"".join(parts)


@pytest.fixture(scope="module")
def gzip_bomb() -> bytes:
    bomb = _compressed_zeros(BOMB, 31)
    assert len(bomb) < BOMB // 500  # ~250 KB on the wire
    return bomb


def _bomb(code: int, bomb: bytes, encoding: str = "gzip") -> Behaviour:
    headers = {"Content-Type": "application/json", "Content-Encoding": encoding}
    return fs.reply(code, bomb, headers)


def _client(mode: str, url: str, **options: Any) -> Studio | AsyncStudio:
    cls = Studio if mode == "sync" else AsyncStudio
    return cls(token=TOKEN, url=url, team="t", timeout=10, **options)


def _call(studio: Studio | AsyncStudio, call: Callable[[Any], Any]) -> Any:
    """Run `call(studio)` (awaited for an AsyncStudio) and close the client."""
    if isinstance(studio, Studio):
        with studio:
            return call(studio)

    async def run() -> Any:
        async with studio:
            return await call(studio)

    return asyncio.run(run())


@contextlib.contextmanager
def _peak_allocations() -> Iterator[list[int]]:
    """The peak of Python's allocations inside the block, above where it started."""
    out: list[int] = []
    tracemalloc.start()
    try:
        start = tracemalloc.get_traced_memory()[0]
        tracemalloc.reset_peak()
        yield out
        out.append(tracemalloc.get_traced_memory()[1] - start)
    finally:
        tracemalloc.stop()


# --- the answer: decompression bombs and oversized bodies ------------------------------------


@pytest.mark.parametrize("code", [200, 500], ids=["success", "error-status"])
@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_gzip_bomb_is_a_typed_error_and_memory_stays_flat(
    mode: str, code: int, gzip_bomb: bytes
) -> None:
    with recorded_sleeps(), FaultServer([], then=_bomb(code, gzip_bomb)) as server:
        studio = _client(mode, server.url, max_response_size=LIMIT)
        with _peak_allocations() as peak, pytest.raises(ResponseTooLargeError) as caught:
            _call(studio, lambda s: s.jobs.list())
        assert server.wait_idle()
    error = caught.value
    assert isinstance(error, APIResponseValidationError)
    assert error.limit == LIMIT
    assert error.status_code == code
    assert error.body is None
    assert "max_response_size (8.0 MiB" in str(error)
    assert "decompressed" in str(error)
    assert len(server.requests) == 1  # never retried, even after a 500
    # A client that inflated the bomb would hold 256 MiB at least; this one at most the limit
    # (the parts read so far) and one step of decompression.
    assert peak[0] < 2 * LIMIT, f"peak {peak[0] / MiB:.1f} MiB"


@pytest.mark.parametrize("wbits", [15, -15], ids=["zlib", "raw"])
def test_a_deflate_bomb_is_bounded_too(wbits: int) -> None:
    bomb = _compressed_zeros(64 * MiB, wbits)
    with FaultServer([], then=_bomb(200, bomb, "deflate")) as server:
        with _peak_allocations() as peak, pytest.raises(ResponseTooLargeError):
            _call(_client("sync", server.url, max_response_size=LIMIT), lambda s: s.jobs.list())
    assert peak[0] < 2 * LIMIT


def test_a_bomb_in_two_layers_of_gzip_is_bounded_too() -> None:
    inner = _compressed_zeros(64 * MiB, 31)
    outer = zlib.compress(inner, 9, wbits=31)
    with FaultServer([], then=_bomb(200, outer, "gzip, gzip")) as server:
        with _peak_allocations() as peak, pytest.raises(ResponseTooLargeError):
            _call(_client("async", server.url, max_response_size=LIMIT), lambda s: s.jobs.list())
    assert peak[0] < 2 * LIMIT


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_an_uncompressed_body_above_the_limit_is_refused_by_its_length(mode: str) -> None:
    body = b"[" + b" " * (2 * MiB) + b"]"
    behaviour = fs.reply(200, body, {"Content-Type": "application/json"})
    with FaultServer([], then=behaviour) as server:
        with pytest.raises(ResponseTooLargeError, match=r"Content-Length is 2\.0 MiB"):
            _call(_client(mode, server.url, max_response_size=MiB), lambda s: s.jobs.list())
        assert server.wait_idle()


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize("encoding", ["gzip", "deflate", "gzip, deflate", "identity"])
def test_compressed_answers_under_the_limit_still_decode(mode: str, encoding: str) -> None:
    jobs = [{"id": str(n), "status": "COMPLETE", "query": "x" * 1000} for n in range(200)]
    data = json.dumps(jobs).encode()
    for name in [e.strip() for e in encoding.split(",")]:  # in the order applied
        if name == "gzip":
            data = zlib.compress(data, 6, wbits=31)
        elif name == "deflate":
            data = zlib.compress(data, 6)
    headers = {"Content-Type": "application/json", "Content-Encoding": encoding}
    with FaultServer([], then=fs.reply(200, data, headers)) as server:
        studio = _client(mode, server.url, max_response_size=len(json.dumps(jobs)) + 1)
        listed = _call(studio, lambda s: s.jobs.list())
    assert len(listed) == 200


def test_a_truncated_gzip_body_is_a_connection_error_as_before() -> None:
    data = zlib.compress(b'{"detail": "x"}', 6, wbits=31)
    headers = {"Content-Type": "application/json", "Content-Encoding": "gzip"}
    with FaultServer([], then=fs.reply(200, b"\x1f\x8bgarbage" + data, headers)) as server:
        with pytest.raises(APIConnectionError, match="DecodingError"):
            _call(_client("sync", server.url, max_retries=0), lambda s: s.jobs.list())


def test_max_response_size_is_checked_and_can_be_changed() -> None:
    assert MiB * 256 == DEFAULT_MAX_RESPONSE_SIZE
    for bad in (0, -1, True, 1.5, "1", None):
        with pytest.raises(InvalidRequestError, match="max_response_size"):
            Studio(token=TOKEN, url="https://studio.example", max_response_size=bad)  # type: ignore[arg-type]
        with pytest.raises(InvalidRequestError, match="max_response_size"):
            AsyncStudio(token=TOKEN, url="https://studio.example", max_response_size=bad)  # type: ignore[arg-type]
    studio = Studio(token=TOKEN, url="https://studio.example")
    for bad in (0, False, 2.0):
        with pytest.raises(InvalidRequestError, match="max_response_size"):
            studio.with_options(max_response_size=bad)  # type: ignore[arg-type]
    body = b"[" + b" " * 2000 + b"]"
    with FaultServer([], then=fs.reply(200, body, {"Content-Type": "application/json"})) as srv:
        with Studio(token=TOKEN, url=srv.url, team="t") as roomy:
            assert roomy.jobs.list() == []
            with pytest.raises(ResponseTooLargeError):
                roomy.with_options(max_response_size=1000).jobs.list()
            assert roomy.jobs.list() == []  # the original keeps its own limit


# --- the request: a body the server will not take ---------------------------------------------


class PartialReader(FaultServer):
    """A fault server that reads a request's head and at most `take` bytes of its body
    before the behaviour runs (which then refuses it, one way or another)."""

    def __init__(self, script: list[Behaviour], take: int) -> None:
        super().__init__(script)
        self.take = take

    def _read_request(
        self, sock: socket.socket, buffer: bytes, index: int
    ) -> tuple[Request, bytes]:
        while b"\r\n\r\n" not in buffer:
            buffer += self._recv(sock)
        head_bytes, buffer = buffer.split(b"\r\n\r\n", 1)
        request_line, *header_lines = head_bytes.decode("latin-1").split("\r\n")
        method, target, _ = request_line.split(" ", 2)
        headers = {}
        for line in header_lines:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        length = min(int(headers.get("content-length") or 0), self.take)
        while len(buffer) < length:
            buffer += self._recv(sock)
        return Request(method, target, headers, buffer[:length], index), b""


def _hang_up(reset: bool) -> Behaviour:
    def run(conn: Conn) -> bool:
        if reset:
            conn.reset()
        else:
            conn.sock.close()  # with unread bytes waiting, the kernel resets it all the same
        return False

    return Behaviour("hang up mid-body", run)


def _refuse_413() -> Behaviour:
    """Answer 413 and close, reading what is still coming for a while, as nginx does."""

    def run(conn: Conn) -> bool:
        data = json.dumps({"detail": "Request body too large"}).encode()
        headers = {"Content-Type": "application/json", "Connection": "close"}
        conn.send(fs.head(413, headers, "Payload Too Large", len(data)) + data)
        conn.sock.shutdown(socket.SHUT_WR)
        end = time.monotonic() + 3
        with contextlib.suppress(OSError):
            while time.monotonic() < end and conn.sock.recv(1 << 20):
                pass
        return False

    return Behaviour("413", run, may_have_acted=False)


QUERY = "x" * (20 * 1000 * 1000)  # a 20 MB job query


def _put(studio: Studio | AsyncStudio) -> Any:
    """An idempotent call with a large JSON body: the policy would retry it after a reset."""
    call: APICall[None] = APICall(
        "PUT", JOBS, result=None, json={"query": QUERY}, has_json=True, idempotent=True
    )
    return studio._api.execute(call)  # type: ignore[union-attr]


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize("reset", [False, True], ids=["close", "rst"])
@pytest.mark.parametrize("op", ["create", "put"])
def test_a_server_hanging_up_on_a_large_body_is_request_too_large(
    mode: str, reset: bool, op: str
) -> None:
    with recorded_sleeps() as sleeps, PartialReader([], take=MiB) as server:
        server.then = _hang_up(reset)
        studio = _client(mode, server.url)
        call = (lambda s: s.jobs.create(QUERY)) if op == "create" else _put
        with pytest.raises(RequestTooLargeError) as caught:
            _call(studio, call)
        assert server.wait_idle()
    error = caught.value
    assert not isinstance(error, APIConnectionError | APIStatusError)
    assert error.size is not None and error.size > len(QUERY)
    assert "is too large for Studio" in str(error)
    assert f"{error.size:,} bytes" in str(error)
    assert len(server.requests) == 1  # not sent again: it would fail the same way
    assert sleeps == []
    assert TOKEN not in str(error) + repr(error)


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize("op", ["create", "put"])
def test_a_413_is_payload_too_large(mode: str, op: str) -> None:
    with recorded_sleeps() as sleeps, PartialReader([], take=MiB) as server:
        server.then = _refuse_413()
        call = (lambda s: s.jobs.create(QUERY)) if op == "create" else _put
        with pytest.raises(PayloadTooLargeError) as caught:
            _call(_client(mode, server.url), call)
        assert server.wait_idle()
    error = caught.value
    assert isinstance(error, RequestTooLargeError)
    assert isinstance(error, APIStatusError)
    assert error.status_code == 413
    assert error.size is not None and error.size > len(QUERY)
    assert error.body == {"detail": "Request body too large"}
    text = str(error)
    assert text.startswith("413 Payload Too Large: The request body (")
    assert "Request body too large" in text
    assert error.request.method in ("POST", "PUT")
    assert len(server.requests) == 1
    assert sleeps == []


def test_a_small_413_names_its_size_too() -> None:
    data = json.dumps({"detail": "too big"}).encode()
    behaviour = fs.reply(413, data, {"Content-Type": "application/json"})
    with FaultServer([behaviour]) as server:
        with pytest.raises(PayloadTooLargeError, match=r"request body \(\d+ bytes\)"):
            _call(_client("sync", server.url), lambda s: s.jobs.create("print(1)"))


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_large_body_the_server_takes_still_goes_through(mode: str) -> None:
    with FaultServer() as server:
        job = _call(_client(mode, server.url), lambda s: s.jobs.create("y" * (3 * MiB)))
        assert server.wait_idle()
    assert job is not None
    (request,) = server.requests_to("POST", JOBS)
    assert json.loads(request.body)["query"] == "y" * (3 * MiB)
    assert request.header("content-length") == str(len(request.body))
    assert request.header("transfer-encoding") is None


def test_a_reset_before_any_body_is_still_a_connection_error() -> None:
    with recorded_sleeps(), FaultServer([fs.reset_before_response()] * 3) as server:
        with pytest.raises(APIConnectionError) as caught:
            _call(_client("sync", server.url), lambda s: s.jobs.list())
    assert not isinstance(caught.value, RequestTooLargeError)
    assert isinstance(caught.value, StudioError)


def test_errors_of_size_pickle() -> None:
    import pickle

    request = httpx2.Request("POST", "https://studio.example/api/datachain/jobs/")
    error = RequestTooLargeError("The request body is too large", request=request, size=5)
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is RequestTooLargeError and again.size == 5
    response = httpx2.Response(413, json={"detail": "no"}, request=request)
    payload = PayloadTooLargeError("too large", response=response, body={"detail": "no"}, size=7)
    again = pickle.loads(pickle.dumps(payload))
    assert type(again) is PayloadTooLargeError and again.size == 7 and again.status_code == 413
