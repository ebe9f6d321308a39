"""Hosts other than Studio's: an export's chunk hosts and archived-log hosts, which the client
reaches by the pre-signed URLs Studio hands out.

Every byte of their answers goes through the client's one bounded reader (a bomb in two
layers of gzip costs a few megabytes, never the 64-512 MiB it inflates to), every wait on
them honours the operation's bound (an endless archived log ends at `wait_timeout`), and they
get nothing of Studio's: no token, no cookie, no header of the user's httpx2 client, while
nothing they set (a cookie) is kept or sent back to Studio.

The hostile hosts are real HTTP servers on loopback. Studio's own host is 127.0.0.1 too, on
another port: to a cookie jar that is the same host, which is what makes a leak visible.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import threading
import time
import tracemalloc
import zlib
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx2
import pytest

from datachain_studio import AsyncStudio, Reconnect, Studio, WaitTimeoutError
from datachain_studio.testing import StudioEmulator
from datachain_studio.testing import _logstream as server_side

MiB = 1024 * 1024
TOKEN = "isat_hostile_hosts_token"
TEAM = "team"
MODES = ("sync", "async")
FAST = Reconnect(max_attempts=1, initial_delay=0.01, max_delay=0.01, jitter=0.0)

Route = Callable[[BaseHTTPRequestHandler], None]


class Host:
    """A loopback HTTP/1.1 server: `routes[path](handler)` writes each answer. Every request
    is recorded as (path, headers with lower-case names)."""

    def __init__(self, routes: dict[str, Route]) -> None:
        self.routes = routes
        self.seen: list[tuple[str, dict[str, str]]] = []
        self.stopping = threading.Event()
        host = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _serve(self) -> None:
                path = self.path.split("?", 1)[0]
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                host.seen.append((path, {k.lower(): v for k, v in self.headers.items()}))
                route = host.routes.get(path)
                if route is None:
                    answer(self, 404, b'{"detail": "not found"}')
                else:
                    route(self)

            do_GET = do_POST = _serve

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def headers_of(self, path: str) -> list[dict[str, str]]:
        return [headers for seen, headers in self.seen if seen == path]

    def __enter__(self) -> Host:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()


def answer(
    handler: BaseHTTPRequestHandler,
    status: int,
    body: bytes,
    headers: dict[str, str] | None = None,
) -> None:
    handler.send_response(status)
    for name, value in {"Content-Type": "application/json", **(headers or {})}.items():
        handler.send_header(name, value)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


def gzipped(data: bytes) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    return compressor.compress(data) + compressor.flush()


def gzip_zeros(size: int) -> bytes:
    """`size` zero bytes, gzipped a MiB at a time (making it costs no memory)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = bytes(MiB)
    parts = [compressor.compress(block) for _ in range(size // MiB)]
    return b"".join([*parts, compressor.flush()])


@contextlib.contextmanager
def peak_allocations() -> Iterator[list[int]]:
    """The peak of Python's allocations inside the block, in bytes (`[peak]` once done)."""
    found: list[int] = []
    tracemalloc.start()
    try:
        yield found
    finally:
        found.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()


def run(mode: str, url: str, call: Callable[[Any], Any], **options: Any) -> Any:
    """`call(client)` with a sync or async client of the Studio at `url`, closed after."""
    if mode == "sync":
        with Studio(token=TOKEN, url=url, team=TEAM, **options) as studio:
            return call(studio)

    async def main() -> Any:
        async with AsyncStudio(token=TOKEN, url=url, team=TEAM, **options) as studio:
            return await call(studio)

    return asyncio.run(main())


# --- a Studio that hands out chunks on another host --------------------------------------------


def export_routes(
    chunk_urls: Callable[[], list[str]], cookie: str | None = None
) -> dict[str, Route]:
    """Studio's export routes (and a listing to call afterwards), setting `cookie` if given."""
    extra = {"Set-Cookie": cookie} if cookie else {}

    def export(handler: BaseHTTPRequestHandler) -> None:
        body = {"export_id": 7, "signed_urls": chunk_urls()}
        answer(handler, 200, json.dumps(body).encode(), extra)

    def status(handler: BaseHTTPRequestHandler) -> None:
        body = {"status": "completed", "files_done": 1, "num_files": 1}
        answer(handler, 200, json.dumps(body).encode(), extra)

    def clusters(handler: BaseHTTPRequestHandler) -> None:
        answer(handler, 200, b"[]", extra)

    return {
        "/api/datachain/datasets/export": export,
        "/api/datachain/datasets/export-status": status,
        "/api/datachain/clusters/": clusters,
    }


def download(studio: Any, to: Path) -> Any:
    return studio.datasets.download("dev.animals.dogs@v1.0.0", to=to, poll_interval=0.01)


@pytest.mark.parametrize("mode", MODES)
def test_a_chunk_in_two_layers_of_gzip_is_written_with_flat_memory(
    mode: str, tmp_path: Path
) -> None:
    size = 64 * MiB
    bomb = gzipped(gzip_zeros(size))
    assert len(bomb) < 4096  # a few KB on the wire

    def chunk(handler: BaseHTTPRequestHandler) -> None:
        answer(handler, 200, bomb, {"Content-Encoding": "gzip, gzip"})

    with Host({"/c/0.jsonl": chunk}) as chunks, Host({}) as studio:
        studio.routes.update(export_routes(lambda: [f"{chunks.url}/c/0.jsonl?sig=1"]))
        with peak_allocations() as peak:
            (path,) = run(mode, studio.url, lambda s: download(s, tmp_path))
    assert path.stat().st_size == size
    # httpx2 inflated the inner layer at once: the whole 64 MiB in memory.
    assert peak[0] < 16 * MiB, f"peak {peak[0] / MiB:.0f} MiB"


def exchange(mode: str, url: str, to: Path, **http_options: Any) -> dict[str, str]:
    """Download (into `to`), then list clusters, with the user's own httpx2 client made
    with `http_options`; the cookies its jar holds after."""
    if mode == "sync":
        with httpx2.Client(**http_options) as http:
            with Studio(token=TOKEN, url=url, team=TEAM, http_client=http) as studio:
                download(studio, to)
                studio.clusters.list()
            return dict(http.cookies)

    async def main() -> dict[str, str]:
        async with httpx2.AsyncClient(**http_options) as http:
            async with AsyncStudio(token=TOKEN, url=url, team=TEAM, http_client=http) as studio:
                await download(studio, to)
                await studio.clusters.list()
            return dict(http.cookies)

    return asyncio.run(main())


@pytest.mark.parametrize("mode", MODES)
def test_a_chunk_whose_headers_never_end_ends_at_wait_timeout(mode: str, tmp_path: Path) -> None:
    def trickle(handler: BaseHTTPRequestHandler) -> None:
        until = time.monotonic() + 8  # it ends, so that a client that does not stop fails
        with contextlib.suppress(OSError):
            handler.wfile.write(b"HTTP/1.1 200 OK\r\nX-Padding: ")
            while time.monotonic() < until and not chunks.stopping.is_set():
                handler.wfile.write(b"x")
                handler.wfile.flush()
                time.sleep(0.1)
        handler.close_connection = True

    with Host({"/c/0.jsonl": trickle}) as chunks, Host({}) as studio:
        studio.routes.update(export_routes(lambda: [f"{chunks.url}/c/0.jsonl?sig=1"]))

        def bounded(client: Any) -> Any:
            return client.datasets.download(
                "dev.animals.dogs@v1.0.0", to=tmp_path, poll_interval=0.01, wait_timeout=2
            )

        started = time.monotonic()
        with pytest.raises(WaitTimeoutError):
            run(mode, studio.url, bounded)
        took = time.monotonic() - started
    # Each read came well within the timeout: only a bound on the whole wait ends it.
    assert took < 3.5, f"the download took {took:.1f} s"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("mode", MODES)
def test_chunk_hosts_get_nothing_of_studio_and_give_nothing_back(mode: str, tmp_path: Path) -> None:
    def moved(handler: BaseHTTPRequestHandler) -> None:
        answer(handler, 302, b"", {"Location": "/c/final.jsonl?sig=2"})

    def final(handler: BaseHTTPRequestHandler) -> None:
        answer(handler, 200, b'{"id": 1}\n', {"Set-Cookie": "chunk_cookie=c1; Path=/"})

    routes = {"/c/0.jsonl": moved, "/c/final.jsonl": final}
    own = {"X-Gateway-Key": "users-own-secret"}
    with Host(routes) as chunks, Host({}) as studio:
        urls = [f"{chunks.url}/c/0.jsonl?sig=1"]
        studio.routes.update(export_routes(lambda: urls, "studio_session=s1; Path=/"))
        jar = exchange(mode, studio.url, tmp_path, headers=own, cookies={"everywhere": "e1"})
    assert [path for path, _ in chunks.seen] == ["/c/0.jsonl", "/c/final.jsonl"]
    for _, headers in chunks.seen:
        assert "cookie" not in headers  # neither Studio's nor the client's own
        assert "authorization" not in headers
        assert "x-gateway-key" not in headers
    assert (tmp_path / "dogs@v1.0.0_00000.jsonl").read_bytes() == b'{"id": 1}\n'
    # Studio set its cookie before the chunk; the chunk host's never comes back to Studio.
    (last,) = studio.headers_of("/api/datachain/clusters/")
    assert "studio_session=s1" in last["cookie"]
    assert "chunk_cookie" not in last["cookie"]
    assert "chunk_cookie" not in jar


# --- archived logs on a hostile host -----------------------------------------------------------


@pytest.fixture
def emulator() -> Iterator[StudioEmulator]:
    with StudioEmulator(job_step_seconds=None, tokens={TOKEN: [TEAM]}) as emulator:
        yield emulator


def archived_at(
    emulator: StudioEmulator, monkeypatch: pytest.MonkeyPatch, url: str, *, finish: bool
) -> str:
    """A job whose log is archived, the archive's URL being `url`; its id."""
    monkeypatch.setattr(server_side.LogStreams, "_blob_url", lambda self, job: url)
    with Studio(token=TOKEN, url=emulator.url, team=TEAM) as studio:
        job = studio.jobs.create("print(1)")
    emulator.write_log(job.id, "archived one\narchived two")
    emulator.archive_logs(job.id)
    emulator.write_log(job.id, "live one")
    if finish:
        emulator.finish_job(job.id)
    return str(job.id)


def test_an_archived_log_in_two_layers_of_gzip_costs_a_few_megabytes(
    emulator: StudioEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    bomb = gzipped(gzip_zeros(256 * MiB))

    def blob(handler: BaseHTTPRequestHandler) -> None:
        answer(handler, 200, bomb, {"Content-Encoding": "gzip, gzip", "Content-Type": "text/plain"})

    with Host({"/log": blob}) as host:
        job_id = archived_at(emulator, monkeypatch, f"{host.url}/log?sig=1", finish=True)
        with Studio(token=TOKEN, url=emulator.url, team=TEAM, max_response_size=8 * MiB) as studio:
            with peak_allocations() as peak:
                lines = list(studio.jobs.follow(job_id, reconnect=FAST, poll_interval=0.02))
            expected = [str(line.message) for line in studio.jobs.logs(job_id).logs]
    assert host.headers_of("/log")  # it was asked, and refused once past the limit
    assert lines == expected  # the follow went on without it (the REST log)
    # Before: the inner layer inflated at once, 256 MiB (a MemoryError on a small machine).
    assert peak[0] < 40 * MiB, f"peak {peak[0] / MiB:.0f} MiB"


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("line", "limit"),
    [(b"an endless log line\n", 64 * MiB), (b"no newline, ever " * 4, 4 * MiB)],
    ids=["lines", "one-line"],
)
def test_an_endless_archived_log_ends_at_wait_timeout(
    mode: str, line: bytes, limit: int, emulator: StudioEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Lines: read until the deadline. One line: refused past `limit` (again on each
    # reconnect) until the deadline.
    piece = line * (64 * 1024 // len(line))

    def endless(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/plain")
        handler.send_header("Transfer-Encoding", "chunked")
        handler.end_headers()
        until = time.monotonic() + 8  # it ends, so that a client that does not stop fails
        with contextlib.suppress(OSError):
            while time.monotonic() < until and not host.stopping.is_set():
                handler.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
                time.sleep(0.01)
            handler.wfile.write(b"0\r\n\r\n")

    with Host({"/log": endless}) as host:
        job_id = archived_at(emulator, monkeypatch, f"{host.url}/log?sig=1", finish=False)

        def follow(studio: Any) -> Any:
            lines = studio.jobs.follow(job_id, wait_timeout=2, reconnect=FAST)
            if mode == "sync":
                return list(lines)

            async def go() -> list[str]:
                return [line async for line in lines]

            return go()

        started = time.monotonic()
        with pytest.raises(WaitTimeoutError), peak_allocations() as peak:
            run(mode, emulator.url, follow, max_response_size=limit)
        took = time.monotonic() - started
    assert host.headers_of("/log")
    assert took < 4, f"the follow took {took:.1f} s"
    assert peak[0] < 100 * MiB, f"peak {peak[0] / MiB:.0f} MiB"


def test_archived_log_hosts_get_no_cookie_and_set_none(
    emulator: StudioEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    def moved(handler: BaseHTTPRequestHandler) -> None:
        answer(handler, 307, b"", {"Location": "/final-log", "Set-Cookie": "log_a=1; Path=/"})

    def final(handler: BaseHTTPRequestHandler) -> None:
        body = b"archived one\narchived two\n"
        answer(handler, 200, body, {"Content-Type": "text/plain", "Set-Cookie": "log_b=2; Path=/"})

    with Host({"/log": moved, "/final-log": final}) as host:
        job_id = archived_at(emulator, monkeypatch, f"{host.url}/log?sig=1", finish=True)
        # The user's client holds a cookie for every host (as Studio's session would be).
        http = httpx2.Client(cookies={"studio_session": "s1"}, headers={"X-Key": "own"})
        with Studio(token=TOKEN, url=emulator.url, team=TEAM, http_client=http) as studio:
            lines = list(studio.jobs.follow(job_id, reconnect=FAST))
        jar = dict(http.cookies)
        http.close()
    assert lines[:3] == ["archived one", "archived two", "live one"]
    assert [path for path, _ in host.seen] == ["/log", "/final-log"]
    for _, headers in host.seen:
        assert "cookie" not in headers and "x-key" not in headers
        assert "authorization" not in headers
    assert jar == {"studio_session": "s1"}  # nothing of the log host's was kept
