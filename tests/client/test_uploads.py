"""`jobs.upload` through the client: paths, bytes, file objects, progress, and memory."""

from __future__ import annotations

import asyncio
import email.parser
import email.policy
import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from datachain_studio import AsyncStudio, Studio
from datachain_studio.types import UploadFileOutput
from tests.support.server import Recorded, Reply, ScriptedServer, json_reply, scripted_server

TRICKY = b"a,b\r\n--+++\r\n--+++--\r\n\x00\xff" * 1000


def parse_multipart(recorded: Recorded) -> tuple[str, str, bytes]:
    """The one file part of a multipart body: (file name, content type, bytes)."""
    head = f"Content-Type: {recorded.header('content-type')}\r\n\r\n".encode()
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + recorded.body)
    (part,) = list(message.iter_parts())
    assert part.get_param("name", header="content-disposition") == "file"
    payload = part.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return str(part.get_filename()), part.get_content_type(), payload


def stored(request: Recorded) -> Reply:
    if request.path.endswith("/files"):
        name, _, data = parse_multipart(request)
        return json_reply(
            {"id": 7, "filename": name, "size": len(data), "state": "uploaded", "error": None}
        )
    return json_reply({"detail": "unexpected"}, 400)


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    with scripted_server(stored) as running:
        yield running


def test_a_path_is_streamed_with_its_name_and_guessed_type(
    server: ScriptedServer, tmp_path: Path
) -> None:
    path = tmp_path / "table.csv"
    path.write_bytes(TRICKY)
    seen: list[tuple[int, int | None]] = []
    with Studio(token="isat_x", url=server.url, team="t") as studio:
        upload = studio.jobs.upload(path, progress=lambda sent, total: seen.append((sent, total)))
    assert isinstance(upload, UploadFileOutput)
    assert (upload.id, upload.filename, upload.size) == (7, "table.csv", len(TRICKY))
    (request,) = server.requests
    assert request.query == {"team_name": ["t"]}
    name, content_type, data = parse_multipart(request)
    assert (name, content_type, data) == ("table.csv", "text/csv", TRICKY)
    assert "boundary=+++" not in str(request.header("content-type"))
    assert request.header("content-length") == str(len(request.body))
    assert seen[-1] == (len(TRICKY), len(TRICKY))
    assert [sent for sent, _ in seen] == sorted(sent for sent, _ in seen)


def test_bytes_and_file_objects(server: ScriptedServer, tmp_path: Path) -> None:
    path = tmp_path / "blob.bin"
    path.write_bytes(TRICKY)
    with Studio(token="isat_x", url=server.url, team="t") as studio:
        studio.jobs.upload(b"raw bytes", filename="raw.txt")
        with path.open("rb") as handle:
            studio.jobs.upload(handle)
    first, second = (parse_multipart(r) for r in server.requests)
    assert first == ("raw.txt", "text/plain", b"raw bytes")
    assert second == ("blob.bin", "application/octet-stream", TRICKY)


def test_async_upload_and_a_job_that_uses_it(tmp_path: Path) -> None:
    path = tmp_path / "script_input.json"
    path.write_bytes(json.dumps({"rows": list(range(1000))}).encode())

    def reply(request: Recorded) -> Reply:
        if request.path.endswith("/files"):
            return stored(request)
        body = request.json()
        return json_reply(
            {
                "id": "497f6eca-6276-4993-bfeb-53cbbbba6f08",
                "status": "CREATED",
                "created_at": "2026-01-01T00:00:00Z",
                "created_by": "me",
                "query": body["query"],
                "query_type": body["query_type"],
                "team": "t",
                "name": "q",
                "workers": 1,
            }
        )

    async def run(url: str) -> None:
        async with AsyncStudio(token="isat_x", url=url, team="t") as studio:
            upload = await studio.jobs.upload(path)
            await studio.jobs.create("print(1)", files=[upload, 9])

    with scripted_server(reply) as running:
        asyncio.run(run(running.url))
        upload_request, create_request = running.requests
    assert parse_multipart(upload_request)[2] == path.read_bytes()
    assert create_request.json()["files"] == ["7", "9"]


CHILD = textwrap.dedent(
    """
    import http.server, json, resource, sys, threading
    from datachain_studio import Studio

    class Sink(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            left = received = int(self.headers["Content-Length"])
            while left:
                left -= len(self.rfile.read(min(left, 1 << 20)))
            body = json.dumps({"id": 1, "filename": "big.bin", "size": received,
                               "state": "uploaded", "error": None}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Sink)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    studio = Studio(token="isat_x", url=f"http://127.0.0.1:{server.server_port}", team="t",
                    timeout=300)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result = studio.jobs.upload(sys.argv[1])
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"growth_kib": after - before, "received": result.size}))
    """
)


@pytest.mark.slow
def test_a_1_gib_upload_streams_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "big.bin"
    with path.open("wb") as handle:
        handle.truncate(1 << 30)
    completed = subprocess.run(
        [sys.executable, "-c", CHILD, str(path)],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONHASHSEED": "0"},
        check=True,
    )
    figures = json.loads(completed.stdout)
    print(f"1 GiB upload: peak RSS growth {figures['growth_kib'] / 1024:.1f} MiB")
    assert figures["growth_kib"] < 64 * 1024
    assert figures["received"] > 1 << 30  # the whole file went over the socket
