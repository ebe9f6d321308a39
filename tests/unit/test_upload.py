"""Tests of streaming multipart uploads, against real HTTP servers on 127.0.0.1."""

from __future__ import annotations

import asyncio
import email.parser
import email.policy
import hashlib
import io
import json
import os
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx2
import pytest

from datachain_studio import _upload
from datachain_studio._exceptions import InvalidRequestError
from datachain_studio._upload import CHUNK_SIZE, UploadBody, prepare_upload


class Received:
    """What the server got: request headers and the raw body."""

    def __init__(self, headers: dict[str, str], body: bytes) -> None:
        self.headers = headers
        self.body = body

    def single_part(self) -> tuple[dict[str, str], bytes]:
        """Split a one-part multipart body strictly: (part headers, content)."""
        media_type, _, boundary = self.headers["content-type"].partition("; boundary=")
        assert media_type == "multipart/form-data"
        delimiter = b"--" + boundary.encode()
        opening, closing = delimiter + b"\r\n", b"\r\n" + delimiter + b"--\r\n"
        assert self.body.startswith(opening) and self.body.endswith(closing)
        head, _, content = self.body[len(opening) : -len(closing)].partition(b"\r\n\r\n")
        assert b"\r\n" + delimiter not in content
        lines = head.decode().split("\r\n")
        return dict(line.split(": ", 1) for line in lines), content


class _Recorder(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def do_POST(self) -> None:
        if "Content-Length" in self.headers:
            body = self.rfile.read(int(self.headers["Content-Length"]))
        else:
            body = self._read_chunked()
        headers = {name.lower(): value for name, value in self.headers.items()}
        self.server.received.append(Received(headers, body))
        answer = json.dumps({"received": len(body)}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def _read_chunked(self) -> bytes:
        parts = []
        while size := int(self.rfile.readline().split(b";")[0], 16):
            parts.append(self.rfile.read(size))
            self.rfile.readline()
        while self.rfile.readline() not in (b"\r\n", b""):
            pass
        return b"".join(parts)

    def log_message(self, format: str, *args: object) -> None:
        pass


class _Discarder(_Recorder):
    """Reads the body in 1 MiB pieces and forgets it."""

    def do_POST(self) -> None:
        left = total = int(self.headers["Content-Length"])
        while left:
            left -= len(self.rfile.read(min(left, 1 << 20)))
        answer = json.dumps({"received": total}).encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)


class _Server(ThreadingHTTPServer):
    received: list[Received]


def _serve(handler: type[BaseHTTPRequestHandler]) -> Iterator[_Server]:
    server = _Server(("127.0.0.1", 0), handler)
    server.received = []
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture
def server() -> Iterator[_Server]:
    yield from _serve(_Recorder)


def url(server: _Server) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}/upload"


def post(server: _Server, body: UploadBody) -> Received:
    with httpx2.Client(timeout=30) as client:
        response = client.post(url(server), content=body, headers=body.headers)
    assert response.status_code == 200
    return server.received[-1]


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_50mb_file_arrives_intact_with_content_length(tmp_path: Path, server: _Server) -> None:
    path = tmp_path / "big.bin"
    data = os.urandom(50 * 1024 * 1024)
    path.write_bytes(data)
    body = prepare_upload(path)
    received = post(server, body)
    part_headers, content = received.single_part()
    assert sha256(content) == sha256(data)
    assert received.headers["content-length"] == str(len(received.body)) == str(body.content_length)
    assert "transfer-encoding" not in received.headers
    assert part_headers == {
        "Content-Disposition": 'form-data; name="file"; filename="big.bin"',
        "Content-Type": "application/octet-stream",
    }
    assert body.boundary != "+++" and len(body.boundary) == 32
    assert prepare_upload(path).boundary != body.boundary


def test_content_that_looks_like_delimiters_arrives_intact(tmp_path: Path, server: _Server) -> None:
    tricky = b"\r\n--+++\r\n--\r\n\r\n--boundary--\r\n" * 1000 + b"\r\n--"
    path = tmp_path / "tricky.txt"
    path.write_bytes(tricky)
    part_headers, content = post(server, prepare_upload(path)).single_part()
    assert content == tricky
    assert part_headers["Content-Type"] == "text/plain"


def test_async_upload_and_replay(tmp_path: Path, server: _Server) -> None:
    data = os.urandom(3 * CHUNK_SIZE + 17)
    path = tmp_path / "data.csv"
    path.write_bytes(data)
    body = prepare_upload(path)

    async def send_twice() -> None:
        async with httpx2.AsyncClient(timeout=30) as client:
            for _ in range(2):
                response = await client.post(
                    url(server), content=body.async_content, headers=body.headers
                )
                assert response.json() == {"received": body.content_length}

    asyncio.run(send_twice())
    assert len(server.received) == 2
    for received in server.received:
        part_headers, content = received.single_part()
        assert content == data
        assert part_headers["Content-Type"] == "text/csv"
        assert "transfer-encoding" not in received.headers


def test_sync_replay_resends_from_the_start(tmp_path: Path, server: _Server) -> None:
    path = tmp_path / "a.bin"
    path.write_bytes(b"x" * (CHUNK_SIZE + 5))
    body = prepare_upload(path)
    with httpx2.Client(timeout=30) as client:
        request = client.build_request("POST", url(server), content=body, headers=body.headers)
        first, second = client.send(request), client.send(request)
    assert first.json() == second.json() == {"received": body.content_length}
    assert [r.single_part()[1] for r in server.received] == [path.read_bytes()] * 2


def test_progress_is_monotonic_and_ends_at_total(tmp_path: Path, server: _Server) -> None:
    size = 5 * CHUNK_SIZE // 2
    path = tmp_path / "p.bin"
    path.write_bytes(os.urandom(size))
    calls: list[tuple[int, int | None]] = []
    post(server, prepare_upload(path, progress=lambda sent, total: calls.append((sent, total))))
    sent = [call[0] for call in calls]
    assert sent == sorted(sent) and sent[0] == 0 and sent[-1] == size
    assert len(calls) == 4  # 0, then after each of the 3 chunks
    assert {call[1] for call in calls} == {size}


def test_async_progress(server: _Server) -> None:
    calls: list[tuple[int, int | None]] = []
    body = prepare_upload(b"abc", filename="x.bin", progress=lambda *call: calls.append(call))

    async def send() -> None:
        async with httpx2.AsyncClient() as client:
            await client.post(url(server), content=body.async_content, headers=body.headers)

    asyncio.run(send())
    assert calls == [(0, 3), (3, 3)]


def test_bytes_and_seekable_file_object(server: _Server, tmp_path: Path) -> None:
    part_headers, content = post(server, prepare_upload(b"hello")).single_part()
    assert content == b"hello"
    assert 'filename="upload"' in part_headers["Content-Disposition"]

    stream = io.BytesIO(b"skip:payload")
    stream.seek(5)
    body = prepare_upload(stream, filename="report.json")
    assert body.content_length is not None and body.replayable
    for _ in range(2):
        part_headers, content = post(server, body).single_part()
        assert content == b"payload"
        assert part_headers["Content-Type"] == "application/json"

    path = tmp_path / "named.txt"
    path.write_bytes(b"from a real file")
    with path.open("rb") as file:
        part_headers, content = post(server, prepare_upload(file)).single_part()
    assert content == b"from a real file"
    assert 'filename="named.txt"' in part_headers["Content-Disposition"]


def test_non_seekable_file_object_is_sent_chunked_once(server: _Server) -> None:
    data = os.urandom(2 * CHUNK_SIZE + 3)
    read_end, write_end = os.pipe()

    def feed() -> None:
        with open(write_end, "wb") as pipe:
            pipe.write(data)

    feeder = threading.Thread(target=feed)
    feeder.start()
    with open(read_end, "rb") as pipe:
        body = prepare_upload(pipe, filename="stream.bin")
        assert body.content_length is None and not body.replayable
        assert "Content-Length" not in body.headers
        received = post(server, body)
        feeder.join()
        with pytest.raises(InvalidRequestError, match="not seekable"):
            list(body)
    assert received.headers["transfer-encoding"] == "chunked"
    assert received.single_part()[1] == data


def test_filename_is_escaped_and_parses_back(server: _Server) -> None:
    name = 'we"ird\r\nname\\é.txt'
    received = post(server, prepare_upload(b"data", filename=name))
    disposition = received.body.split(b"\r\n")[1]
    expected = 'Content-Disposition: form-data; name="file"; filename="we%22ird%0D%0Aname\\\\é.txt"'
    assert disposition == expected.encode()

    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        f"Content-Type: {received.headers['content-type']}\r\n\r\n".encode() + received.body
    )
    parts = list(message.iter_parts())
    assert len(parts) == 1
    assert parts[0].get_payload(decode=True) == b"data"


@pytest.mark.parametrize(
    ("filename", "content_type"),
    [
        ("table.csv", "text/csv"),
        ("table.csv.gz", "application/octet-stream"),
        ("image.PNG", "image/png"),
        ("noextension", "application/octet-stream"),
    ],
)
def test_content_type_guess(filename: str, content_type: str) -> None:
    assert prepare_upload(b"", filename=filename).content_type == content_type
    assert prepare_upload(b"", filename=filename, content_type="a/b").content_type == "a/b"


def test_empty_file(server: _Server, tmp_path: Path) -> None:
    path = tmp_path / "empty.bin"
    path.touch()
    calls: list[tuple[int, int | None]] = []
    body = prepare_upload(path, progress=lambda *call: calls.append(call))
    assert post(server, body).single_part()[1] == b""
    assert calls == [(0, 0)]


def test_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.csv"
    with pytest.raises(InvalidRequestError, match="no such file") as raised:
        prepare_upload(missing)
    assert str(missing) in str(raised.value)
    assert isinstance(raised.value, ValueError)
    with pytest.raises(InvalidRequestError, match="no such file"):
        prepare_upload(str(missing))


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(InvalidRequestError, match="it is a directory") as raised:
        prepare_upload(tmp_path)
    assert str(tmp_path) in str(raised.value)


def test_fifo_is_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    with pytest.raises(InvalidRequestError, match="not a regular file"):
        prepare_upload(fifo)


def test_permission_error_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "locked.bin"
    path.write_bytes(b"x")

    def refuse(file: object, *args: object, **kwargs: object) -> object:
        raise PermissionError(13, "Permission denied", str(file))

    monkeypatch.setattr(_upload, "open", refuse, raising=False)
    with pytest.raises(InvalidRequestError, match="Permission denied") as raised:
        prepare_upload(path)
    assert str(path) in str(raised.value)


def test_bad_file_objects(tmp_path: Path) -> None:
    with pytest.raises(InvalidRequestError, match="binary mode"):
        prepare_upload(io.StringIO("text"))  # type: ignore[arg-type]
    path = tmp_path / "t.txt"
    path.write_text("text")
    with path.open() as text_file, pytest.raises(InvalidRequestError, match="binary mode"):
        prepare_upload(text_file)  # type: ignore[arg-type]
    closed = io.BytesIO(b"x")
    closed.close()
    with pytest.raises(InvalidRequestError, match="closed"):
        prepare_upload(closed)
    with pytest.raises(InvalidRequestError, match="not a path, bytes or file"):
        prepare_upload(42)  # type: ignore[arg-type]
    with pytest.raises(InvalidRequestError, match="must not be empty"):
        prepare_upload(b"x", filename="")
    with pytest.raises(InvalidRequestError, match="content type"):
        prepare_upload(b"x", content_type="text/plain\r\nX-Evil: 1")


def test_file_changing_size_is_detected(tmp_path: Path) -> None:
    path = tmp_path / "moving.bin"
    path.write_bytes(b"x" * 100)
    body = prepare_upload(path)
    path.write_bytes(b"x" * 50)
    with pytest.raises(InvalidRequestError, match="shrank"):
        list(body)
    path.write_bytes(b"x" * 150)
    with pytest.raises(InvalidRequestError, match="grew"):
        list(body)


_RSS_CHILD = textwrap.dedent(
    """
    import asyncio, json, resource, sys
    import httpx2
    from datachain_studio._upload import prepare_upload

    url, path = sys.argv[1], sys.argv[2]
    scale = 1 if sys.platform != "darwin" else 1024  # ru_maxrss: KiB on Linux, bytes on macOS

    def peak_kib():
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // scale

    async def send_async(body):
        async with httpx2.AsyncClient(timeout=120) as client:
            response = await client.post(url, content=body.async_content, headers=body.headers)
            return response.json()["received"]

    with httpx2.Client(timeout=120) as client:
        warm = prepare_upload(b"warm-up", filename="w.bin")
        client.post(url, content=warm, headers=warm.headers).raise_for_status()
        asyncio.run(send_async(warm))
        before = peak_kib()
        body = prepare_upload(path)
        received_sync = client.post(url, content=body, headers=body.headers).json()["received"]
        after_sync = peak_kib()
        received_async = asyncio.run(send_async(body))
        after_async = peak_kib()
    print(json.dumps({
        "expected": body.content_length,
        "received": [received_sync, received_async],
        "peak_kib": [before, after_sync, after_async],
    }))
    """
)


@pytest.mark.slow
def test_1gib_upload_keeps_memory_flat(tmp_path: Path) -> None:
    path = tmp_path / "sparse.bin"
    with path.open("wb") as file:
        file.truncate(1 << 30)
    for server in _serve(_Discarder):
        child = subprocess.run(
            [sys.executable, "-c", _RSS_CHILD, url(server), str(path)],
            env={**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, sys.path))},
            capture_output=True,
            text=True,
            timeout=240,
            check=False,
        )
    assert child.returncode == 0, child.stderr
    result = json.loads(child.stdout)
    assert result["received"] == [result["expected"]] * 2
    assert result["expected"] > 1 << 30
    before, after_sync, after_async = (kib / 1024 for kib in result["peak_kib"])
    print(
        f"\npeak RSS {before:.1f} MiB before a 1 GiB upload; growth: "
        f"sync {after_sync - before:.1f} MiB, then async {after_async - before:.1f} MiB"
    )
    assert after_async - before < 64
