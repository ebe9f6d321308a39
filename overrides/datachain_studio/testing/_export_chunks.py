"""The bytes of one export chunk, as real Studio serves them: an LZ4 frame holding a Parquet
file of the chunk's rows (official-client-beyond-reference.md, 2.8).

What is known, from the official client's `DatasetRowsFetcher` (datachain 0.62, it reads a
chunk with `pandas.read_parquet(io.BytesIO(lz4.frame.decompress(body)))`) and from its test
fixture that builds such chunks (`compressed_parquet_data`: rows in a pandas DataFrame,
`to_parquet`, then `lz4.frame.compress`): the whole Parquet file is one LZ4 frame; a column
of type DateTime holds epoch seconds (the client converts it with `unit="s"`; the fixture
writes `datetime.timestamp()`, a float); a `sys__id` column is there (the client drops it
before inserting the rows). The fixture also writes `sys__rand`.

Assumed, where the evidence is thin (real Studio's export is not published):
- Columns are the version's schema columns, in its order, after `sys__id` and `sys__rand`
  (both UInt64 in the official client's tables; left out when the rows carry their own).
  `sys__id` counts the version's rows from 1; `sys__rand` is a fixed function of the
  version's uuid and `sys__id`, below 2**63 (the official client's `abs(random())` is too,
  and SQLite stores nothing larger).
- Parquet types follow the schema's type names (`pkg:sql/types.py`): String string, Boolean
  bool, Int/Int64 int64, Int32 int32, UInt32 uint32, UInt64 uint64, Float/Float64 float64,
  Float32 float32, Binary binary, DateTime float64 epoch seconds (a time without an offset
  is taken as UTC), JSON the value as JSON text (a string: what the official client's SQLite
  tables store). Other types, and a column whose values do not fit its type (the local
  Studio's rows are free-form JSON), are written as pyarrow infers them, else as JSON text.
- The Parquet file itself is uncompressed (the LZ4 frame compresses it).

pyarrow and lz4 (the `testing` extra) are imported on the first chunk written, not before:
`require` says whether they are there.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib
import io
import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any

__all__ = ["CONTENT_TYPE", "SUFFIX", "MissingWriter", "encode_chunk", "require"]

SUFFIX = ".parquet.lz4"  # the chunk URLs' file names end so, as real Studio's do (2.6)
CONTENT_TYPE = "application/octet-stream"

_RAND_BITS = 63

# Schema type name -> the pyarrow type factory's name.
_ARROW_TYPES: dict[str, str] = {
    "String": "string",
    "Boolean": "bool_",
    "Int": "int64",
    "Int64": "int64",
    "Int32": "int32",
    "UInt32": "uint32",
    "UInt64": "uint64",
    "Float": "float64",
    "Float64": "float64",
    "Float32": "float32",
    "Binary": "binary",
    "DateTime": "float64",
    "JSON": "string",
}


class MissingWriter(RuntimeError):
    """pyarrow or lz4 is not installed: the local Studio cannot write export chunks."""


def require() -> tuple[Any, Any, Any]:
    """The modules a chunk needs (`pyarrow`, `pyarrow.parquet`, `lz4.frame`); `MissingWriter`
    naming the extra when one is missing."""
    try:  # neither ships type information: their objects are `Any` here
        modules = [importlib.import_module(n) for n in ("pyarrow", "pyarrow.parquet", "lz4.frame")]
    except ImportError as exc:
        raise MissingWriter(
            f"The local Studio cannot write export chunks: {exc.name} is not installed "
            "(pip install 'datachain-studio-client[testing]')"
        ) from None
    return modules[0], modules[1], modules[2]


def encode_chunk(
    lines: Sequence[str],
    schema: Mapping[str, Mapping[str, Any]],
    *,
    first_id: int,
    version_uuid: str,
) -> bytes:
    """The chunk of the rows `lines` (JSON Lines, one object each), the first of which is row
    `first_id` of the version (counted from 1): LZ4-framed Parquet as described above."""
    pa, pq, lz4_frame = require()
    rows = [json.loads(line) for line in lines if line]
    names = list(schema)
    columns: dict[str, Any] = {}
    ids = list(range(first_id, first_id + len(rows)))
    if "sys__id" not in schema:
        columns["sys__id"] = pa.array(ids, type=pa.uint64())
    if "sys__rand" not in schema:
        columns["sys__rand"] = pa.array([_rand(version_uuid, n) for n in ids], type=pa.uint64())
    for name in names:
        values = [row.get(name) for row in rows]
        columns[name] = _column(pa, str(schema[name].get("type", "")), values)
    table = pa.table(columns)
    buffer = io.BytesIO()
    pq.write_table(table, buffer, compression="none")
    data: bytes = lz4_frame.compress(buffer.getvalue())
    return data


def _rand(version_uuid: str, row_id: int) -> int:
    digest = hashlib.blake2b(f"{version_uuid}:{row_id}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") >> (64 - _RAND_BITS)


def _column(pa: Any, type_name: str, values: list[Any]) -> Any:
    """One column as an arrow array: typed by the schema when its values fit, else as
    pyarrow infers it, else as JSON text."""
    convert: Callable[[Any], Any] = _CONVERT.get(type_name, _same)
    factory = _ARROW_TYPES.get(type_name)
    failures = (TypeError, ValueError, OverflowError, pa.ArrowException)
    try:
        converted = [None if v is None else convert(v) for v in values]
        if factory is not None:
            return pa.array(converted, type=getattr(pa, factory)())
        return pa.array(converted)
    except failures:
        pass
    try:
        return pa.array(values)
    except failures:
        return pa.array([None if v is None else _json(v) for v in values], type=pa.string())


def _same(value: Any) -> Any:
    return value


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, allow_nan=False)


def _epoch_seconds(value: Any) -> float:
    """A DateTime value (ISO text, as the local Studio keeps it; or a number of seconds) as
    epoch seconds; a time without an offset is UTC."""
    if isinstance(value, bool):
        raise TypeError("a boolean is not a time")
    if isinstance(value, int | float):
        return float(value)
    if not isinstance(value, str):
        raise TypeError(f"not a time: {value!r}")
    moment = dt.datetime.fromisoformat(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.timestamp()


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"not text: {value!r}")
    return value


def _integer(value: Any) -> int:
    # Checked here: pyarrow would truncate a float into an integer column without a word.
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"not an integer: {value!r}")
    return value


def _number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"not a number: {value!r}")
    return float(value)


def _boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"not a boolean: {value!r}")
    return value


_CONVERT: dict[str, Callable[[Any], Any]] = {
    "DateTime": _epoch_seconds,
    "JSON": _json,
    "String": _text,
    "Boolean": _boolean,
    **dict.fromkeys(("Int", "Int64", "Int32", "UInt32", "UInt64"), _integer),
    **dict.fromkeys(("Float", "Float64", "Float32"), _number),
}
