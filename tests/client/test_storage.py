"""`studio.storage.ls`: msgpack answers read into typed entries, errors into the usual tree.

Against the local Studio (real folders in tmp_path), and against a scripted server for the
answers the local Studio never gives (8-byte datetimes, malformed msgpack, a proxy's page).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import struct
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx2
import msgpack
import pytest

from datachain_studio import (
    APIResponseValidationError,
    AsyncStudio,
    AuthenticationError,
    BadRequestError,
    ConfigurationError,
    IndexingInProgressError,
    InternalServerError,
    InvalidRequestError,
    MissingDependencyError,
    NotFoundError,
    PermissionDeniedError,
    Studio,
    StudioError,
)
from datachain_studio.testing import StudioEmulator
from datachain_studio.types import StorageEntry
from datachain_studio_api.api.storage import list_storage
from datachain_studio_api.models import ErrorResponse, StorageListing, StorageListInput
from datachain_studio_api.types import msgpack_loads
from tests.support.server import Recorded, Reply, scripted_server

MODIFIED = dt.datetime(2022, 6, 28, 22, 39, 1, tzinfo=dt.UTC)


@pytest.fixture
def bucket(tmp_path: Path) -> Path:
    root = tmp_path / "bucket"
    (root / "dogs" / "others").mkdir(parents=True)
    (root / "dogs" / "dog1").write_bytes(b"woof")
    (root / "description").write_text("dogs and cats")
    os.utime(root / "dogs" / "dog1", (MODIFIED.timestamp(), MODIFIED.timestamp()))
    return root


@pytest.fixture
def emu(bucket: Path) -> Iterator[StudioEmulator]:
    with StudioEmulator(
        storage={"s3://bucket": bucket}, tokens={"isat_other": "other-team"}
    ) as emulator:
        yield emulator


def studio_for(emu: StudioEmulator, **options: Any) -> Studio:
    return Studio(token=emu.token, url=emu.url, team=emu.team, **options)


def test_ls_returns_typed_entries_with_aware_datetimes(emu: StudioEmulator) -> None:
    with studio_for(emu) as studio:
        entries = studio.storage.ls("s3://bucket/dogs/")
    assert all(isinstance(entry, StorageEntry) for entry in entries)
    dog1, others = entries
    assert (dog1.name, dog1.dir_type, dog1.size) == ("dog1", 0, 4)
    assert dog1.last_modified == MODIFIED
    assert dog1.last_modified is not None and dog1.last_modified.tzinfo is not None
    assert (others.name, others.dir_type) == ("others", 1)
    assert dog1.path_str == "dogs/dog1" and dog1.path == ["dogs", "dog1"]
    assert dog1.to_dict()["last_modified"] == "2022-06-28T22:39:01+00:00"


def test_strict_mode_reads_the_listing_too(emu: StudioEmulator) -> None:
    with studio_for(emu, strict=True) as studio:
        names = [entry.name for entry in studio.storage.ls("s3://bucket")]
    assert names == ["description", "dogs"]


def test_async_ls_is_the_same(emu: StudioEmulator) -> None:
    async def run() -> list[StorageEntry]:
        async with AsyncStudio(token=emu.token, url=emu.url, team=emu.team) as studio:
            return await studio.storage.ls("s3://bucket/dogs")

    entries = asyncio.run(run())
    assert [e.name for e in entries] == ["dog1", "others"]
    assert entries[0].last_modified == MODIFIED


def test_errors_are_read_from_msgpack_into_the_usual_classes(emu: StudioEmulator) -> None:
    with studio_for(emu, max_retries=0) as studio:
        with pytest.raises(NotFoundError) as missing:
            studio.storage.ls("s3://bucket/nope")
        assert missing.value.message == "Path not found: s3://bucket/nope"
        assert missing.value.body == {
            "message": missing.value.message,
            "detail": missing.value.message,
        }
        with pytest.raises(NotFoundError, match="not connected"):
            studio.storage.ls("s3://elsewhere")
        with pytest.raises(BadRequestError, match="Not a storage URI"):
            studio.storage.ls("bucket")
        with pytest.raises(PermissionDeniedError):
            studio.storage.ls("s3://bucket", team="other-team")
    with Studio(token="isat_wrong", url=emu.url, team=emu.team) as studio:
        with pytest.raises(AuthenticationError) as denied:
            studio.storage.ls("s3://bucket")
        assert denied.value.message == "Invalid token"


def test_a_storage_being_indexed_raises_indexing_in_progress(
    emu: StudioEmulator, bucket: Path
) -> None:
    emu.add_storage("gs://new", bucket, indexing=True)
    with studio_for(emu) as studio:
        with pytest.raises(IndexingInProgressError) as raised:
            studio.storage.ls("gs://new/dogs")
    assert raised.value.path == "gs://new/dogs"
    assert raised.value.message == "Indexing in progress"
    assert isinstance(raised.value, StudioError)


@pytest.mark.parametrize("path", ["", "   ", None, 3, b"s3://bucket"])
def test_a_path_that_is_not_text_is_refused_before_sending(path: Any) -> None:
    with Studio(token="isat_x", url="http://127.0.0.1:9", team="t") as studio:
        with pytest.raises(InvalidRequestError):
            studio.storage.ls(path)


def test_no_team_is_a_configuration_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("DATACHAIN_GLOBAL_CONFIG_DIR", str(tmp_path))
    monkeypatch.setenv("DATACHAIN_SYSTEM_CONFIG_DIR", str(tmp_path))
    monkeypatch.delenv("DATACHAIN_STUDIO_TEAM", raising=False)
    monkeypatch.chdir(tmp_path)
    with Studio(token="isat_x", url="http://127.0.0.1:9") as studio:
        with pytest.raises(ConfigurationError):
            studio.storage.ls("s3://bucket")


def test_without_msgpack_a_clear_import_error_comes_before_any_request(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "msgpack", None)  # `import msgpack` now fails
    requests: list[Recorded] = []

    def record(request: Recorded) -> Reply:
        requests.append(request)
        return Reply(500)

    with scripted_server(record) as server:
        with Studio(token="isat_x", url=server.url, team="t") as studio:
            with pytest.raises(MissingDependencyError) as raised:
                studio.storage.ls("s3://bucket")
    assert requests == []
    assert isinstance(raised.value, ImportError) and isinstance(raised.value, StudioError)
    assert "pip install 'datachain-studio-client[storage]'" in str(raised.value)
    assert raised.value.name == "msgpack" and raised.value.extra == "storage"


# --- answers the local Studio never gives -------------------------------------------------------


def _ext(fmt: str, *values: Any) -> msgpack.ExtType:
    return msgpack.ExtType(42, struct.pack(fmt, *values))


def _serve(body: bytes, status: int = 200, kind: str = "application/msgpack") -> Any:
    return scripted_server(lambda request: Reply(status, body, {"Content-Type": kind}))


def _ls(url: str, **options: Any) -> list[StorageEntry]:
    with Studio(token="isat_x", url=url, team="t", max_retries=0, **options) as studio:
        return studio.storage.ls("s3://bucket")


def test_what_is_sent() -> None:
    body = msgpack.packb({"data": []})
    with _serve(body) as server:
        assert _ls(server.url) == []
    sent = server.requests[0]
    assert (sent.method, sent.path) == ("POST", "/api/datachain/ls")
    assert sent.json() == {"source": "s3://bucket", "team_name": "t"}
    assert sent.header("content-type") == "application/json"
    assert sent.header("accept") == "application/msgpack"
    assert sent.header("authorization") == "Bearer isat_x"


def test_datetimes_of_both_forms_and_other_extensions() -> None:
    stamp = 1700000000.5
    rows = [
        {"name": "offset", "dir_type": 0, "last_modified": _ext("!dl", stamp, 3600)},
        {"name": "naive", "dir_type": 0, "last_modified": _ext("!d", stamp)},
        {"name": "none", "dir_type": 1, "last_modified": None},
        {"name": "other", "dir_type": 0, "last_modified": msgpack.ExtType(7, b"x")},
    ]
    with _serve(msgpack.packb({"data": rows})) as server:
        offset, naive, none, other = _ls(server.url)
    moment = dt.datetime.fromtimestamp(stamp, dt.UTC)
    assert offset.last_modified == moment
    assert offset.last_modified is not None
    assert offset.last_modified.utcoffset() == dt.timedelta(hours=1)
    # 8 bytes: no offset on the wire; read in the local zone, as the official client does,
    # and made aware (so it compares with the other times).
    assert naive.last_modified == moment
    assert naive.last_modified is not None
    assert naive.last_modified.utcoffset() == moment.astimezone().utcoffset()
    assert none.last_modified is None
    assert other.last_modified == msgpack.ExtType(7, b"x")  # loose: kept as it came


@pytest.mark.parametrize(
    "body",
    [
        b"\xc1",  # never used in msgpack
        msgpack.packb({"data": []}) + b"\x00",  # extra data
        msgpack.packb({"data": [{"name": "x", "last_modified": msgpack.ExtType(42, b"12345")}]}),
        msgpack.packb({"data": [{"name": "x", "last_modified": _ext("!d", float("nan"))}]}),
        msgpack.packb({"data": [{"name": "x", "last_modified": _ext("!dl", 0.0, 10**6)}]}),
        msgpack.packb({"data": "everything"}),
        msgpack.packb({"data": ["a"]}),
        msgpack.packb([1, 2]),
        msgpack.packb({1: 2}),
        b'{"data": []}',  # JSON, not msgpack
    ],
)
def test_a_malformed_answer_is_a_validation_error(body: bytes) -> None:
    with _serve(body) as server:
        with pytest.raises(APIResponseValidationError) as raised:
            _ls(server.url)
    assert raised.value.status_code == 200


@pytest.mark.parametrize(
    ("status", "body", "kind", "cls", "message"),
    [
        (
            404,
            msgpack.packb({"message": "Bucket gone"}),
            "application/msgpack",
            NotFoundError,
            "Bucket gone",
        ),
        (
            400,
            msgpack.packb({"detail": "bad path"}),
            "application/msgpack",
            BadRequestError,
            "bad path",
        ),
        (502, b"<html>Bad Gateway</html>", "text/html", InternalServerError, "Bad Gateway"),
        (
            500,
            b'{"message": "from a proxy"}',
            "application/json",
            InternalServerError,
            "from a proxy",
        ),
        (404, b"", "application/msgpack", NotFoundError, "404 Not Found"),
    ],
)
def test_error_bodies_of_any_kind(
    status: int, body: bytes, kind: str, cls: type[StudioError], message: str
) -> None:
    with _serve(body, status, kind) as server:
        with pytest.raises(cls) as raised:
            _ls(server.url)
    assert message in str(raised.value)


def test_data_absent_counts_as_indexing_with_studios_note() -> None:
    with _serve(msgpack.packb({"message": "Listing s3://bucket"})) as server:
        with pytest.raises(IndexingInProgressError) as raised:
            _ls(server.url)
    assert raised.value.message == "Listing s3://bucket"


def test_transient_failures_are_retried() -> None:
    answers = iter([Reply(503, b""), Reply(200, msgpack.packb({"data": []}), {})])
    with scripted_server(lambda request: next(answers)) as server:
        with Studio(token="isat_x", url=server.url, team="t", max_retries=1) as studio:
            assert studio.storage.ls("s3://bucket") == []
    assert len(server.requests) == 2


def test_the_generated_request_asks_for_msgpack_and_the_runtime_reads_it(
    emu: StudioEmulator,
) -> None:
    def send(source: str) -> Any:
        request = list_storage.request(body=StorageListInput(source=source, team_name=emu.team))
        assert (request.method, request.path) == ("POST", "/api/datachain/ls")
        assert (request.accept, request.result) == ("application/msgpack", StorageListing)
        headers = {"Accept": request.accept, "Authorization": f"token {emu.token}"}
        answer = httpx2.post(emu.url + request.path, json=request.json, headers=headers)
        return answer.status_code, msgpack_loads(answer.content)

    status, ok = send("s3://bucket/dogs")
    listing = StorageListing.validate(ok)
    assert status == 200 and listing.data is not None
    assert listing.data[0].last_modified == MODIFIED
    status, missing = send("s3://bucket/x")
    assert status == 404
    assert ErrorResponse.validate(missing).message == "Path not found: s3://bucket/x"
