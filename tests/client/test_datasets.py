"""`studio.datasets`: argument checks, the requests each method sends, and `download` (chunks
fetched without the token, 404 as "not ready", export status, retries, streaming to disk,
nothing left behind), sync and async, against loopback servers; then end to end against
the local Studio."""

from __future__ import annotations

import asyncio
import json
import logging
import threading
import tracemalloc
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from datachain_studio import (
    APIResponseValidationError,
    AsyncStudio,
    DatasetExportError,
    DownloadProgress,
    InternalServerError,
    InvalidRequestError,
    NotFoundError,
    Studio,
    WaitTimeoutError,
    _base_client,
)
from datachain_studio.testing import StudioEmulator
from datachain_studio.types import (
    Dataset,
    DatasetExportOutput,
    DatasetExportStatus,
    DatasetJobVersion,
)
from tests.support.chunks import file_rows

TOKEN = "isat_datasets_secret_token"
TEAM = "my-team"
SIGNATURE = "X-Amz-Signature=deadbeefcafe"
MODES = ("sync", "async")

# --- a loopback Studio that scripts exports and serves their chunks ------------------------


@dataclass
class Seen:
    """One request the server received."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class ExportScript:
    """What the server answers.

    `chunks` are the chunks' bodies; `plans[i]` is what chunk i answers before its body, in
    turn: "miss" (404), an HTTP status, or "cut" (a body cut short, then the connection
    closed). `statuses` are the export statuses answered in turn (the last one repeats).
    `big` makes chunk 0 a body of that many bytes, streamed from one block.
    """

    chunks: list[bytes] = field(default_factory=lambda: [b'{"id": 1}\n', b'{"id": 2}\n'])
    plans: dict[int, list[Any]] = field(default_factory=dict)
    statuses: list[str] = field(default_factory=lambda: ["completed"])
    export: Any = None
    big: int = 0
    forever_missing: set[int] = field(default_factory=set)


class ExportServer:
    """A ThreadingHTTPServer on 127.0.0.1 playing Studio's export routes and its storage."""

    def __init__(self, script: ExportScript) -> None:
        self.script = script
        self.seen: list[Seen] = []
        self.block = b"x" * (1024 * 1024)
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def urls(self) -> list[str]:
        return [
            f"{self.url}/storage/export-7/{index}.jsonl?{SIGNATURE}"
            for index in range(len(self.script.chunks))
        ]

    def to(self, path: str) -> list[Seen]:
        return [seen for seen in self.seen if seen.path == path]

    def chunk_requests(self) -> list[Seen]:
        return [seen for seen in self.seen if seen.path.startswith("/storage/")]

    def _answer(self, handler: BaseHTTPRequestHandler, seen: Seen) -> None:
        script = self.script
        if seen.path == "/api/datachain/datasets/export":
            body = script.export if script.export is not None else {"export_id": 7}
            if script.export is None:
                body["signed_urls"] = self.urls()
            return _send(handler, 200, json.dumps(body).encode(), "application/json")
        if seen.path == "/api/datachain/datasets/export-status":
            with self._lock:
                status = script.statuses.pop(0) if len(script.statuses) > 1 else script.statuses[0]
            body = {"status": status, "files_done": 0, "num_files": len(script.chunks)}
            return _send(handler, 200, json.dumps(body).encode(), "application/json")
        if seen.path.startswith("/storage/export-7/"):
            index = int(seen.path.rsplit("/", 1)[-1].split(".")[0])
            with self._lock:
                plan = script.plans.get(index, [])
                step = plan.pop(0) if plan else None
            if index in script.forever_missing or step == "miss":
                return _send(handler, 404, b"<Error>NoSuchKey</Error>", "application/xml")
            if isinstance(step, int):
                return _send(handler, step, b"<Error>AccessDenied</Error>", "application/xml")
            if step == "cut":
                data = script.chunks[index]
                handler.send_response(200)
                handler.send_header("Content-Length", str(len(data) + 1000))
                handler.end_headers()
                handler.wfile.write(data[: len(data) // 2])
                handler.wfile.flush()
                handler.close_connection = True
                return None
            if index == 0 and script.big:
                handler.send_response(200)
                handler.send_header("Content-Length", str(script.big))
                handler.end_headers()
                left = script.big
                while left > 0:
                    piece = self.block if left >= len(self.block) else self.block[:left]
                    handler.wfile.write(piece)
                    left -= len(piece)
                return None
            return _send(handler, 200, script.chunks[index], "application/x-ndjson")
        return _send(handler, 404, b'{"message": "no route"}', "application/json")

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                split = urlsplit(self.path)
                seen = Seen(
                    self.command,
                    split.path,
                    parse_qs(split.query, keep_blank_values=True),
                    {k.lower(): v for k, v in self.headers.items()},
                    body,
                )
                with server._lock:
                    server.seen.append(seen)
                server._answer(self, seen)

            do_GET = do_POST = do_DELETE = _serve

            def log_message(self, format: str, *args: Any) -> None:
                pass

        return Handler

    def __enter__(self) -> ExportServer:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)


def _send(handler: BaseHTTPRequestHandler, status: int, body: bytes, kind: str) -> None:
    handler.send_response(status)
    handler.send_header("Content-Type", kind)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


@pytest.fixture
def no_retry_wait(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The retry delays, recorded instead of slept."""
    slept: list[float] = []
    monkeypatch.setattr(_base_client, "_sleep", slept.append)

    async def no_wait(delay: float) -> None:
        slept.append(delay)

    monkeypatch.setattr(_base_client, "_async_sleep", no_wait)
    return slept


def call(mode: str, url: str, method: str, *args: Any, **kwargs: Any) -> Any:
    """`studio.datasets.<method>(...)` with a `Studio` or an `AsyncStudio`."""
    if mode == "sync":
        with Studio(token=TOKEN, url=url, team=TEAM) as studio:
            return getattr(studio.datasets, method)(*args, **kwargs)

    async def main() -> Any:
        async with AsyncStudio(token=TOKEN, url=url, team=TEAM) as studio:
            return await getattr(studio.datasets, method)(*args, **kwargs)

    return asyncio.run(main())


def files_in(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir()) if folder.exists() else []


# --- argument checks ----------------------------------------------------------------------

REFUSED = [
    ("get", ("dogs",), {}, "Cannot tell the namespace and project"),
    ("get", ("animals.dogs",), {}, "Cannot tell the namespace"),
    ("get", ("dogs",), {"namespace": "dev"}, "Cannot tell the project"),
    ("get", ("dev.animals.dogs",), {"namespace": "prod"}, "is in namespace 'dev'"),
    ("get", ("dev.animals.dogs@v1.0.0",), {}, "drop '@v1.0.0'"),
    ("get", ("a.b.c.d",), {}, "is not a dataset name"),
    ("get", ("dev..dogs",), {}, "is not a dataset name"),
    ("get", ("",), {}, "name must be"),
    ("get", (None,), {}, "name must be"),
    ("get", ("dogs",), {"namespace": "dev.x", "project": "p"}, "one name"),
    ("get", ("dogs",), {"namespace": 3, "project": "p"}, "namespace must be a string"),
    ("get", ("dev.animals.dogs",), {"include_removed": "yes"}, "include_removed must be"),
    ("get", ("dev.animals.dogs",), {"team": 5}, "team must be a string"),
    ("list", (), {"prefix": 3}, "prefix must be a string"),
    ("update", ("dev.animals.dogs",), {}, "needs something to change"),
    ("update", ("dev.animals.dogs",), {"new_name": "a.b"}, "bare name"),
    ("update", ("dev.animals.dogs",), {"new_name": " pups"}, "bare name"),
    ("update", ("dev.animals.dogs",), {"attrs": "a"}, "attrs must be a list"),
    ("update", ("dev.animals.dogs",), {"attrs": ["a", 1]}, "attrs must hold strings"),
    ("update", ("dev.animals.dogs",), {"description": 1}, "description must be a string"),
    ("delete", ("dev.animals.dogs@v1.0.0",), {"version": "2.0.0"}, "give one"),
    ("delete", ("dev.animals.dogs@latest",), {}, "semantic version"),
    ("delete", ("dev.animals.dogs",), {"version": 1}, "semantic version"),
    ("delete", ("dev.animals.dogs",), {"force": 1}, "force must be"),
    ("job_versions", (None,), {}, "job_id must be"),
    ("job_versions", ("",), {}, "job_id must be"),
    ("export", ("dev.animals.dogs",), {}, "needs a version"),
    ("export_status", ("7",), {}, "export_id must be an integer"),
    ("export_status", (True,), {}, "export_id must be an integer"),
    ("download", ("dev.animals.dogs",), {}, "needs a version"),
    ("download", ("dogs@v1.0.0",), {}, "Cannot tell"),
    ("download", ("dev.animals.dogs@v1.0.0",), {"progress": 3}, "progress must be callable"),
    ("download", ("dev.animals.dogs@v1.0.0",), {"poll_interval": 0}, "poll_interval"),
    ("download", ("dev.animals.dogs@v1.0.0",), {"status_interval": -1}, "status_interval"),
    ("download", ("dev.animals.dogs@v1.0.0",), {"wait_timeout": -1}, "wait_timeout"),
    ("download", ("dev.animals.dogs@v1.0.0",), {"timeout": 0}, "timeout"),
    ("download", ("dev.animals.dogs@v1.0.0",), {"max_retries": -1}, "max_retries"),
    ("download", ("dev.animals.dogs@v1.0.0",), {"to": b"out"}, "to must be a folder"),
]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(("method", "args", "kwargs", "message"), REFUSED)
def test_bad_arguments_are_refused_before_anything_is_sent(
    mode: str, method: str, args: tuple[Any, ...], kwargs: dict[str, Any], message: str
) -> None:
    with ExportServer(ExportScript()) as server:
        with pytest.raises(InvalidRequestError, match=message.replace("(", r"\(")):
            call(mode, server.url, method, *args, **kwargs)
        assert server.seen == []


@pytest.mark.parametrize("mode", MODES)
def test_download_into_a_file_is_refused_before_sending(mode: str, tmp_path: Path) -> None:
    target = tmp_path / "taken"
    target.write_text("mine")
    with ExportServer(ExportScript()) as server:
        with pytest.raises(InvalidRequestError, match="is a file"):
            call(mode, server.url, "download", "dev.animals.dogs@v1.0.0", to=target)
        assert server.seen == []
    assert target.read_text() == "mine"


# --- what each method sends ---------------------------------------------------------------


@dataclass(frozen=True)
class Sent:
    method: str
    args: tuple[Any, ...]
    kwargs: dict[str, Any]
    http: str
    path: str
    query: dict[str, list[str]]
    body: dict[str, Any] | None = None


SENT = [
    Sent("list", (), {}, "GET", "/api/datachain/datasets", {"team_name": [TEAM]}),
    Sent(
        "list",
        (),
        {"prefix": "dev.animals.do", "include_removed": True, "team": "other"},
        "GET",
        "/api/datachain/datasets",
        {"team_name": ["other"], "include_removed": ["true"]},  # the client matches prefix
    ),
    Sent(
        "get",
        ("dev.animals.dogs",),
        {},
        "GET",
        "/api/datachain/datasets/info",
        {"team_name": [TEAM], "namespace": ["dev"], "project": ["animals"], "name": ["dogs"]},
    ),
    Sent(
        "get",
        ("animals.dogs",),
        {"namespace": "dev", "include_removed": True},
        "GET",
        "/api/datachain/datasets/info",
        {
            "team_name": [TEAM],
            "namespace": ["dev"],
            "project": ["animals"],
            "name": ["dogs"],
            "include_removed": ["true"],
        },
    ),
    Sent(
        "update",
        ("dogs",),
        {"namespace": "dev", "project": "animals", "new_name": "pups", "attrs": ["a", "b=c"]},
        "POST",
        "/api/datachain/datasets",
        {},
        {
            "name": "dogs",
            "namespace": "dev",
            "project": "animals",
            "new_name": "pups",
            "description": None,
            "attrs": ["a", "b=c"],
            "team_name": TEAM,
        },
    ),
    Sent(
        "delete",
        ("dev.animals.dogs@v1.0.0",),
        {},
        "DELETE",
        "/api/datachain/datasets",
        {},
        {
            "name": "dogs",
            "namespace": "dev",
            "project": "animals",
            "version": "1.0.0",
            "force": False,
            "team_name": TEAM,
        },
    ),
    Sent(
        "delete",
        ("dev.animals.dogs",),
        {"force": True},
        "DELETE",
        "/api/datachain/datasets",
        {},
        {
            "name": "dogs",
            "namespace": "dev",
            "project": "animals",
            "version": None,
            "force": True,
            "team_name": TEAM,
        },
    ),
    Sent(
        "export",
        ("dev.animals.dogs",),
        {"version": "v1.2.3"},
        "GET",
        "/api/datachain/datasets/export",
        {
            "team_name": [TEAM],
            "namespace": ["dev"],
            "project": ["animals"],
            "name": ["dogs"],
            "version": ["1.2.3"],
        },
    ),
    Sent(
        "get",
        ("@jane.default.dogs",),
        {},
        "GET",
        "/api/datachain/datasets/info",
        {"team_name": [TEAM], "namespace": ["@jane"], "project": ["default"], "name": ["dogs"]},
    ),
    Sent(
        "delete",
        ("dogs@1.0.0",),
        {"namespace": "@jane", "project": "default", "team": "other"},
        "DELETE",
        "/api/datachain/datasets",
        {},
        {
            "name": "dogs",
            "namespace": "@jane",
            "project": "default",
            "version": "1.0.0",
            "force": False,
            "team_name": "other",
        },
    ),
    Sent(
        "export_status",
        (7,),
        {},
        "GET",
        "/api/datachain/datasets/export-status",
        {"team_name": [TEAM], "export_id": ["7"]},
    ),
]


class Replies(ExportServer):
    """Answers every dataset route with a fitting example."""

    def _answer(self, handler: BaseHTTPRequestHandler, seen: Seen) -> None:
        bodies: dict[str, Any] = {
            "/api/datachain/datasets": [DOG] if seen.method == "GET" else {},
            "/api/datachain/datasets/info": DOG,
            "/api/datachain/datasets/dataset_job_versions": {
                "dataset_versions": [{"dataset_name": "dev.animals.dogs", "version": "1.0.0"}]
            },
            "/api/datachain/datasets/export": {"export_id": 7, "signed_urls": []},
            "/api/datachain/datasets/export-status": {"status": "completed"},
        }
        body = json.dumps(bodies[seen.path]).encode()
        _send(handler, 200, body, "application/json")


DOG: dict[str, Any] = {
    "id": 1,
    "uuid": "9b0c4a34-8f53-4f0e-9a35-2a4f1cf0a0a1",
    "name": "dogs",
    "description": "Dog pictures",
    "attrs": ["dogs"],
    "project": {"id": 1, "name": "animals", "namespace": {"id": 1, "name": "dev"}},
    "versions": [{"version": "1.0.0", "status": 4, "num_objects": 6, "size": 100}],
}


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("sent", SENT, ids=lambda s: f"{s.method}-{sorted(s.kwargs)}")
def test_each_method_sends_what_the_official_client_sends(mode: str, sent: Sent) -> None:
    with Replies(ExportScript()) as server:
        result = call(mode, server.url, sent.method, *sent.args, **sent.kwargs)
    assert len(server.seen) == 1
    seen = server.seen[0]
    assert (seen.method, seen.path, seen.query) == (sent.http, sent.path, sent.query)
    assert seen.headers["authorization"] == f"Bearer {TOKEN}"
    if sent.body is None:
        assert seen.body == b""
    else:
        assert seen.json() == sent.body
    expected = {
        "list": list,
        "get": Dataset,
        "update": type(None),
        "delete": type(None),
        "export": DatasetExportOutput,
        "export_status": DatasetExportStatus,
    }[sent.method]
    assert isinstance(result, expected)


@pytest.mark.parametrize("mode", MODES)
def test_results_are_typed_models(mode: str) -> None:
    with Replies(ExportScript()) as server:
        found = call(mode, server.url, "list")
        one = call(mode, server.url, "get", "dogs", namespace="dev", project="animals")
        made = call(mode, server.url, "job_versions", "8bddde6c-c3ca-41b0-9d87-ee945bfdce70")
    assert [d.name for d in found] == ["dogs"]
    assert one.project.namespace.name == "dev"
    assert one.versions[0].version == "1.0.0" and one.versions[0].num_objects == 6
    assert made == [DatasetJobVersion(dataset_name="dev.animals.dogs", version="1.0.0")]
    assert server.seen[-1].query["job_id"] == ["8bddde6c-c3ca-41b0-9d87-ee945bfdce70"]


class FailsOnce(Replies):
    """Answers 500 to the first request, then as `Replies` does."""

    def _answer(self, handler: BaseHTTPRequestHandler, seen: Seen) -> None:
        if len(self.seen) == 1:
            return _send(handler, 500, b'{"message": "Internal error"}', "application/json")
        return super()._answer(handler, seen)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("change", "sent"),
    [
        ({"description": "Dogs"}, 2),  # setting a field again is harmless: retried
        ({"attrs": []}, 2),
        ({"new_name": "pups"}, 1),  # a rename that may have happened is not sent again
    ],
)
def test_an_update_is_retried_unless_it_renames(
    mode: str, change: dict[str, Any], sent: int, no_retry_wait: list[float]
) -> None:
    with FailsOnce(ExportScript()) as server:
        if sent == 1:
            with pytest.raises(InternalServerError):
                call(mode, server.url, "update", "dev.animals.dogs", **change)
        else:
            call(mode, server.url, "update", "dev.animals.dogs", **change)
    assert len(server.seen) == sent


@pytest.mark.parametrize("mode", MODES)
def test_a_delete_is_retried(mode: str, no_retry_wait: list[float]) -> None:
    with FailsOnce(ExportScript()) as server:
        call(mode, server.url, "delete", "dev.animals.dogs@v1.0.0")
    assert len(server.seen) == 2


class OddVersions(Replies):
    def _answer(self, handler: BaseHTTPRequestHandler, seen: Seen) -> None:
        body = {} if "empty" in seen.query["job_id"] else {"dataset_versions": "oops"}
        _send(handler, 200, json.dumps(body).encode(), "application/json")


@pytest.mark.parametrize("mode", MODES)
def test_job_versions_reads_a_missing_list_as_none_and_refuses_a_bad_one(mode: str) -> None:
    with OddVersions(ExportScript()) as server:
        assert call(mode, server.url, "job_versions", "empty") == []
        with pytest.raises(APIResponseValidationError, match="dataset_versions is not a list"):
            call(mode, server.url, "job_versions", "bad")


# --- download -----------------------------------------------------------------------------


def download(mode: str, server: ExportServer, to: Path, **kwargs: Any) -> list[Path]:
    kwargs.setdefault("poll_interval", 0.01)
    paths: list[Path] = call(
        mode, server.url, "download", "dev.animals.dogs@v1.0.0", to=to, **kwargs
    )
    return paths


@pytest.mark.parametrize("mode", MODES)
def test_download_waits_for_chunks_and_never_sends_the_token_to_them(
    mode: str, tmp_path: Path
) -> None:
    script = ExportScript(
        chunks=[b'{"id": 1}\n', b'{"id": 2}\n{"id": 3}\n', b""],
        plans={1: ["miss", "miss", "miss"]},
    )
    reports: list[DownloadProgress] = []
    out = tmp_path / "new" / "out"
    with ExportServer(script) as server:
        paths = download(mode, server, out, progress=reports.append, status_interval=3600)

    assert [p.name for p in paths] == [
        "dogs@v1.0.0_00000.jsonl",
        "dogs@v1.0.0_00001.jsonl",
        "dogs@v1.0.0_00002.jsonl",
    ]
    assert [p.read_bytes() for p in paths] == script.chunks
    assert files_in(out) == [p.name for p in paths]  # no temp file left
    chunks = server.chunk_requests()
    assert len(chunks) == 3 + 3  # three 404s for chunk 1
    for seen in chunks:
        assert "authorization" not in seen.headers
        assert "cookie" not in seen.headers
        assert seen.query == {"X-Amz-Signature": ["deadbeefcafe"]}  # the URL as given
    studio_calls = [s for s in server.seen if s.path.startswith("/api/")]
    assert all(s.headers["authorization"] == f"Bearer {TOKEN}" for s in studio_calls)
    assert server.to("/api/datachain/datasets/export")[0].query["version"] == ["1.0.0"]
    # Checked once before the first chunk; the 404s came well within status_interval.
    assert len(server.to("/api/datachain/datasets/export-status")) == 1
    assert any(r.waiting for r in reports)
    last = reports[-1]
    assert (last.chunks_done, last.chunks_total) == (3, 3)
    assert last.bytes_written == sum(len(c) for c in script.chunks)
    assert isinstance(last.export, DatasetExportStatus)
    assert [r.bytes_written for r in reports] == sorted(r.bytes_written for r in reports)


@pytest.mark.parametrize("mode", MODES)
def test_while_a_chunk_is_missing_the_status_is_asked_when_due(mode: str, tmp_path: Path) -> None:
    script = ExportScript(plans={0: ["miss"] * 4}, statuses=["running"])
    with ExportServer(script) as server:
        download(mode, server, tmp_path, status_interval=1e-9)
    # Due at every miss: one status check each, and the chunk is asked again at once.
    assert len(server.to("/api/datachain/datasets/export-status")) == 1 + 4
    assert len(server.chunk_requests()) == 4 + 2


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("ending", ["failed", "removed"])
def test_an_export_that_fails_ends_the_download_and_leaves_nothing(
    mode: str, ending: str, tmp_path: Path
) -> None:
    script = ExportScript(
        chunks=[b"a" * 1000, b"b"],
        statuses=["running", ending],
        forever_missing={1},
    )
    out = tmp_path / "made"
    with ExportServer(script) as server:
        with pytest.raises(DatasetExportError, match=f"{ending} in Studio") as caught:
            download(mode, server, out, status_interval=1e-9)
    assert caught.value.status == ending
    assert caught.value.export_id == 7
    assert not out.exists()  # the folder it made, and the chunk it had written, are gone
    assert files_in(tmp_path) == []


@pytest.mark.parametrize("mode", MODES)
def test_a_chunk_missing_after_the_export_completed_is_an_error(mode: str, tmp_path: Path) -> None:
    script = ExportScript(statuses=["completed"], forever_missing={1})
    with ExportServer(script) as server:
        with pytest.raises(DatasetExportError, match="Chunk 2 of 2") as caught:
            download(mode, server, tmp_path, status_interval=0.05)
    assert (caught.value.chunk, caught.value.status_code) == (1, 404)
    assert SIGNATURE not in str(caught.value)
    assert files_in(tmp_path) == []


@pytest.mark.parametrize("mode", MODES)
def test_a_refused_chunk_is_not_retried_and_its_signature_is_not_shown(
    mode: str, tmp_path: Path, no_retry_wait: list[float]
) -> None:
    script = ExportScript(plans={0: [403]}, statuses=["running"])
    with ExportServer(script) as server:
        with pytest.raises(DatasetExportError, match="403 Forbidden") as caught:
            download(mode, server, tmp_path)
    error = caught.value
    assert error.status_code == 403 and error.chunk == 0
    assert "/storage/export-7/0.jsonl" in str(error) and "AccessDenied" in str(error)
    assert "deadbeefcafe" not in str(error) + repr(error)
    assert TOKEN not in str(error) + repr(error)
    assert len(server.chunk_requests()) == 1
    assert no_retry_wait == []
    # The export's status was asked again to explain it (still running: the chunk's error).
    assert len(server.to("/api/datachain/datasets/export-status")) == 2
    assert files_in(tmp_path) == []


@pytest.mark.parametrize("mode", MODES)
def test_chunks_go_through_the_pipeline_and_its_log_never_shows_a_signature(
    mode: str, tmp_path: Path, no_retry_wait: list[float], caplog: pytest.LogCaptureFixture
) -> None:
    """A chunk is fetched by the client's one request pipeline: a 503 is retried after the
    pipeline's delay, each answer is logged, and no log line holds the URL's signature."""
    script = ExportScript(plans={0: [503]})
    caplog.set_level(logging.INFO, logger="datachain_studio")
    with ExportServer(script) as server:
        paths = download(mode, server, tmp_path)
    assert [p.read_bytes() for p in paths] == script.chunks
    assert len(no_retry_wait) == 1  # the 503, retried once by the pipeline's policy
    assert "retrying GET" in caplog.text and "/storage/export-7/0.jsonl" in caplog.text
    assert "deadbeefcafe" not in caplog.text and "X-Amz-Signature" not in caplog.text


@pytest.mark.parametrize("mode", MODES)
def test_a_refused_chunk_of_a_removed_export_says_the_export_was_removed(
    mode: str, tmp_path: Path
) -> None:
    script = ExportScript(plans={0: [410]}, statuses=["running", "removed"])
    with ExportServer(script) as server:
        with pytest.raises(DatasetExportError, match="removed in Studio"):
            download(mode, server, tmp_path)


@pytest.mark.parametrize("mode", MODES)
def test_transient_chunk_failures_are_retried_from_the_chunks_start(
    mode: str, tmp_path: Path, no_retry_wait: list[float]
) -> None:
    script = ExportScript(chunks=[b"0123456789" * 100, b"tail"], plans={0: [503, "cut", 500]})
    reports: list[DownloadProgress] = []
    with ExportServer(script) as server:
        paths = download(mode, server, tmp_path, max_retries=3, progress=reports.append)
    assert [p.read_bytes() for p in paths] == script.chunks
    assert len(no_retry_wait) == 3
    assert len(server.chunk_requests()) == 4 + 1
    assert reports[-1].bytes_written == 1004  # the cut attempt's bytes are not counted twice
    assert files_in(tmp_path) == [p.name for p in paths]


@pytest.mark.parametrize("mode", MODES)
def test_a_chunk_that_keeps_failing_gives_up_after_max_retries(
    mode: str, tmp_path: Path, no_retry_wait: list[float]
) -> None:
    script = ExportScript(plans={1: [500, 500, 500]})
    with ExportServer(script) as server:
        with pytest.raises(DatasetExportError, match="500 Internal Server Error") as caught:
            download(mode, server, tmp_path, max_retries=1)
    assert caught.value.chunk == 1
    assert len(no_retry_wait) == 1
    assert len([s for s in server.chunk_requests() if s.path.endswith("/1.jsonl")]) == 2
    assert files_in(tmp_path) == []  # chunk 0 was written, and removed


@pytest.mark.parametrize("mode", MODES)
def test_wait_timeout_bounds_the_whole_download(mode: str, tmp_path: Path) -> None:
    script = ExportScript(statuses=["running"], forever_missing={0})
    with ExportServer(script) as server:
        with pytest.raises(WaitTimeoutError, match="chunk 1") as caught:
            download(mode, server, tmp_path, wait_timeout=1.0, status_interval=3600)
    assert isinstance(caught.value, TimeoutError)
    assert isinstance(caught.value.last, DatasetExportStatus)
    assert files_in(tmp_path) == []


@pytest.mark.parametrize("mode", MODES)
def test_an_export_without_chunks_writes_nothing(mode: str, tmp_path: Path) -> None:
    script = ExportScript(export={"export_id": 7, "signed_urls": []})
    with ExportServer(script) as server:
        assert download(mode, server, tmp_path / "out") == []
        assert server.to("/api/datachain/datasets/export-status") == []
    assert files_in(tmp_path) == []


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("answer", "problem"),
    [
        ({"export_id": 7, "signed_urls": "http://x/0"}, "signed_urls is not a list"),
        ({"export_id": "7", "signed_urls": []}, "export_id is not an integer"),
        ({"export_id": 7, "signed_urls": ["file:///etc/passwd"]}, "not http"),
        ({"export_id": 7, "signed_urls": [5]}, "signed_urls is not a list"),
    ],
)
def test_an_export_answer_that_cannot_be_used_is_a_validation_error(
    mode: str, answer: dict[str, Any], problem: str, tmp_path: Path
) -> None:
    with ExportServer(ExportScript(export=answer)) as server:
        with pytest.raises(APIResponseValidationError, match=problem):
            download(mode, server, tmp_path)
        assert [s.path for s in server.seen] == ["/api/datachain/datasets/export"]
    assert files_in(tmp_path) == []


@pytest.mark.parametrize("mode", MODES)
def test_a_download_replaces_its_own_files_and_keeps_the_others(mode: str, tmp_path: Path) -> None:
    (tmp_path / "dogs@v1.0.0_00000.jsonl").write_text("old")
    (tmp_path / "notes.txt").write_text("mine")
    with ExportServer(ExportScript()) as server:
        download(mode, server, tmp_path)
    assert (tmp_path / "dogs@v1.0.0_00000.jsonl").read_bytes() == b'{"id": 1}\n'
    assert (tmp_path / "notes.txt").read_text() == "mine"


@pytest.mark.parametrize("mode", MODES)
def test_a_failing_progress_callback_stops_the_download_and_cleans_up(
    mode: str, tmp_path: Path
) -> None:
    def progress(report: DownloadProgress) -> None:
        if report.chunks_done == 1:
            raise KeyboardInterrupt

    with ExportServer(ExportScript()) as server:
        with pytest.raises(KeyboardInterrupt):
            download(mode, server, tmp_path, progress=progress)
    assert files_in(tmp_path) == []


@pytest.mark.parametrize("mode", MODES)
def test_a_big_chunk_is_streamed_to_disk_in_flat_memory(mode: str, tmp_path: Path) -> None:
    size = 50 * 1024 * 1024
    script = ExportScript(chunks=[b"", b"end"], big=size)
    with ExportServer(script) as server:
        tracemalloc.start()
        try:
            paths = download(mode, server, tmp_path)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert paths[0].stat().st_size == size
    assert paths[1].read_bytes() == b"end"
    print(f"peak traced memory while downloading 50 MiB ({mode}): {peak / 1e6:.1f} MB")
    assert peak < 8 * 1024 * 1024, peak  # a body held in memory would be 50 MiB or more


# --- end to end, against the local Studio -------------------------------------------------

ROWS = [{"id": i, "name": f"dog-{i}", "good": i % 2 == 0} for i in range(7)]


def test_datasets_end_to_end(
    studio: Studio, studio_emulator: StudioEmulator, tmp_path: Path
) -> None:
    studio_emulator.add_dataset(
        "dev.animals.dogs", versions=["1.0.0", "1.0.1"], rows=ROWS, attrs=["dogs"]
    )
    studio_emulator.add_dataset("dev.animals.cats", versions="2.0.0")

    listed = studio.datasets.list()
    names = {f"{d.project.namespace.name}.{d.project.name}.{d.name}" for d in listed}
    assert {"dev.animals.dogs", "dev.animals.cats"} <= names
    assert [d.name for d in studio.datasets.list(prefix="dev.animals.do")] == ["dogs"]

    dogs = studio.datasets.get("dogs", namespace="dev", project="animals")
    assert [v.version for v in dogs.versions] == ["1.0.0", "1.0.1"]
    assert dogs.versions[0].num_objects == len(ROWS)
    assert dogs.attrs == ["dogs"]

    paths = studio.datasets.download("dev.animals.dogs@v1.0.0", to=tmp_path / "dl")
    assert paths and all(p.parent == tmp_path / "dl" for p in paths)
    assert file_rows(paths) == ROWS
    assert all(".part" not in name for name in files_in(tmp_path / "dl"))

    export = studio.datasets.export("dev.animals.dogs", version="1.0.1")
    assert export.signed_urls
    assert studio.datasets.export_status(export.export_id).status is not None

    studio.datasets.update("dev.animals.dogs", new_name="puppies", description="Pups")
    with pytest.raises(NotFoundError):
        studio.datasets.get("dev.animals.dogs")
    pups = studio.datasets.get("dev.animals.puppies")
    assert pups.description == "Pups"
    assert pups.attrs == ["dogs"]  # left as it was

    studio.datasets.delete("dev.animals.puppies@v1.0.1")
    assert [v.version for v in studio.datasets.get("dev.animals.puppies").versions] == ["1.0.0"]
    with_removed = studio.datasets.get("dev.animals.puppies", include_removed=True)
    assert len(with_removed.versions) == 2
    studio.datasets.delete("dev.animals.puppies", force=True)
    with pytest.raises(NotFoundError):
        studio.datasets.get("dev.animals.puppies")


def test_async_datasets_end_to_end(
    async_studio: AsyncStudio, studio_emulator: StudioEmulator, tmp_path: Path
) -> None:
    studio_emulator.add_dataset("dev.animals.dogs", versions=["1.0.0"], rows=ROWS)

    async def main() -> tuple[list[Dataset], Dataset, list[Path]]:
        listed = await async_studio.datasets.list()
        dogs = await async_studio.datasets.get("dev.animals.dogs")
        paths = await async_studio.datasets.download("dev.animals.dogs@1.0.0", to=tmp_path)
        await async_studio.datasets.update("dev.animals.dogs", attrs=["a", "b=c"])
        return listed, dogs, paths

    listed, dogs, paths = asyncio.run(main())
    assert [d.name for d in listed] == ["dogs"]
    assert dogs.versions[0].version == "1.0.0"
    assert file_rows(paths) == ROWS
    with Studio(
        token=studio_emulator.token, url=studio_emulator.url, team=studio_emulator.team
    ) as studio:
        assert studio.datasets.get("dev.animals.dogs").attrs == ["a", "b=c"]


def test_a_job_that_saves_a_dataset_reports_its_version(
    studio: Studio, studio_emulator: StudioEmulator
) -> None:
    query = 'import datachain as dc\ndc.read_values(x=[1, 2]).save("dev.animals.birds")\n'
    job = studio.jobs.create(query)
    studio.jobs.wait(job.id, poll_interval=0.05, wait_timeout=30)
    made = studio.datasets.job_versions(job.id)
    assert [(v.dataset_name.rsplit(".", 1)[-1], v.version) for v in made] == [("birds", "1.0.0")]
    birds = studio.datasets.get("dev.animals.birds")
    assert [v.version for v in birds.versions] == ["1.0.0"]


def test_an_unknown_dataset_is_not_found(studio: Studio) -> None:
    with pytest.raises(NotFoundError):
        studio.datasets.get("dev.animals.nothing")
    with pytest.raises(NotFoundError):
        studio.datasets.export("dev.animals.nothing@v1.0.0")


@pytest.mark.studio_emulator(export_delay=None, export_chunk_rows=2)
def test_a_download_waits_for_the_chunks_the_local_studio_writes(
    studio: Studio, studio_emulator: StudioEmulator, tmp_path: Path
) -> None:
    studio_emulator.add_dataset("dev.animals.dogs", versions="1.0.0", rows=ROWS)
    waits = []

    def progress(report: DownloadProgress) -> None:
        if report.waiting:  # the chunk is not there: let the local Studio write one more
            waits.append(report.chunks_done)
            studio_emulator.advance_export(report.export_id)

    paths = studio.datasets.download(
        "dev.animals.dogs@v1.0.0", to=tmp_path, progress=progress, poll_interval=0.01
    )
    assert len(paths) == 4  # 7 rows, 2 a chunk
    assert [p.name for p in paths] == [f"dogs@v1.0.0_0000{i}.parquet.lz4" for i in range(4)]
    assert file_rows(paths) == ROWS
    assert waits == [0, 1, 2, 3]


@pytest.mark.studio_emulator(export_delay=None, export_chunk_rows=2)
def test_removing_the_version_mid_download_ends_it_and_leaves_nothing(
    async_studio: AsyncStudio, studio_emulator: StudioEmulator, tmp_path: Path
) -> None:
    studio_emulator.add_dataset("dev.animals.dogs", versions=["1.0.0", "1.0.1"], rows=ROWS)
    out = tmp_path / "out"

    def progress(report: DownloadProgress) -> None:
        if report.waiting and report.chunks_done == 2:
            with Studio(
                token=studio_emulator.token, url=studio_emulator.url, team=studio_emulator.team
            ) as other:
                other.datasets.delete("dev.animals.dogs@v1.0.0")
        elif report.waiting:
            studio_emulator.advance_export(report.export_id)

    async def main() -> list[Path]:
        return await async_studio.datasets.download(
            "dev.animals.dogs@v1.0.0",
            to=out,
            progress=progress,
            poll_interval=0.01,
            status_interval=0.01,
        )

    with pytest.raises(DatasetExportError, match="removed") as caught:
        asyncio.run(main())
    assert caught.value.status == "removed"
    assert not out.exists()


def test_download_under_trio(tmp_path: Path) -> None:
    import trio

    script = ExportScript(plans={0: ["miss", 503]}, statuses=["running"])
    with ExportServer(script) as server:

        async def main() -> list[Path]:
            async with AsyncStudio(token=TOKEN, url=server.url, team=TEAM) as studio:
                return await studio.datasets.download(
                    "dev.animals.dogs@v1.0.0", to=tmp_path, poll_interval=0.01
                )

        paths = trio.run(main)
    assert [p.read_bytes() for p in paths] == script.chunks
    assert files_in(tmp_path) == [p.name for p in paths]
