"""Reading the dataset export chunks the local Studio serves: a Parquet file in an LZ4 frame,
as real Studio's are (datachain_studio/testing/_export_chunks.py)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import lz4.frame
import pyarrow as pa
import pyarrow.parquet as pq

LZ4_FRAME_MAGIC = b"\x04\x22\x4d\x18"
SYSTEM_COLUMNS = ("sys__id", "sys__rand")


def chunk_table(data: bytes) -> pa.Table:
    """The Parquet table of one chunk's bytes (checked to be one LZ4 frame)."""
    assert data[:4] == LZ4_FRAME_MAGIC, data[:16]
    return pq.read_table(io.BytesIO(lz4.frame.decompress(data)))


def chunk_rows(data: bytes) -> list[dict[str, Any]]:
    """The rows of one chunk without the system columns Studio adds (`sys__id`, `sys__rand`),
    which must be there."""
    table = chunk_table(data)
    assert table.column_names[:2] == list(SYSTEM_COLUMNS), table.schema
    return [{k: v for k, v in row.items() if k not in SYSTEM_COLUMNS} for row in table.to_pylist()]


def file_rows(paths: list[Path]) -> list[dict[str, Any]]:
    """The rows of downloaded chunk files, in order."""
    return [row for path in paths for row in chunk_rows(path.read_bytes())]
