"""Storage listings that cost far more decoded than on the wire, or nest without end.

msgpack is dense: one byte is an empty map, 64 bytes in Python. A listing under
`max_response_size` may still decode to eighty times its size, so what it would decode to is
bounded too (four times `max_response_size`, told before decoding), and how deep it nests
(32 levels: deeper ones ended in a `RecursionError` where they were walked, as `--json`
output walks them).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import struct
import subprocess
import sys
import tracemalloc
from typing import Any

import msgpack
import pytest

from datachain_studio import (
    APIResponseValidationError,
    AsyncStudio,
    ResponseTooLargeError,
    Studio,
)
from datachain_studio._bodies import DecodedTooLarge
from datachain_studio._msgpack_bounds import check_msgpack
from datachain_studio_api.types import msgpack_loads
from tests.support.server import Recorded, Reply, scripted_server

MiB = 1024 * 1024
TOKEN = "isat_amplification_token"


def listing(body: bytes) -> Any:
    def answer(request: Recorded) -> Reply:
        return Reply(200, body, {"Content-Type": "application/msgpack"})

    return scripted_server(answer)


def ls(mode: str, url: str, **options: Any) -> Any:
    if mode == "sync":
        with Studio(token=TOKEN, url=url, team="t", max_retries=0, **options) as studio:
            return studio.storage.ls("s3://bucket/")

    async def main() -> Any:
        async with AsyncStudio(token=TOKEN, url=url, team="t", max_retries=0, **options) as studio:
            return await studio.storage.ls("s3://bucket/")

    return asyncio.run(main())


def entry(index: int) -> dict[str, Any]:
    stamp = msgpack.ExtType(42, struct.pack(">di", 1.7e9, 3600))
    return {
        "name": f"file_{index:06d}.jpg",
        "dir_type": 0,
        "size": 123_456 + index,
        "etag": "0123456789abcdef0123456789abcdef",
        "path_str": f"dogs/file_{index:06d}.jpg",
        "is_latest": True,
        "version": "",
        "last_modified": stamp,
    }


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_listing_of_empty_maps_is_refused_before_it_is_decoded(mode: str) -> None:
    body = msgpack.packb({"data": [{}] * 4_000_000})
    assert len(body) < 4 * MiB
    with listing(body) as server:
        tracemalloc.start()
        try:
            with pytest.raises(ResponseTooLargeError, match="once decoded") as raised:
                ls(mode, server.url, max_response_size=4 * MiB)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    assert raised.value.limit == 4 * MiB
    # Decoded, it takes 290 MiB (and more with the models): now the body and a little more.
    assert peak < 40 * MiB, f"peak {peak / MiB:.0f} MiB"


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_real_listing_of_three_quarters_of_the_limit_is_still_read(mode: str) -> None:
    body = msgpack.packb({"data": [entry(index) for index in range(20_000)]})
    with listing(body) as server:
        entries = ls(mode, server.url, max_response_size=len(body) * 4 // 3)
    assert len(entries) == 20_000
    assert entries[-1].name == "file_019999.jpg"
    assert entries[-1].last_modified == dt.datetime(2023, 11, 14, 22, 13, 20, tzinfo=dt.UTC)


def deep_listing(depth: int) -> bytes:
    value: Any = "leaf"
    for _ in range(depth):
        value = [value]
    return msgpack.packb({"data": [{"name": "deep", "dir_type": 0, "etag": value}]})


def test_a_listing_nested_600_deep_is_a_validation_error() -> None:
    with listing(deep_listing(600)) as server:
        with pytest.raises(APIResponseValidationError, match="more than 32 levels"):
            ls("sync", server.url)
    with listing(deep_listing(29)) as server:  # with the listing's own three: 32
        (found,) = ls("sync", server.url)
    assert found.name == "deep"


def test_the_command_line_reports_a_deep_listing_as_a_bad_answer(tmp_path: Any) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATACHAIN_", "XDG_"))}
    with listing(deep_listing(600)) as server:
        env.update(
            HOME=str(tmp_path),
            DATACHAIN_SYSTEM_CONFIG_DIR=str(tmp_path),
            DATACHAIN_STUDIO_URL=server.url,
            DATACHAIN_STUDIO_TOKEN=TOKEN,
            DATACHAIN_STUDIO_TEAM="t",
        )
        command = [sys.executable, "-m", "datachain_studio", "--json", "storage", "ls", "s3://b"]
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 69, done.stderr  # Studio answered wrongly (was 70: RecursionError)
    assert "nests more than 32 levels" in done.stderr
    assert "RecursionError" not in done.stderr


def test_the_estimate_follows_what_decoding_takes() -> None:
    samples = {
        "listing": {"data": [entry(index) for index in range(5_000)]},
        "empty maps": [{}] * 100_000,
        "empty lists": [[]] * 100_000,
        "short strings": ["ab"] * 100_000,
        "distinct keys": {f"k{index}": None for index in range(50_000)},
    }
    for name, value in samples.items():
        body = msgpack.packb(value)
        low, high = 0, 1 << 32  # the least budget the body passes
        while low < high:
            middle = (low + high) // 2
            try:
                check_msgpack(body, budget=middle, max_depth=32)
            except DecodedTooLarge:
                low = middle + 1
            else:
                high = middle
        tracemalloc.start()
        decoded = msgpack_loads(body)
        taken = tracemalloc.get_traced_memory()[0]
        tracemalloc.stop()
        del decoded
        assert 0.75 < low / taken < 1.5, (name, low, taken)


@pytest.mark.parametrize(
    "value",
    [
        None,
        [True, False, -1, -33, 200, -200, 70_000, -70_000, 2**40, -(2**40), 1.5],
        {"f32": struct.unpack(">f", struct.pack(">f", 0.25))[0], "bin": b"\x00" * 300},
        {"s8": "x" * 40, "s16": "y" * 300, "s32": "z" * 70_000, "k" * 40: 1},
        {"a16": list(range(20)), "a32": [0] * 70_000, "m16": {str(i): i for i in range(20)}},
        {"m32": {str(i): i for i in range(70_000)}},
        [msgpack.ExtType(code, b"\x01" * size) for code in (1, 42) for size in (1, 2, 4, 8, 16)],
        [msgpack.ExtType(5, b"\x01" * size) for size in (3, 300, 70_000)],
    ],
)
def test_every_kind_of_msgpack_value_is_walked(value: Any) -> None:
    body = msgpack.packb(value, use_bin_type=True)
    check_msgpack(body, budget=1 << 30, max_depth=4)
    with pytest.raises(ValueError, match="cut short"):
        check_msgpack(body[:-1] if len(body) > 1 else b"", budget=1 << 30, max_depth=4)


def test_a_byte_no_value_starts_with_is_refused() -> None:
    with pytest.raises(ValueError, match="not msgpack"):
        check_msgpack(b"\x91\xc1", budget=1 << 20, max_depth=4)
