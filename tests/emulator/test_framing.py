"""Framing and hostile input at the transport, over raw sockets.

Every request whose framing is ambiguous or malformed is answered 400 with a JSON body and
the connection is then closed: never a silent close, never a hang, and a request smuggled
behind it on the same connection is not served. A JSON body over the limit is answered 413
with a JSON body, even while the client is still sending it.
"""

from __future__ import annotations

import json
import re
import socket
import sys
import threading
import time
import traceback
from collections.abc import Iterator
from dataclasses import dataclass

import httpx2
import pytest

from datachain_studio.testing import StudioEmulator, _asgi, _server
from tests.emulator.helpers import JOBS

AUTH = b"Authorization: Bearer isat_emulator\r\n"
# Sent right behind the bad request, on the same connection: it must not be answered.
SMUGGLED = b"GET /api/datachain/clusters/ HTTP/1.1\r\nHost: studio\r\n" + AUTH + b"\r\n"


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes
    raw: bytes
    closed: bool  # the server closed the connection after it

    def json(self) -> object:
        assert self.headers["content-type"] == "application/json", self.headers
        return json.loads(self.body)


def exchange(port: int, data: bytes, *, timeout: float = 5.0) -> Answer:
    """Send `data`, read until the server closes (or `timeout`), parse the first answer."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(data)
        raw = b""
        closed = False
        try:
            while chunk := sock.recv(65536):
                raw += chunk
            closed = True
        except TimeoutError:
            pass
    return parse(raw, closed)


def parse(raw: bytes, closed: bool) -> Answer:
    head, sep, rest = raw.partition(b"\r\n\r\n")
    assert sep, f"no answer at all (closed={closed}): {raw!r}"
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "0"))
    return Answer(int(status_line.split()[1]), headers, rest[:length], raw, closed)


def read_one_answer(sock: socket.socket) -> Answer:
    """Read exactly one answer (its head, then its Content-Length of body), nothing more."""
    raw = b""
    while b"\r\n\r\n" not in raw:
        chunk = sock.recv(65536)
        assert chunk, f"closed mid-answer: {raw!r}"
        raw += chunk
    answer = parse(raw, closed=False)
    head_length = raw.index(b"\r\n\r\n") + 4
    wanted = head_length + int(answer.headers.get("content-length", "0"))
    while len(raw) < wanted:
        chunk = sock.recv(wanted - len(raw))
        assert chunk, f"closed mid-body: {raw!r}"
        raw += chunk
    assert len(raw) == wanted, "more than one answer arrived"
    return parse(raw, closed=False)


def answers(raw: bytes) -> int:
    """How many answers `raw` holds (status lines at the start or after a body)."""
    return len(re.findall(rb"(?:^|[\]}])HTTP/1\.1 \d{3} ", raw))


@pytest.fixture
def emulator() -> Iterator[StudioEmulator]:
    with StudioEmulator() as emu:
        yield emu


def post(headers: bytes, body: bytes = b"") -> bytes:
    return (
        b"POST /api/datachain/jobs/ HTTP/1.1\r\nHost: studio\r\n" + AUTH + headers + b"\r\n" + body
    )


AMBIGUOUS = {
    "content-length-and-chunked": post(
        b"Content-Length: 5\r\nTransfer-Encoding: chunked\r\n", b"0\r\n\r\n"
    ),
    "chunked-and-content-length": post(
        b"Transfer-Encoding: chunked\r\nContent-Length: 50\r\n", b"0\r\n\r\n"
    ),
    "two-content-lengths": post(b"Content-Length: 4\r\nContent-Length: 5\r\n", b"abcde"),
    "a-list-of-content-lengths": post(b"Content-Length: 4, 5\r\n", b"abcde"),
    "xchunked": post(b"Transfer-Encoding: xchunked\r\n", b"0\r\n\r\n"),
    "gzip-then-chunked": post(b"Transfer-Encoding: gzip, chunked\r\n", b"0\r\n\r\n"),
    "two-transfer-encodings": post(
        b"Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n", b"0\r\n\r\n"
    ),
    "superscript-two": post("Content-Length: ²\r\n".encode(), b"ab"),
    "5000-digit-length": post(b"Content-Length: " + b"9" * 5000 + b"\r\n"),
    "negative-length": post(b"Content-Length: -1\r\n"),
    "plus-sign-length": post(b"Content-Length: +2\r\n", b"{}"),
    "hex-length": post(b"Content-Length: 0x2\r\n", b"{}"),
    "space-before-colon": post(b"Content-Length : 2\r\n", b"{}"),
    "bad-chunk-size": post(b"Transfer-Encoding: chunked\r\n", b"zz\r\n{}\r\n0\r\n\r\n"),
    "header-without-colon": post(b"Content-Length 2\r\n", b"{}"),
    "bad-request-line": b"POST /api/datachain/jobs/ HTTP/1.1 extra\r\nHost: studio\r\n\r\n",
}


@pytest.mark.parametrize("request_bytes", AMBIGUOUS.values(), ids=AMBIGUOUS.keys())
def test_ambiguous_framing_is_400_json_then_closed(
    emulator: StudioEmulator, request_bytes: bytes
) -> None:
    answer = exchange(emulator.port, request_bytes + SMUGGLED)
    assert answer.status == 400, answer.raw
    body = answer.json()
    assert isinstance(body, dict) and body["message"].startswith("Invalid HTTP request")
    assert body["detail"] == body["message"]
    assert answer.closed, "the connection must be closed after a framing error"
    assert answers(answer.raw) == 1, f"the smuggled request was served: {answer.raw!r}"
    assert emulator.state.teams[emulator.team].jobs == {}


def test_a_good_request_then_a_pipelined_one_are_both_served(emulator: StudioEmulator) -> None:
    """The control for the smuggling checks: the same two requests, well framed."""
    body = json.dumps({"query": "print(1)", "query_type": "PYTHON", "team_name": "emulator"})
    first = post(
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n".encode(), body.encode()
    )
    answer = exchange(emulator.port, first + SMUGGLED, timeout=1.0)
    assert answer.status == 200, answer.raw
    assert answer.json()["status"] == "CREATED"  # type: ignore[index]
    assert answers(answer.raw) == 2  # the clusters, for the second request
    assert not answer.closed  # kept alive


def test_every_transport_error_has_a_json_body(emulator: StudioEmulator) -> None:
    unroutable = b"GET /nowhere HTTP/1.1\r\nHost: studio\r\nConnection: close\r\n\r\n"
    answer = exchange(emulator.port, unroutable)
    both = {"message": "Not found: /nowhere", "detail": "Not found: /nowhere"}
    assert (answer.status, answer.json()) == (404, both)
    huge_header = b"GET / HTTP/1.1\r\nHost: studio\r\nX-Big: " + b"a" * 70_000
    answer = exchange(emulator.port, huge_header)  # never finished: h11's header limit
    assert answer.status == 400 and answer.closed
    assert "Invalid HTTP request" in answer.json()["message"]  # type: ignore[index]


# --- request targets ------------------------------------------------------------------------


def test_an_absolute_target_naming_another_host_is_421_and_not_repeated(
    emulator: StudioEmulator,
) -> None:
    for target in (b"http://other.example/api/datachain/clusters/", b"https://other.example/x"):
        raw = b"GET " + target + b" HTTP/1.1\r\nHost: studio\r\n" + AUTH + b"\r\n"
        answer = exchange(emulator.port, raw)
        assert answer.status == 421, answer.raw
        assert b"other.example" not in answer.raw
        assert answer.json() == {
            "message": "Misdirected request: the request target names another host",
            "detail": "Misdirected request: the request target names another host",
        }
        assert answer.closed
    handshake = (
        b"GET http://other.example/api/logs/follow/?job_id=1 HTTP/1.1\r\nHost: studio\r\n"
        b"Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
        b"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n" + AUTH + b"\r\n"
    )
    answer = exchange(emulator.port, handshake)
    assert answer.status == 421 and b"other.example" not in answer.raw, answer.raw


def test_an_absolute_target_naming_its_own_host_is_served_by_its_path(
    emulator: StudioEmulator,
) -> None:
    own = b"GET http://studio/api/datachain/clusters/ HTTP/1.1\r\nHost: studio\r\n"
    answer = exchange(emulator.port, own + AUTH + b"Connection: close\r\n\r\n")
    assert answer.status == 200, answer.raw
    unknown = b"GET http://studio/nowhere HTTP/1.1\r\nHost: studio\r\nConnection: close\r\n\r\n"
    answer = exchange(emulator.port, unknown)
    assert (answer.status, answer.json()) == (
        404,
        {"message": "Not found: /nowhere", "detail": "Not found: /nowhere"},
    )


def test_a_target_that_is_no_path_is_400(emulator: StudioEmulator) -> None:
    answer = exchange(emulator.port, b"OPTIONS * HTTP/1.1\r\nHost: studio\r\n\r\n")
    assert answer.status == 400 and answer.closed, answer.raw
    assert answer.json() == {
        "message": "Invalid HTTP request: the request target must be a path",
        "detail": "Invalid HTTP request: the request target must be a path",
    }


# --- bodies over the limit -----------------------------------------------------------------

TOO_BIG = _asgi._MAX_JSON + 1


def test_a_json_body_over_the_limit_is_413_json_and_the_connection_goes_on(
    emulator: StudioEmulator,
) -> None:
    with httpx2.Client(
        base_url=emulator.url, headers={"Authorization": "Bearer isat_emulator"}
    ) as http:
        response = http.post(
            JOBS, content=b"{" + b" " * TOO_BIG + b"}", headers={"Content-Type": "application/json"}
        )
        assert response.status_code == 413
        text = f"The request body is larger than {_asgi._MAX_JSON} bytes"
        assert response.json() == {"message": text, "detail": text}
        assert "connection" not in response.headers  # all of it was read: kept alive
        assert http.get("/api/datachain/clusters/").status_code == 200


def test_a_chunked_json_body_over_the_limit_is_413(emulator: StudioEmulator) -> None:
    def pieces() -> Iterator[bytes]:
        for _ in range(17):
            yield b" " * (1024 * 1024)

    with httpx2.Client(
        base_url=emulator.url, headers={"Authorization": "Bearer isat_emulator"}
    ) as http:
        response = http.post(JOBS, content=pieces(), headers={"Content-Type": "application/json"})
        assert response.status_code == 413
        assert "larger than" in response.json()["message"]


def test_a_client_still_sending_past_the_drain_limit_gets_413_then_a_close(
    emulator: StudioEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_asgi, "_MAX_JSON", 64 * 1024)
    monkeypatch.setattr(_asgi, "DRAIN_LIMIT", 256 * 1024)
    declared = 64 * 1024 * 1024
    with socket.create_connection(("127.0.0.1", emulator.port), timeout=10) as sock:
        sock.sendall(post(f"Content-Length: {declared}\r\n".encode()))
        stop = threading.Event()

        def keep_sending() -> None:
            piece = b" " * 65536
            try:
                while not stop.is_set():
                    sock.sendall(piece)
            except OSError:
                pass  # the server closed: expected once it answered

        sender = threading.Thread(target=keep_sending, daemon=True)
        sender.start()
        raw = b""
        closed = False
        try:
            while chunk := sock.recv(65536):
                raw += chunk
            closed = True
        except ConnectionResetError:
            closed = True
        finally:
            stop.set()
            sender.join(timeout=5)
    answer = parse(raw, closed)
    assert answer.status == 413
    assert answer.headers["connection"] == "close"
    assert "larger than" in answer.json()["message"]  # type: ignore[index]
    assert answer.closed


def test_a_multipart_body_to_a_json_operation_over_the_limit_is_413(
    emulator: StudioEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("datachain_studio.testing._app._MAX_JSON", 1024)
    with httpx2.Client(
        base_url=emulator.url, headers={"Authorization": "Bearer isat_emulator"}
    ) as http:
        response = http.post(JOBS, files={"file": ("a.bin", b"x" * 4096)})
        assert response.status_code == 413
        assert "larger than 1024 bytes" in response.json()["message"]
        assert http.get("/api/datachain/clusters/").status_code == 200


# --- bodies that stall ---------------------------------------------------------------------

STALL = 0.5  # seconds: the emulator's `body_timeout` in these tests
UPLOAD = b"POST /api/datachain/jobs/files?team_name=emulator HTTP/1.1\r\nHost: studio\r\n" + AUTH
PART = (
    b'--b0undary\r\nContent-Disposition: form-data; name="file"; filename="a.bin"\r\n'
    b"Content-Type: application/octet-stream\r\n\r\n"
)


def upload(body: bytes, declared: int = 1000) -> bytes:
    """An upload that declares `declared` bytes and sends only `body`."""
    headers = f"Content-Type: multipart/form-data; boundary=b0undary\r\nContent-Length: {declared}"
    return UPLOAD + headers.encode() + b"\r\n\r\n" + body


JSON = b"Content-Type: application/json\r\n"
STALLED = {
    "json-length-and-no-bytes": post(JSON + b"Content-Length: 100\r\n"),
    "json-mid-body": post(JSON + b"Content-Length: 100\r\n", b'{"query": "pri'),
    "chunked-mid-chunk": post(JSON + b"Transfer-Encoding: chunked\r\n", b'64\r\n{"query"'),
    "chunked-between-chunks": post(JSON + b"Transfer-Encoding: chunked\r\n", b"2\r\n{}\r\n"),
    "upload-length-and-no-bytes": upload(b""),
    "upload-mid-file": upload(PART + b"x" * 100),
}


@pytest.fixture
def impatient() -> Iterator[StudioEmulator]:
    with StudioEmulator(body_timeout=STALL) as emu:
        yield emu


def waiting_workers() -> int:
    """Threads waiting in `StreamBody` for a piece of an upload's body."""
    return sum(
        any(f.f_code.co_name == "_wait_for_piece" for f, _ in traceback.walk_stack(frame))
        for frame in sys._current_frames().values()
    )


def stalled_answer(answer: Answer) -> None:
    assert answer.status == 408, answer.raw
    body = answer.json()
    assert isinstance(body, dict), body
    assert body["message"] == f"No part of the request body came for {STALL:g} s"
    assert body["detail"] == body["message"]
    assert answer.headers["connection"] == "close"
    assert answer.closed, "the connection must be closed after a stalled body"


@pytest.mark.parametrize("request_bytes", STALLED.values(), ids=STALLED.keys())
def test_a_body_that_stalls_is_408_json_then_closed(
    impatient: StudioEmulator, request_bytes: bytes
) -> None:
    answer = exchange(impatient.port, request_bytes, timeout=STALL * 40)
    stalled_answer(answer)
    team = impatient.state.teams[impatient.team]
    assert team.jobs == {} and team.uploads == {}  # nothing was made of it
    auth = {"Authorization": f"Bearer {impatient.token}"}
    with httpx2.Client(base_url=impatient.url, headers=auth) as http:
        assert http.get("/api/datachain/clusters/").status_code == 200  # still serving


def test_a_stalled_upload_lets_its_worker_thread_go(impatient: StudioEmulator) -> None:
    """An upload's body is read by a worker thread; when the client stalls, that thread is
    let go (and the 408 is only sent once the handler it ran has returned)."""
    with socket.create_connection(("127.0.0.1", impatient.port), timeout=STALL * 40) as sock:
        sock.sendall(upload(PART + b"x" * 100))
        sock.setblocking(False)
        seen_waiting = False
        raw = b""
        while not raw:
            seen_waiting = seen_waiting or waiting_workers() == 1
            try:
                raw = sock.recv(65536)
            except BlockingIOError:
                threading.Event().wait(0.01)
        sock.setblocking(True)
        while chunk := sock.recv(65536):
            raw += chunk
    assert seen_waiting, "the upload was never read by a worker thread"
    stalled_answer(parse(raw, closed=True))
    assert waiting_workers() == 0


def test_a_slow_body_that_keeps_coming_is_served() -> None:
    """The timeout is on a silence, not on the whole body: pieces a little apart are fine."""
    body = json.dumps({"query": "print(1)", "query_type": "PYTHON", "team_name": "emulator"})
    with StudioEmulator(body_timeout=2.0) as emu:
        with socket.create_connection(("127.0.0.1", emu.port), timeout=30) as sock:
            sock.sendall(post(f"{JSON.decode()}Content-Length: {len(body)}\r\n".encode()))
            for index in range(0, len(body), 8):  # ~9 pieces, 0.3 s apart: 2.7 s in all
                threading.Event().wait(0.3)
                sock.sendall(body[index : index + 8].encode())
            answer = read_one_answer(sock)
        assert answer.status == 200, answer.raw
        assert len(emu.state.teams[emu.team].jobs) == 1


def test_body_timeout_must_be_positive() -> None:
    for bad in (0, -1.0, float("nan")):
        with pytest.raises(ValueError, match="body_timeout"):
            StudioEmulator(body_timeout=bad)


# --- heads that stall ------------------------------------------------------------------------

HANDSHAKE = (
    b"GET /api/logs/follow/?job_id=1 HTTP/1.1\r\nHost: studio\r\nUpgrade: websocket\r\n"
    b"Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
)
STALLED_HEADS = {
    "mid-request-line": b"GET /api/datachain/clus",
    "mid-headers": b"GET /api/datachain/clusters/ HTTP/1.1\r\nHost: studio\r\n" + AUTH,
    "mid-websocket-handshake": HANDSHAKE,
}


def stalled_head(answer: Answer) -> None:
    assert answer.status == 408, answer.raw
    text = f"The request head did not all come within {STALL:g} s"
    assert answer.json() == {"message": text, "detail": text}
    assert answer.headers["connection"] == "close"
    assert answer.closed, "the connection must be closed after a stalled head"


@pytest.mark.parametrize("request_bytes", STALLED_HEADS.values(), ids=STALLED_HEADS.keys())
def test_a_head_that_stalls_is_408_json_then_closed(
    impatient: StudioEmulator, request_bytes: bytes
) -> None:
    started = time.monotonic()
    stalled_head(exchange(impatient.port, request_bytes, timeout=STALL * 40))
    assert time.monotonic() - started < STALL * 20
    assert impatient.log_streams_opened == 0


def test_a_head_that_trickles_in_is_dropped_all_the_same(impatient: StudioEmulator) -> None:
    """The bound is on the whole head, not on a silence: a byte now and then does not keep a
    connection (one in the middle of a WebSocket handshake here) open for ever."""
    with socket.create_connection(("127.0.0.1", impatient.port), timeout=STALL * 40) as sock:
        started = time.monotonic()
        try:
            for byte in HANDSHAKE:
                sock.sendall(bytes([byte]))
                threading.Event().wait(STALL / 5)
        except OSError:  # closed by the server while still sending
            pass
        raw = b""
        while chunk := sock.recv(65536):
            raw += chunk
    assert time.monotonic() - started < STALL * 10
    stalled_head(parse(raw, closed=True))


def test_a_second_request_that_stalls_mid_head_is_408(impatient: StudioEmulator) -> None:
    first = b"GET /api/datachain/clusters/ HTTP/1.1\r\nHost: studio\r\n" + AUTH + b"\r\n"
    with socket.create_connection(("127.0.0.1", impatient.port), timeout=STALL * 40) as sock:
        sock.sendall(first)
        answer = read_one_answer(sock)
        assert answer.status == 200, answer
        sock.sendall(b"GET /api/datachain/clusters/ HTTP/1.1\r\nHo")
        raw = b""
        while chunk := sock.recv(65536):
            raw += chunk
    stalled_head(parse(raw, closed=True))


def test_a_connection_that_sends_nothing_is_closed_after_the_keep_alive_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(_server, "KEEP_ALIVE_SECONDS", STALL)
    with StudioEmulator() as emu:
        with socket.create_connection(("127.0.0.1", emu.port), timeout=STALL * 40) as sock:
            started = time.monotonic()
            assert sock.recv(65536) == b""  # closed, without an answer: nothing was asked
            assert time.monotonic() - started < STALL * 20
