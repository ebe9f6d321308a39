"""Turn decoded JSON into the generated attrs models, loosely or strictly.

The generated `from_dict` methods trust the server: a missing field is a `KeyError`, an odd
timestamp a `ValueError`, and a wrongly typed value slips through unchecked. Studio's real
responses do drift from the contract (jobs without `url`, string cluster ids, new statuses),
so this module reads them itself, guided by the models' own type annotations:

- **loose** (the default): every value that fits its declared type is converted (UUIDs,
  timestamps, enums, nested models); a value that does not fit is kept as it came; a missing
  field is `UNSET`. Nothing is dropped: unknown fields land in `additional_properties`.
- **strict**: a value that does not fit raises `ParseError`, naming where it is
  (`[3].created_at: expected an ISO 8601 date-time, got str 'yesterday'`).

Each type annotation is compiled once into a `_Type`: a strict reader that returns the
converted value or `MISMATCH` (no exceptions, no messages on the hot path), a loose reader
that never fails, and `explain`, which finds the offending value only when there is one.
"""

from __future__ import annotations

import builtins
import datetime as dt
import enum
import functools
import keyword
import types
import typing
import uuid
from collections.abc import Callable
from typing import Any

import attrs

from datachain_studio_api.types import UNSET, Unset

MISMATCH: Any = object()
"""What a strict reader returns for a value that does not fit its type."""

_ABSENT: Any = object()
_JSON_TYPES: frozenset[type] = frozenset({type(None), bool, int, float, str, list, dict, Unset})


class ParseError(Exception):
    """A value does not fit its declared type (strict mode only)."""

    def __init__(self, where: str, problem: str) -> None:
        super().__init__(f"{where or 'body'}: {problem}")
        self.where = where
        self.problem = problem


def parse(data: Any, tp: Any, *, strict: bool) -> Any:
    """Convert decoded JSON `data` into `tp` (a model, `list[Model]`, or a plain type).

    Even loosely, the body must have the right shape: an object where a model is expected,
    a list of objects where a list of models is. Drift inside it is what loose reading forgives.
    """
    compiled = compile_type(tp)
    if not strict:
        if not _has_shape(data, tp):
            raise ParseError("", f"expected {compiled.name}, got {_describe(data)}")
        return compiled.loose(data)
    result = compiled.strict(data)
    if result is MISMATCH:
        raise ParseError(*compiled.explain(data, ""))
    return result


def _has_shape(data: Any, tp: Any) -> bool:
    if typing.get_origin(tp) is list:
        (item,) = typing.get_args(tp)
        return type(data) is list and (not attrs.has(item) or all(type(x) is dict for x in data))
    return type(data) is dict if attrs.has(tp) else True


def is_model(value: object) -> bool:
    """Whether `value` is an instance of a generated model."""
    return attrs.has(type(value))


class _Type:
    """How to read values of one type annotation; see the module docstring."""

    def __init__(
        self,
        name: str,
        strict: Callable[[Any], Any],
        loose: Callable[[Any], Any] | None = None,
        explain: Callable[[Any, str], tuple[str, str]] | None = None,
        *,
        accepts: frozenset[type] | None = None,
        same: frozenset[type] = frozenset(),
    ) -> None:
        self.name = name
        self.strict = strict
        # `accepts`: the only types of values `strict` can read (None: any); `same`: the
        # types of values it always returns unchanged. Models use them to skip calls.
        self.accepts = accepts
        self.same = same
        self.members: list[_Type] = [self]  # a union's: the readers it tries
        self.loose = loose or _keeping(strict)
        self.explain = explain or (
            lambda value, where: (where, f"expected {name}, got {_describe(value)}")
        )


def _keeping(strict: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def loose(value: Any) -> Any:
        result = strict(value)
        return value if result is MISMATCH else result

    return loose


def _describe(value: Any) -> str:
    text = repr(value)
    return f"{type(value).__name__} {text[:60] + '...' if len(text) > 60 else text}"


def _here(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


@functools.cache
def compile_type(tp: Any) -> _Type:
    """The cached reader of a type annotation."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        return _union(typing.get_args(tp))
    if origin is list:
        (item_type,) = typing.get_args(tp) or (Any,)
        return _list(compile_type(item_type))
    if origin is dict:
        _, value_type = typing.get_args(tp) or (str, Any)
        return _dict(compile_type(value_type))
    if tp is Any or tp is object:
        return _Type("any value", lambda value: value, same=_JSON_TYPES)
    if isinstance(tp, type):
        if attrs.has(tp):
            return _model(tp)
        if issubclass(tp, enum.Enum):
            return _enum(tp)
        if tp in _SCALARS:
            return _SCALARS[tp]
    raise TypeError(f"no reader for {tp!r}")


def _exact(kind: type, name: str) -> _Type:
    only = frozenset({kind})
    return _Type(
        name, lambda value: value if type(value) is kind else MISMATCH, accepts=only, same=only
    )


def _float(value: Any) -> Any:
    return float(value) if type(value) in (float, int) else MISMATCH


def _datetime(value: Any) -> Any:
    if type(value) is str:
        try:
            return dt.datetime.fromisoformat(value)
        except ValueError:
            pass
    return MISMATCH


def _datetime_loose(value: Any) -> Any:
    result = _datetime(value)
    if result is MISMATCH and type(value) is str:
        from dateutil.parser import isoparse  # imported lazily: rarely needed

        try:
            return isoparse(value)
        except (ValueError, OverflowError):
            pass
    return value if result is MISMATCH else result


def _date(value: Any) -> Any:
    if type(value) is str:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    return MISMATCH


def _uuid(value: Any) -> Any:
    if type(value) is str:
        try:
            return uuid.UUID(value)
        except ValueError:
            pass
    return MISMATCH


_TEXT = frozenset({str})
_SCALARS: dict[Any, _Type] = {
    str: _exact(str, "a string"),
    int: _exact(int, "an integer"),
    bool: _exact(bool, "a boolean"),
    float: _Type("a number", _float, accepts=frozenset({float, int}), same=frozenset({float})),
    dt.datetime: _Type("an ISO 8601 date-time", _datetime, _datetime_loose, accepts=_TEXT),
    dt.date: _Type("an ISO 8601 date", _date, accepts=_TEXT),
    uuid.UUID: _Type("a UUID", _uuid, accepts=_TEXT),
    type(None): _Type(
        "null",
        lambda value: value if value is None else MISMATCH,
        accepts=frozenset({type(None)}),
        same=frozenset({type(None)}),
    ),
    Unset: _Type(
        "nothing", lambda value: value if value is UNSET else MISMATCH, accepts=frozenset({Unset})
    ),
}


def _enum(kind: type[enum.Enum]) -> _Type:
    known = {member.value: member for member in kind}

    def strict(value: Any) -> Any:
        try:
            return known.get(value, MISMATCH)
        except TypeError:  # an unhashable value
            return MISMATCH

    return _Type("one of " + ", ".join(repr(v) for v in known), strict)


def _list(item: _Type) -> _Type:
    item_strict, item_loose = item.strict, item.loose

    def strict(value: Any) -> Any:
        if type(value) is not list:
            return MISMATCH
        out = []
        for element in value:
            converted = item_strict(element)
            if converted is MISMATCH:
                return MISMATCH
            out.append(converted)
        return out

    def loose(value: Any) -> Any:
        return [item_loose(element) for element in value] if type(value) is list else value

    def explain(value: Any, where: str) -> tuple[str, str]:
        if type(value) is list:
            for index, element in enumerate(value):
                if item_strict(element) is MISMATCH:
                    return item.explain(element, f"{where}[{index}]")
        return where, f"expected a list, got {_describe(value)}"

    return _Type("a list", strict, loose, explain, accepts=frozenset({list}))


def _dict(item: _Type) -> _Type:
    item_strict, item_loose = item.strict, item.loose

    def strict(value: Any) -> Any:
        if type(value) is not dict:
            return MISMATCH
        out = {}
        for key, element in value.items():
            converted = item_strict(element)
            if converted is MISMATCH:
                return MISMATCH
            out[key] = converted
        return out

    def loose(value: Any) -> Any:
        return {k: item_loose(v) for k, v in value.items()} if type(value) is dict else value

    def explain(value: Any, where: str) -> tuple[str, str]:
        if type(value) is dict:
            for key, element in value.items():
                if item_strict(element) is MISMATCH:
                    return item.explain(element, _here(where, str(key)))
        return where, f"expected an object, got {_describe(value)}"

    return _Type("an object", strict, loose, explain, accepts=frozenset({dict}))


def _union(members: tuple[Any, ...]) -> _Type:
    accepts_none = type(None) in members
    accepts_unset = Unset in members
    # Typed members first, plain strings last, so `JobStatus | str` gives a JobStatus when
    # it can and a string otherwise.
    typed = sorted((m for m in members if m not in (type(None), Unset)), key=lambda m: m is str)
    compiled = [compile_type(m) for m in typed]
    readers = [c.strict for c in compiled]
    containers = [
        c
        for c, m in zip(compiled, typed, strict=True)
        if typing.get_origin(m) is list or attrs.has(m)
    ]
    names = [c.name for c in compiled] + (["null"] if accepts_none else [])
    name = " or ".join(names)

    def strict(value: Any) -> Any:
        if value is None:
            return None if accepts_none else MISMATCH
        if value is UNSET:
            return UNSET if accepts_unset else MISMATCH
        for reader in readers:
            converted = reader(value)
            if converted is not MISMATCH:
                return converted
        return MISMATCH

    def loose(value: Any) -> Any:
        converted = strict(value)
        if converted is not MISMATCH:
            return converted
        if len(containers) == 1:  # keep what can be typed of a drifted nested model
            return containers[0].loose(value)
        return value

    def explain(value: Any, where: str) -> tuple[str, str]:
        if len(containers) == 1 and isinstance(value, dict | list):
            return containers[0].explain(value, where)
        return where, f"expected {name}, got {_describe(value)}"

    accepts: set[type] | None = set()
    for c in compiled:
        accepts = None if accepts is None or c.accepts is None else accepts | c.accepts
    if accepts is not None:
        accepts |= {type(None)} if accepts_none else set()
        accepts |= {Unset} if accepts_unset else set()
    same: set[type] = {type(None)} if accepts_none else set()
    for kind in _JSON_TYPES - {type(None), Unset}:
        fits = [c for c in compiled if c.accepts is None or kind in c.accepts]
        if fits and kind in fits[0].same:
            same.add(kind)
    union = _Type(
        name,
        strict,
        loose,
        explain,
        accepts=None if accepts is None else frozenset(accepts),
        same=frozenset(same),
    )
    union.members = compiled + [_SCALARS[m] for m in (type(None), Unset) if m in members]
    return union


# The names the generator suffixes with `_` (openapi-python-client's RESERVED_WORDS).
_RESERVED = (set(dir(builtins)) | set(keyword.kwlist) | {"self", "true", "false", "datetime"}) - {
    "id"
}


def json_key(field_name: str) -> str:
    """The JSON key of a generated attribute (`type_` is `type`)."""
    bare = field_name.removesuffix("_")
    return bare if bare != field_name and bare in _RESERVED else field_name


def _model(cls: type) -> _Type:
    from datachain_studio_api import models  # imported lazily: the names the hints refer to

    hints = typing.get_type_hints(cls, localns=vars(models))
    fields: list[tuple[str, str, _Type, bool]] = []
    extra: _Type | None = None
    for field in attrs.fields(cls):
        tp = hints[field.name]
        if field.name == "additional_properties":
            value_type = typing.get_args(tp)[1]
            extra = None if value_type is Any else compile_type(value_type)
            continue
        optional = Unset in typing.get_args(tp)
        fields.append((json_key(field.name), field.name, compile_type(tp), optional))
    declared = frozenset(key for key, _, _, _ in fields)

    def extras(
        value: dict[str, Any], present: int, read: Callable[[Any], Any] | None
    ) -> dict[str, Any]:
        if present == len(value):
            return {}
        found = {k: v for k, v in value.items() if k not in declared}
        return found if read is None else {k: read(v) for k, v in found.items()}

    strict, loose = _model_readers(cls, fields, extra, extras)

    def explain(value: Any, where: str) -> tuple[str, str]:
        if type(value) is not dict:
            return where, f"expected an object ({cls.__name__}), got {_describe(value)}"
        for key, _, reader, optional in fields:
            if key not in value:
                if not optional:
                    return _here(where, key), "required field is missing"
            elif reader.strict(value[key]) is MISMATCH:
                return reader.explain(value[key], _here(where, key))
        if extra is not None:
            for key, element in value.items():
                if key not in declared and extra.strict(element) is MISMATCH:
                    return extra.explain(element, _here(where, key))
        return where, "does not match"

    return _Type(f"an object ({cls.__name__})", strict, loose, explain, accepts=frozenset({dict}))


def _model_readers(
    cls: type,
    fields: list[tuple[str, str, _Type, bool]],
    extra: _Type | None,
    extras: Callable[[dict[str, Any], int, Callable[[Any], Any] | None], dict[str, Any]],
) -> tuple[Callable[[Any], Any], Callable[[Any], Any]]:
    """The strict and loose readers of a model, as Python source compiled for its fields.

    Each field is read inline: a value of a type its reader keeps as it is (a string for
    `str | None`) is taken without a call, and otherwise the first reader that can accept
    that JSON type is called directly (`uuid.UUID` for a string in `UUID | None | Unset`),
    the whole union only when that one does not fit. As attrs does for `__init__`.
    """
    ns: dict[str, Any] = {
        "cls": cls,
        "MISMATCH": MISMATCH,
        "ABSENT": _ABSENT,
        "UNSET": UNSET,
        "extras": extras,
        "extra_strict": None if extra is None else extra.strict,
        "extra_loose": None if extra is None else extra.loose,
    }
    type_names: dict[type, str] = {}
    for kind in _JSON_TYPES:
        type_names[kind] = f"t_{kind.__name__}"
        ns[type_names[kind]] = kind
    init = [f.name for f in attrs.fields(cls) if f.init and not f.kw_only]
    positional = init == [name for _, name, _, _ in fields]
    strict_lines = [
        "def strict(value):",
        "    if type(value) is not dict:",
        "        return MISMATCH",
        "    get = value.get",
        "    present = 0",
    ]
    loose_lines = [
        "def loose(value):",
        "    if type(value) is not dict:",
        "        return value",
        "    get = value.get",
        "    present = 0",
    ]
    names = []
    for i, (key, _, reader, optional) in enumerate(fields):
        var = f"a{i}"
        names.append(var)
        ns[f"k{i}"], ns[f"s{i}"], ns[f"l{i}"] = key, reader.strict, reader.loose
        # The first reader for each JSON type, when it is not the field's own.
        first: dict[type, Callable[[Any], Any]] = {}
        alone: set[type] = set()
        for kind in _JSON_TYPES - reader.same:
            fits = [c for c in reader.members if c.accepts is None or kind in c.accepts]
            if fits:
                first[kind] = fits[0].strict
                if len(fits) == 1:
                    alone.add(kind)
        same = " or ".join(f"t is {type_names[k]}" for k in sorted(reader.same, key=str))
        for lines, strict in ((strict_lines, True), (loose_lines, False)):
            full = f"s{i}" if strict else f"l{i}"
            lines.append(f"    v = get(k{i}, ABSENT)")
            lines.append("    if v is ABSENT:")
            if strict and not optional:
                lines.append("        return MISMATCH")
            else:
                lines.append(f"        {var} = UNSET")
            lines.append("    else:")
            lines.append("        present += 1")
            lines.append("        t = type(v)")
            branch = "if"
            if same:
                lines.append(f"        if {same}:")
                lines.append(f"            {var} = v")
                branch = "elif"
            for j, (kind, read) in enumerate(sorted(first.items(), key=lambda kv: str(kv[0]))):
                ns[f"d{i}_{j}"] = read
                lines.append(f"        {branch} t is {type_names[kind]}:")
                lines.append(f"            {var} = d{i}_{j}(v)")
                lines.append(f"            if {var} is MISMATCH:")
                if strict and kind in alone:
                    lines.append("                return MISMATCH")
                else:
                    lines.append(f"                {var} = {full}(v)")
                    if strict:
                        lines.append(f"                if {var} is MISMATCH:")
                        lines.append("                    return MISMATCH")
                branch = "elif"
            if branch == "if":
                lines.append(f"        {var} = {full}(v)")
            else:
                lines.append("        else:")
                lines.append(f"            {var} = {full}(v)")
            if strict and branch != "if":
                lines.append(f"            if {var} is MISMATCH:")
                lines.append("                return MISMATCH")
            elif strict:
                lines.append(f"        if {var} is MISMATCH:")
                lines.append("            return MISMATCH")
    args = (
        ", ".join(names)
        if positional
        else ", ".join(f"{name}={var}" for (_, name, _, _), var in zip(fields, names, strict=True))
    )
    strict_lines += [
        f"    instance = cls({args})",
        "    found = extras(value, present, extra_strict)",
        "    if extra_strict is not None and any(v is MISMATCH for v in found.values()):",
        "        return MISMATCH",
        "    instance.additional_properties = found",
        "    return instance",
    ]
    loose_lines += [
        f"    instance = cls({args})",
        "    instance.additional_properties = extras(value, present, extra_loose)",
        "    return instance",
    ]
    source = "\n".join([*strict_lines, "", *loose_lines]) + "\n"
    exec(compile(source, f"<readers of {cls.__qualname__}>", "exec"), ns)
    return ns["strict"], ns["loose"]
