"""A minimal canned Studio for the benchmarks: fast enough never to be what is measured.

    python bench/server.py [--port 0]

Listens on 127.0.0.1 only, prints the port it got (one line, flushed) and serves until it is
killed. It speaks just enough HTTP/1.1 for httpx: keep-alive, pipelining, a body by
Content-Length or chunked, TCP_NODELAY on every connection. Answers are precomputed bytes:

- ``GET /api/datachain/jobs/?...&limit=N``: a JSON list of N jobs (N from the query string,
  20 when absent as Studio does). ``limit=1`` is the per-call row, ``limit=10000`` the large
  response (about 10 MB). Jobs are built from the ``JobOutput`` examples in openapi.yaml,
  with the ids, timestamps and names varied.
- ``POST /api/datachain/jobs/files``: the body is read and thrown away; the answer is an
  ``UploadFileOutput`` whose ``size`` is the number of body bytes received.
- anything else: 404 with a JSON ``detail``.

It is an `asyncio.Protocol`, not `http.server`: no per-request thread, no stream objects, a
dict lookup and one `transport.write` per answer.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import copy
import datetime as dt
import json
import socket
import sys
import uuid
from typing import Any
from urllib.parse import parse_qs, urlsplit

JOBS_PATH = b"/api/datachain/jobs/"
UPLOAD_PATH = b"/api/datachain/jobs/files"

# The two `JobOutput` examples of openapi.yaml, copied as they are (the server needs no YAML
# parser this way).
JOB_EXAMPLES: list[dict[str, Any]] = [
    {
        "id": "497f6eca-6276-4993-bfeb-53cbbbba6f08",
        "url": "https://studio.datachain.ai/team/team_name/datasets/jobs/0502eef6-a32e-45fa-8e3b-d20ecpabbcf0",
        "status": "CREATED",
        "created_at": "2021-01-01T00:00:00Z",
        "created_by": "username",
        "finished_at": "2021-01-01T00:00:00Z",
        "query": "print('Hello, World!')",
        "query_type": "PYTHON",
        "team": "TeamName",
        "name": "QueryName",
        "workers": 1,
        "python_version": "3.13",
        "requirements": "numpy==1.24.0",
        "repository": "https://github.com/user/repo",
        "environment": {"ENV_NAME": "ENV_VALUE"},
        "exit_code": 0,
        "error_message": "Error message",
        "error_stack": "",
        "params": {},
        "metrics": {},
        "parent_job_id": "550e8400-e29b-41d4-a716-446655440000",
        "rerun_from_job_id": "550e8400-e29b-41d4-a716-446655440000",
        "run_group_id": "550e8400-e29b-41d4-a716-446655440000",
    },
    {
        "id": "0c9d6a2e-35a3-4b8a-9d36-5f4c3b8f0e11",
        "url": "https://studio.datachain.ai/team/my-team/datasets/jobs/0c9d6a2e-35a3-4b8a-9d36-5f4c3b8f0e11",
        "status": "RUNNING",
        "created_at": "2026-05-04T10:00:00Z",
        "started_at": "2026-05-04T10:00:07Z",
        "created_by": "alice",
        "finished_at": None,
        "query": "import datachain as dc",
        "query_type": "PYTHON",
        "team": "my-team",
        "name": "build.py",
        "workers": 2,
        "python_version": "3.12",
        "requirements": None,
        "repository": None,
        "environment": {},
        "exit_code": None,
        "error_message": None,
        "compute_cluster_id": "k3f9x2mq7a",
        "compute_cluster_name": "gpu-pool",
        "steps": [
            {
                "name": "waiting",
                "label": "Waiting for a worker",
                "status": "FINISHED",
                "started_at": "2026-05-04T10:00:00Z",
                "finished_at": "2026-05-04T10:00:05Z",
            },
            {
                "name": "running_query",
                "label": "Running query",
                "status": "STARTED",
                "started_at": "2026-05-04T10:00:07Z",
                "finished_at": None,
            },
        ],
    },
]

# A query the size of a small real script, so a job weighs about 1 KB as on Studio.
_QUERY = (
    "import datachain as dc\n\n"
    "chain = (\n"
    '    dc.read_storage("s3://bucket/images/", type="image")\n'
    '    .filter(dc.C("file.size") > 1000)\n'
    "    .map(width=lambda file: file.read().width, output=int)\n"
    '    .save("images-{n}")\n'
    ")\n"
    "print(chain.count())\n"
)
_STATUSES = ("CREATED", "QUEUED", "RUNNING", "COMPLETE", "FAILED", "CANCELED")
_EPOCH = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def _stamp(moment: dt.datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def make_job(n: int) -> dict[str, Any]:
    """The n-th job: one of the spec's examples with its ids, times and names varied."""
    job = copy.deepcopy(JOB_EXAMPLES[n % 2])
    created = _EPOCH + dt.timedelta(minutes=n)
    job_id = str(uuid.UUID(int=(0x497F6ECA62764993BFEB53CBBBBA6F08 + n * 7919) % (1 << 128)))
    job["id"] = job_id
    job["status"] = _STATUSES[n % len(_STATUSES)]
    job["created_at"] = _stamp(created)
    job["query"] = _QUERY.replace("{n}", str(n))
    job["name"] = f"job-{n}.py"
    job["workers"] = 1 + n % 4
    job["url"] = f"https://studio.datachain.ai/team/TeamName/datasets/jobs/{job_id}"
    if job.get("finished_at") is not None:
        job["finished_at"] = _stamp(created + dt.timedelta(seconds=30 + n % 600))
    if job.get("started_at") is not None:
        job["started_at"] = _stamp(created + dt.timedelta(seconds=7))
    for step in job.get("steps") or ():
        step["started_at"] = _stamp(created)
        if step["finished_at"] is not None:
            step["finished_at"] = _stamp(created + dt.timedelta(seconds=5))
    if job.get("parent_job_id"):
        job["parent_job_id"] = str(uuid.UUID(int=n + 1))
    return job


def jobs_body(count: int) -> bytes:
    return json.dumps([make_job(n) for n in range(count)], separators=(",", ":")).encode()


def response(status: str, body: bytes) -> bytes:
    head = (
        f"HTTP/1.1 {status}\r\n"
        "Content-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n"
        "\r\n"
    ).encode("ascii")
    return head + body


_NOT_FOUND = response("404 Not Found", b'{"detail":"Not found"}')
_BAD_REQUEST = b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
_jobs_cache: dict[int, bytes] = {}


def jobs_response(target: bytes) -> bytes:
    query = parse_qs(urlsplit(target.decode("latin-1")).query)
    try:
        count = max(0, min(int(query.get("limit", ["20"])[0]), 100_000))
    except ValueError:
        count = 20
    cached = _jobs_cache.get(count)
    if cached is None:
        cached = _jobs_cache[count] = response("200 OK", jobs_body(count))
    return cached


def upload_response(size: int) -> bytes:
    body = {"id": 1, "filename": "upload", "size": size, "state": "pending", "error": None}
    return response("201 Created", json.dumps(body).encode())


# Parser states.
_HEAD, _LENGTH, _CHUNK_SIZE, _CHUNK_DATA, _CHUNK_CRLF, _TRAILER = range(6)


class HTTPProtocol(asyncio.Protocol):
    """One connection: parse requests as bytes arrive, answer each when its body is in."""

    def __init__(self) -> None:
        self.buffer = bytearray()
        self.state = _HEAD
        self.remaining = 0
        self.body_size = 0
        self.method = b""
        self.target = b""
        self.close_after = False
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        sock = transport.get_extra_info("socket")
        if sock is not None:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def data_received(self, data: bytes) -> None:
        # Fast path for the bulk of an upload: count the bytes, keep nothing.
        if self.state == _LENGTH and not self.buffer and len(data) < self.remaining:
            self.remaining -= len(data)
            self.body_size += len(data)
            return
        self.buffer += data
        self._process()

    def _process(self) -> None:
        buf = self.buffer
        while True:
            if self.state == _HEAD:
                end = buf.find(b"\r\n\r\n")
                if end < 0:
                    if len(buf) > 65536:
                        self._fail()
                    return
                head = bytes(buf[:end])
                del buf[: end + 4]
                if not self._start(head):
                    return
            elif self.state == _LENGTH:
                take = min(self.remaining, len(buf))
                del buf[:take]
                self.remaining -= take
                self.body_size += take
                if self.remaining:
                    return
                self._answer()
            elif self.state == _CHUNK_SIZE:
                end = buf.find(b"\r\n")
                if end < 0:
                    return
                line = bytes(buf[:end]).split(b";", 1)[0].strip()
                del buf[: end + 2]
                try:
                    size = int(line, 16)
                except ValueError:
                    self._fail()
                    return
                if size == 0:
                    self.state = _TRAILER
                else:
                    self.remaining = size
                    self.state = _CHUNK_DATA
            elif self.state == _CHUNK_DATA:
                take = min(self.remaining, len(buf))
                del buf[:take]
                self.remaining -= take
                self.body_size += take
                if self.remaining:
                    return
                self.state = _CHUNK_CRLF
            elif self.state == _CHUNK_CRLF:
                if len(buf) < 2:
                    return
                del buf[:2]
                self.state = _CHUNK_SIZE
            elif self.state == _TRAILER:
                end = buf.find(b"\r\n")
                if end < 0:
                    return
                del buf[: end + 2]
                if end == 0:  # the blank line that ends the trailer
                    self._answer()

    def _start(self, head: bytes) -> bool:
        lines = head.split(b"\r\n")
        parts = lines[0].split(b" ")
        if len(parts) != 3:
            self._fail()
            return False
        self.method, self.target = parts[0], parts[1]
        length = 0
        chunked = False
        self.close_after = parts[2] == b"HTTP/1.0"
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            name = name.strip().lower()
            if name == b"content-length":
                length = int(value)
            elif name == b"transfer-encoding":
                chunked = b"chunked" in value.lower()
            elif name == b"connection":
                self.close_after = value.strip().lower() == b"close"
        self.body_size = 0
        if chunked:
            self.state = _CHUNK_SIZE
        elif length:
            self.remaining = length
            self.state = _LENGTH
        else:
            self._answer()
        return True

    def _answer(self) -> None:
        path = self.target.split(b"?", 1)[0]
        if self.method == b"GET" and path == JOBS_PATH:
            answer = jobs_response(self.target)
        elif self.method == b"POST" and path == UPLOAD_PATH:
            answer = upload_response(self.body_size)
        else:
            answer = _NOT_FOUND
        self.state = _HEAD
        assert self.transport is not None
        self.transport.write(answer)
        if self.close_after:
            self.transport.close()

    def _fail(self) -> None:
        assert self.transport is not None
        self.transport.write(_BAD_REQUEST)
        self.transport.close()
        self.buffer.clear()


async def serve(port: int, warm: list[int]) -> None:
    for count in warm:  # build the big bodies before announcing the port
        jobs_response(b"/?limit=%d" % count)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(HTTPProtocol, "127.0.0.1", port, backlog=1024)
    print(server.sockets[0].getsockname()[1], flush=True)
    async with server:
        await server.serve_forever()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=0, help="0 (default): any free port")
    parser.add_argument(
        "--warm", type=int, nargs="*", default=[1, 10_000], help="job counts to precompute"
    )
    args = parser.parse_args()
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve(args.port, args.warm))
    sys.exit(0)


if __name__ == "__main__":
    main()
