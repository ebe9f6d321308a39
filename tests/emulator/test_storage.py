"""The local Studio's storage listing: `POST datachain/ls` over local folders, in msgpack."""

from __future__ import annotations

import datetime as dt
import os
import struct
import subprocess
import sys
from pathlib import Path
from typing import Any

import msgpack
import pytest

from datachain_studio.testing import StudioEmulator
from datachain_studio.testing._handlers import HANDLERS
from datachain_studio.testing._handlers.base import Reply
from tests.emulator.helpers import Api

LS = "/api/datachain/ls"


def unpack(content: bytes) -> Any:
    """The answer as msgpack gives it, ext types kept (`ExtType`), as the wire has it."""
    return msgpack.unpackb(content, raw=False)


@pytest.fixture
def bucket(tmp_path: Path) -> Path:
    root = tmp_path / "bucket"
    (root / "dogs" / "others").mkdir(parents=True)
    (root / "cats").mkdir()
    (root / "description").write_bytes(b"x" * 350)
    (root / "dogs" / "dog1").write_bytes(b"woof")
    (root / "dogs" / "others" / "dog4").write_bytes(b"")
    stamp = dt.datetime(2022, 6, 28, 22, 39, 1, tzinfo=dt.UTC).timestamp()
    os.utime(root / "dogs" / "dog1", (stamp, stamp))
    return root


@pytest.fixture
def emu(bucket: Path, tmp_path: Path) -> Any:
    with StudioEmulator(
        storage={"s3://bucket": bucket}, read_only_tokens=["isat_reader"]
    ) as emulator:
        yield emulator


def ls(api: Api, source: Any, team: str | None = "emulator", **kwargs: Any) -> Any:
    body = {"source": source} if team is None else {"source": source, "team_name": team}
    return api("POST", LS, json=body, **kwargs)


@pytest.fixture
def http(emu: StudioEmulator) -> Any:
    api = Api(emu)
    yield api
    api.http.close()


def test_a_folder_lists_its_entries_one_level_deep_in_msgpack(http: Api) -> None:
    response = ls(http, "s3://bucket/dogs")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/msgpack"
    rows = unpack(response.content)["data"]
    assert [(r["name"], r["dir_type"]) for r in rows] == [("dog1", 0), ("others", 1)]
    dog1 = rows[0]
    assert dog1["size"] == 4 and dog1["path_str"] == "dogs/dog1"
    assert dog1["path"] == ["dogs", "dog1"]
    assert dog1["is_latest"] is True and dog1["version"] == "" and dog1["id"] is None
    assert len(dog1["etag"]) == 32 and rows[1]["etag"] == "" and rows[1]["size"] == 0
    # Every key the official client's fixture rows carry.
    assert set(dog1) == {
        "id",
        "dir_type",
        "name",
        "etag",
        "version",
        "is_latest",
        "last_modified",
        "size",
        "path_str",
        "path",
    }


def test_datetimes_are_ext_type_42_in_the_12_byte_form(http: Api) -> None:
    rows = unpack(ls(http, "s3://bucket/dogs/").content)["data"]
    stamp = rows[0]["last_modified"]
    assert isinstance(stamp, msgpack.ExtType) and stamp.code == 42
    assert len(stamp.data) == 12
    seconds, offset = struct.unpack("!dl", stamp.data)
    assert offset == 0
    assert dt.datetime.fromtimestamp(seconds, dt.UTC) == dt.datetime(
        2022, 6, 28, 22, 39, 1, tzinfo=dt.UTC
    )


@pytest.mark.parametrize("source", ["s3://bucket", "s3://bucket/", "S3://bucket//"])
def test_the_root_of_the_storage(http: Api, source: str) -> None:
    rows = unpack(ls(http, source).content)["data"]
    assert [r["name"] for r in rows] == ["cats", "description", "dogs"]
    assert [r["path_str"] for r in rows] == ["cats", "description", "dogs"]


def test_a_file_lists_itself(http: Api) -> None:
    rows = unpack(ls(http, "s3://bucket/description").content)["data"]
    assert [(r["name"], r["size"], r["dir_type"]) for r in rows] == [("description", 350, 0)]


def test_an_empty_folder_is_an_empty_list(http: Api) -> None:
    assert unpack(ls(http, "s3://bucket/cats").content) == {"data": []}


@pytest.mark.parametrize(
    ("source", "status", "text"),
    [
        ("s3://bucket/nope", 404, "Path not found: s3://bucket/nope"),
        ("s3://elsewhere/dogs", 404, "Storage s3://elsewhere is not connected to Studio"),
        ("gs://bucket", 404, "Storage gs://bucket is not connected to Studio"),
        ("s3://bucket/../bucket/dogs", 404, "Path not found: s3://bucket/../bucket/dogs"),
        ("s3://bucket/dogs/./dog1", 404, "Path not found: s3://bucket/dogs/./dog1"),
        ("not a uri", 400, "Not a storage URI (such as s3://bucket/path): not a uri"),
    ],
)
def test_errors_are_msgpack_maps_with_a_message(
    http: Api, source: str, status: int, text: str
) -> None:
    response = ls(http, source)
    assert response.status_code == status
    assert response.headers["content-type"] == "application/msgpack"
    assert unpack(response.content) == {"message": text, "detail": text}


def test_authentication_and_validation_errors_are_msgpack_too(http: Api) -> None:
    bad_token = ls(http, "s3://bucket", token="isat_wrong")
    assert bad_token.status_code == 401
    assert unpack(bad_token.content) == {"message": "Invalid token", "detail": "Invalid token"}
    no_team = ls(http, "s3://bucket", team=None)
    assert no_team.status_code == 422
    body = unpack(no_team.content)
    assert body["message"] == "body.team_name: Field required"
    assert body["detail"][0]["loc"] == ["body", "team_name"]
    foreign = ls(http, "s3://bucket", team="someone-else")
    assert foreign.status_code == 404 and unpack(foreign.content)["message"] == "Team not found"


def test_a_read_only_token_may_list(http: Api) -> None:
    assert ls(http, "s3://bucket", token="isat_reader").status_code == 200


def test_symbolic_links_out_of_the_storage_are_not_followed(
    emu: StudioEmulator, http: Api, bucket: Path, tmp_path: Path
) -> None:
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "key").write_text("private")
    (bucket / "dogs" / "escape").symlink_to(secret)
    (bucket / "dogs" / "inside").symlink_to(bucket / "cats")
    rows = unpack(ls(http, "s3://bucket/dogs").content)["data"]
    assert [r["name"] for r in rows] == ["dog1", "inside", "others"]  # the way out is left out
    assert ls(http, "s3://bucket/dogs/escape").status_code == 404
    assert ls(http, "s3://bucket/dogs/escape/key").status_code == 404


def test_a_storage_being_indexed_answers_data_null(
    emu: StudioEmulator, http: Api, bucket: Path
) -> None:
    emu.add_storage("gs://fresh/prefix", bucket, indexing=True)
    response = ls(http, "gs://fresh/prefix/dogs")
    assert response.status_code == 200
    assert unpack(response.content) == {"data": None}
    emu.add_storage("gs://fresh/prefix", bucket)  # indexing done
    assert [r["name"] for r in unpack(ls(http, "gs://fresh/prefix/dogs").content)["data"]] == [
        "dog1",
        "others",
    ]


def test_the_longest_storage_prefix_wins(emu: StudioEmulator, http: Api, bucket: Path) -> None:
    emu.add_storage("s3://bucket/dogs", bucket / "cats")  # a narrower storage, elsewhere
    assert unpack(ls(http, "s3://bucket/dogs").content) == {"data": []}
    assert len(unpack(ls(http, "s3://bucket").content)["data"]) == 3


def test_add_storage_refuses_what_it_cannot_serve(emu: StudioEmulator, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="does not exist"):
        emu.add_storage("s3://x", tmp_path / "missing")
    with pytest.raises(ValueError, match="URI"):
        emu.add_storage("bucket-without-scheme", tmp_path)


def test_an_answer_that_breaks_the_contract_is_caught_after_decoding(
    emu: StudioEmulator, http: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(ctx: Any) -> Reply:
        return Reply(200, {"data": [{"name": "x", "dir_type": "file", "last_modified": None}]})

    monkeypatch.setitem(HANDLERS, "list_storage", broken)
    response = ls(http, "s3://bucket")
    assert response.status_code == 500
    assert response.headers["content-type"] == "application/msgpack"
    assert "dir_type" in unpack(response.content)["message"]
    assert [v.operation_id for v in emu.contract_violations] == ["list_storage"]
    emu.contract_violations.clear()  # seen: not a failure of this test


def test_the_command_line_serves_storage(bucket: Path) -> None:
    script = (
        "import sys; from datachain_studio.testing.__main__ import main; "
        "sys.exit(main(sys.argv[1:]))"
    )
    bad = subprocess.run(
        [sys.executable, "-c", script, "--port", "0", "--storage", "s3://b"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert bad.returncode == 2 and "--storage needs URI=DIR" in bad.stderr
    missing = subprocess.run(
        [sys.executable, "-c", script, "--port", "0", "--storage", f"s3://b={bucket}/nope"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert missing.returncode == 2 and "does not exist" in missing.stderr
