"""Uploads: multipart parsed as a stream, any bytes, names kept, errors."""

from __future__ import annotations

import hashlib
import io
import os
import random
import tracemalloc
from pathlib import Path

import pytest

from datachain_studio import Studio, _upload
from datachain_studio.testing import StudioEmulator
from tests.emulator.helpers import Api, detail

FILES = "/api/datachain/jobs/files"


def tricky_bytes(size: int, boundary: bytes = b"") -> bytes:
    """Random bytes, sprinkled with CRLF, dashes and prefixes of the boundary."""
    rng = random.Random(1234)
    data = bytearray(rng.randbytes(size))
    for _ in range(500):
        at = rng.randrange(0, size - 100)
        piece = b"\r\n--" + boundary[: rng.randrange(0, len(boundary))]
        data[at : at + len(piece)] = piece
    data[-4:] = b"\r\n--"  # ends like the start of a delimiter, too
    return bytes(data)


def test_a_5mb_file_with_crlf_dash_sequences_round_trips(
    studio: Studio, studio_emulator: StudioEmulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    boundary = "0123456789abcdef" * 2
    monkeypatch.setattr(_upload.secrets, "token_hex", lambda size: boundary)
    data = tricky_bytes(5 * 1024 * 1024, boundary.encode())
    assert data.count(b"\r\n--") >= 400
    assert b"\r\n--" + boundary[:-1].encode() in data  # all of the delimiter but one byte
    path = tmp_path / "weights.bin"
    path.write_bytes(data)
    upload = studio.jobs.upload(path)
    assert upload.filename == "weights.bin"
    assert upload.size == len(data)
    assert upload.state == "uploaded"
    assert isinstance(upload.id, int)
    stored = studio_emulator.upload_path(upload.id).read_bytes()
    assert hashlib.sha256(stored).digest() == hashlib.sha256(data).digest()


def test_upload_ids_are_distinct_integers_and_names_are_kept(studio: Studio) -> None:
    first = studio.jobs.upload(b"", filename="empty.txt")
    second = studio.jobs.upload(b"x", filename="données 2026 (v2).csv")
    assert first.size == 0 and first.filename == "empty.txt"
    assert second.filename == "données 2026 (v2).csv"
    assert second.id > first.id


class Unseekable(io.RawIOBase):
    """A stream of unknown length: the client falls back to chunked transfer encoding."""

    def __init__(self, data: bytes) -> None:
        self._source = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        chunk = self._source.read(min(len(buffer), 70_000))
        buffer[: len(chunk)] = chunk
        return len(chunk)


def test_a_chunked_upload_is_read(studio: Studio, studio_emulator: StudioEmulator) -> None:
    data = tricky_bytes(1_000_000, b"boundary")
    upload = studio.jobs.upload(Unseekable(data), filename="stream.bin")  # type: ignore[arg-type]
    assert upload.size == len(data)
    assert studio_emulator.upload_path(upload.id).read_bytes() == data


def test_a_large_upload_is_streamed_not_held_in_memory(
    studio: Studio, studio_emulator: StudioEmulator, tmp_path: Path
) -> None:
    size = 50 * 1024 * 1024
    path = tmp_path / "big.bin"
    with path.open("wb") as out:
        for _ in range(50):
            out.write(os.urandom(1024 * 1024))
    tracemalloc.start()
    try:
        upload = studio.jobs.upload(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert upload.size == size
    assert studio_emulator.upload_path(upload.id).stat().st_size == size
    assert peak < 16 * 1024 * 1024, f"peak {peak / 2**20:.1f} MiB for a 50 MiB upload"


def test_a_body_without_a_file_part_is_422(api: Api) -> None:
    response = api(
        "POST", FILES, params=api.team(), files={"other": ("a.txt", b"x")}, data={"note": "n"}
    )
    assert response.status_code == 422
    assert detail(response) == [
        {"loc": ["body", "file"], "msg": "Field required", "type": "missing"}
    ]


def test_a_body_that_is_not_multipart_is_400(api: Api) -> None:
    response = api("POST", FILES, params=api.team(), json={"file": "x"})
    assert response.status_code == 400
    assert "multipart/form-data" in detail(response)


def test_a_truncated_multipart_body_is_400(api: Api) -> None:
    body = b'--XYZ\r\nContent-Disposition: form-data; name="file"; filename="a"\r\n\r\nabc'
    response = api(
        "POST",
        FILES,
        params=api.team(),
        content=body,
        headers={"Content-Type": "multipart/form-data; boundary=XYZ"},
    )
    assert response.status_code == 400
    assert "closing boundary" in detail(response)


def test_the_team_is_required_for_an_upload(api: Api) -> None:
    response = api("POST", FILES, files={"file": ("a.txt", b"x")})
    assert response.status_code == 422
    assert detail(response)[0]["loc"] == ["query", "team_name"]


@pytest.mark.studio_emulator(max_upload_bytes=1000)
def test_a_file_over_the_limit_is_413(api: Api, studio_emulator: StudioEmulator) -> None:
    assert (
        api("POST", FILES, params=api.team(), files={"file": ("a", b"x" * 1000)}).status_code == 200
    )
    response = api("POST", FILES, params=api.team(), files={"file": ("a", b"x" * 1001)})
    assert response.status_code == 413
    assert "larger than 1000 bytes" in detail(response)
    # The connection is still usable after the refused body was drained.
    assert api("GET", "/api/datachain/clusters/").status_code == 200
    assert len(list(studio_emulator.state.upload_dir.iterdir())) == 1  # the refused one is gone


def test_a_file_part_without_a_file_name_is_called_upload(api: Api) -> None:
    body = b'--XYZ\r\nContent-Disposition: form-data; name="file"\r\n\r\nabc\r\n--XYZ--\r\n'
    response = api(
        "POST",
        FILES,
        params=api.team(),
        content=body,
        headers={"Content-Type": "multipart/form-data; boundary=XYZ"},
    )
    assert response.status_code == 200
    assert (response.json()["filename"], response.json()["size"]) == ("upload", 3)
