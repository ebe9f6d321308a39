"""Hypothesis strategies for the fuzz tests: broken response bodies and hostile arguments.

`mutate(data, example)` takes a contract example and breaks it the ways real servers drift:
fields dropped, fields added (known names in the wrong place, unknown names), values replaced
by random JSON, odd timestamps, unknown enum values, numbers as strings, nested garbage.
`hostile` is anything a caller might pass by mistake, or on purpose.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import PurePosixPath
from typing import Any

from hypothesis import strategies as st

from tests.spec import SPEC

JSON_LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=12),
)
JSON_VALUES = st.recursive(
    JSON_LEAVES,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.text(max_size=8), children, max_size=4),
    ),
    max_leaves=12,
)
ODD_TIMESTAMPS = st.one_of(
    st.sampled_from(
        [
            "2021-13-45T99:00:00Z",
            "2024-02-30T00:00:00Z",
            "2024-01-01T24:00:00Z",
            "9999-12-31T23:59:60Z",
            "0000-00-00T00:00:00",
            "2024-01-01T00:00:00+25:00",
            "2024-01-01T00:00:00.1234567890123Z",
            "-2024-01-01T00:00:00Z",
            "+12024-01-01T00:00:00Z",
            "2024-W01-1T00:00:00Z",
            "2024-001",
            "2024-01-01",
            "20240101T000000Z",
            "T00:00:00",
            "1e400",
            "",
            " ",
            "\u0662\u0660\u0662\u0664-01-01T00:00:00Z",
            "2024-01-01T00:00:00\x00",
            "last tuesday",
        ]
    ),
    st.datetimes(timezones=st.none() | st.timezones()).map(dt.datetime.isoformat),
    st.integers(min_value=-(2**63), max_value=2**63),
    st.floats(),
)
UNKNOWN_ENUMS = st.one_of(
    st.sampled_from(["HIBERNATING", "complete", "COMPLETE ", "", "null", "None", "0"]),
    st.text(max_size=10),
    st.integers(min_value=-2, max_value=10),
)


def _schema_property_names() -> list[str]:
    names: set[str] = set()
    for schema in SPEC["components"]["schemas"].values():
        names.update(schema.get("properties", {}))
    return sorted(names)


KNOWN_FIELDS = _schema_property_names()
FIELD_NAMES = st.one_of(st.sampled_from(KNOWN_FIELDS), st.text(max_size=10))
EXTRA_FIELDS = st.dictionaries(FIELD_NAMES, st.one_of(JSON_VALUES, ODD_TIMESTAMPS), max_size=3)


def _looks_like_time(value: str) -> bool:
    return len(value) >= 10 and value[4:5] == "-" and value[:4].isdigit()


def _weird_for(value: Any) -> st.SearchStrategy[Any]:
    """Values of the wrong kind, chosen to confuse a parser of `value`'s kind."""
    if isinstance(value, bool):
        return st.sampled_from(["true", "false", 0, 1, None, "yes"])
    if isinstance(value, int | float):
        return st.one_of(
            st.just(str(value)),
            st.just(float(value)),
            st.floats(),
            st.integers(min_value=-(2**80), max_value=2**80),
            st.sampled_from([True, None, "NaN", "1e999"]),
        )
    if isinstance(value, str):
        if _looks_like_time(value):
            return ODD_TIMESTAMPS
        return st.one_of(
            UNKNOWN_ENUMS,
            st.just(value.lower()),
            st.just(value + "\x00"),
            st.just([value]),
            st.just({"value": value}),
        )
    return JSON_VALUES


_DROP = object()


def mutate(data: st.DataObject, value: Any) -> Any:
    """A copy of `value` with random parts broken (shrinks towards `value` unchanged).

    The whole body is replaced one time in five (by a bare value half of those times), so
    every operation also meets answers of the wrong shape altogether.
    """
    roll = data.draw(st.integers(0, 9))
    if roll == 9:
        return data.draw(JSON_LEAVES)
    if roll == 8:
        return data.draw(JSON_VALUES)
    out = _mutate(data, value, 0)
    return type(value)() if out is _DROP else out


def _mutate(data: st.DataObject, value: Any, depth: int) -> Any:
    roll = data.draw(st.integers(0, 23))
    if roll == 23:
        return _DROP  # a field goes missing, an item drops out
    if roll == 22:
        return data.draw(JSON_VALUES)
    if roll == 21:
        return data.draw(_weird_for(value))
    if isinstance(value, dict) and depth < 6:
        out = {key: _mutate(data, item, depth + 1) for key, item in value.items()}
        out = {key: item for key, item in out.items() if item is not _DROP}
        if roll == 20:
            out.update(data.draw(EXTRA_FIELDS))
        return out
    if isinstance(value, list) and depth < 6:
        items = [_mutate(data, item, depth + 1) for item in value]
        if roll == 20:
            items.append(data.draw(JSON_VALUES) if not value else _mutate(data, value[0], depth))
        return [item for item in items if item is not _DROP]
    return value


# --- hostile arguments ----------------------------------------------------------------

PATH_ESCAPES = [
    "../x",
    "../../rbac/access-rules",
    "..",
    ".",
    "a/b",
    "a%2Fb",
    "%2e%2e%2f",
    "x?y=1",
    "x#y",
    "x&team_name=other",
    "x y",
    "x\r\nX-Injected: 1",
    "x\x00y",
    "\\..\\x",
    "",
    "   ",
]


class _Opaque:
    """An object no serializer knows."""

    def __repr__(self) -> str:
        return "<opaque>"


class _WithId:
    """Something with an `.id`, like a result object, but with a hostile id."""

    def __init__(self, value: Any) -> None:
        self.id = value

    def __repr__(self) -> str:
        return f"<with id {self.id!r}>"


SAFE_LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.integers(min_value=-3, max_value=10),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=16),
    st.sampled_from(PATH_ESCAPES),
    st.uuids().map(str),
    st.uuids().map(lambda u: f"{u}/../x"),
)
HOSTILE_JSON = st.one_of(
    SAFE_LEAVES,
    st.lists(SAFE_LEAVES, max_size=3),
    st.dictionaries(st.text(max_size=6), SAFE_LEAVES, max_size=3),
)
"""Wrong or hostile values that JSON can carry: a client must refuse them or send them."""

NON_JSON = st.one_of(
    st.sampled_from([math.nan, math.inf, -math.inf]),
    st.binary(min_size=1, max_size=8),
    st.builds(_Opaque),
    st.datetimes(timezones=st.none() | st.just(dt.UTC)),
    st.uuids(),
    st.just(PurePosixPath("no/such/file")),
    st.frozensets(st.integers(0, 5), min_size=1, max_size=2),
    SAFE_LEAVES.map(_WithId),
)
"""Values JSON cannot carry (NaN, bytes, objects): in a body they must be refused."""

HOSTILE = st.one_of(HOSTILE_JSON, NON_JSON, st.lists(NON_JSON, min_size=1, max_size=2))
