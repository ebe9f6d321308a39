"""Turn decoded JSON into the generated attrs models, loosely or strictly.

The generated `from_dict` methods trust the server: a missing field is a `KeyError`, an odd
timestamp a `ValueError`, and a wrongly typed value slips through unchecked. Studio's real
responses do drift from the contract (jobs without `url`, string cluster ids, new statuses),
so this module reads them itself, guided by the models' own type annotations:

- **loose** (the default): every value that fits its declared type is converted (UUIDs,
  timestamps, enums, nested models); a value that does not fit is kept as it came; a missing
  field is `UNSET`. Nothing is dropped: unknown fields land in `additional_properties`.
- **strict**: the first value that does not fit raises `APIResponseValidationError`, naming
  the field (`jobs[3].created_at: ...`).

A converter is compiled once per type and cached, so parsing a large list costs little more
than the generated code would.
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
from typing import Any, TypeVar

import attrs

from datachain_studio_api.types import UNSET, Unset

T = TypeVar("T")

Converter = Callable[[Any, bool, str], Any]


class ParseError(Exception):
    """A value does not fit its declared type (strict mode only)."""

    def __init__(self, where: str, problem: str) -> None:
        super().__init__(f"{where or 'body'}: {problem}")
        self.where = where
        self.problem = problem


def parse(data: Any, tp: Any, *, strict: bool, where: str = "") -> Any:
    """Convert decoded JSON `data` into `tp` (a model, `list[Model]`, or a plain type)."""
    return converter_for(tp)(data, strict, where)


@functools.cache
def converter_for(tp: Any) -> Converter:
    """The cached converter for a type annotation."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        return _union_converter(typing.get_args(tp))
    if origin is list:
        (item_type,) = typing.get_args(tp) or (Any,)
        return _list_converter(converter_for(item_type))
    if origin is dict:
        _, value_type = typing.get_args(tp) or (str, Any)
        return _dict_converter(converter_for(value_type))
    if tp is Any or tp is object:
        return _keep
    if isinstance(tp, type):
        if attrs.has(tp):
            return _model_converter(tp)
        if issubclass(tp, enum.Enum):
            return _enum_converter(tp)
        if tp is dt.datetime:
            return _datetime
        if tp is dt.date:
            return _date
        if tp is uuid.UUID:
            return _uuid
        if tp is bool:
            return _exact(bool, "a boolean")
        if tp is int:
            return _int
        if tp is float:
            return _float
        if tp is str:
            return _exact(str, "a string")
        if tp is type(None):
            return _none
        if tp is Unset:
            return _unset
    raise TypeError(f"no converter for {tp!r}")


def _keep(value: Any, strict: bool, where: str) -> Any:
    return value


def _fail(value: Any, strict: bool, where: str, expected: str) -> Any:
    if strict:
        raise ParseError(where, f"expected {expected}, got {_describe(value)}")
    return value


def _describe(value: Any) -> str:
    text = repr(value)
    return f"{type(value).__name__} {text[:60] + '...' if len(text) > 60 else text}"


def _exact(kind: type, expected: str) -> Converter:
    def convert(value: Any, strict: bool, where: str) -> Any:
        if type(value) is kind:
            return value
        return _fail(value, strict, where, expected)

    return convert


def _int(value: Any, strict: bool, where: str) -> Any:
    if type(value) is int:
        return value
    return _fail(value, strict, where, "an integer")


def _float(value: Any, strict: bool, where: str) -> Any:
    if type(value) in (float, int):
        return float(value)
    return _fail(value, strict, where, "a number")


def _none(value: Any, strict: bool, where: str) -> Any:
    if value is None:
        return None
    raise ParseError(where, f"expected null, got {_describe(value)}")


def _unset(value: Any, strict: bool, where: str) -> Any:
    if value is UNSET:
        return UNSET
    raise ParseError(where, "expected the field to be absent")


def _datetime(value: Any, strict: bool, where: str) -> Any:
    if isinstance(value, str):
        try:
            return dt.datetime.fromisoformat(value)
        except ValueError:
            if not strict:
                from dateutil.parser import isoparse

                try:
                    return isoparse(value)
                except (ValueError, OverflowError):
                    pass
    return _fail(value, strict, where, "an ISO 8601 date-time")


def _date(value: Any, strict: bool, where: str) -> Any:
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    return _fail(value, strict, where, "an ISO 8601 date")


def _uuid(value: Any, strict: bool, where: str) -> Any:
    if isinstance(value, str):
        try:
            return uuid.UUID(value)
        except ValueError:
            pass
    return _fail(value, strict, where, "a UUID")


def _enum_converter(kind: type[enum.Enum]) -> Converter:
    known = {member.value: member for member in kind}
    expected = "one of " + ", ".join(repr(v) for v in known)

    def convert(value: Any, strict: bool, where: str) -> Any:
        try:
            return known[value]
        except (KeyError, TypeError):
            return _fail(value, strict, where, expected)

    return convert


def _list_converter(item: Converter) -> Converter:
    def convert(value: Any, strict: bool, where: str) -> Any:
        if not isinstance(value, list):
            return _fail(value, strict, where, "a list")
        return [item(v, strict, f"{where}[{i}]") for i, v in enumerate(value)]

    return convert


def _dict_converter(item: Converter) -> Converter:
    def convert(value: Any, strict: bool, where: str) -> Any:
        if not isinstance(value, dict):
            return _fail(value, strict, where, "an object")
        return {k: item(v, strict, f"{where}.{k}") for k, v in value.items()}

    return convert


def _union_converter(members: tuple[Any, ...]) -> Converter:
    # Try the most specific members first: nothing-values, then typed values, then plain
    # strings (so `JobStatus | str` yields a JobStatus when it can).
    def rank(tp: Any) -> int:
        if tp in (type(None), Unset):
            return 0
        if tp is str:
            return 2
        return 1

    ordered = sorted(members, key=rank)
    converters = [converter_for(tp) for tp in ordered]
    names = " or ".join(_type_name(tp) for tp in ordered if tp is not Unset)

    def convert(value: Any, strict: bool, where: str) -> Any:
        for member in converters:
            try:
                return member(value, True, where)
            except ParseError:
                continue
        if strict:
            # Report the nested problem when only one member could have matched.
            typed = [c for c, tp in zip(converters, ordered, strict=True) if rank(tp) == 1]
            if len(typed) == 1 and isinstance(value, dict | list):
                return typed[0](value, True, where)
            raise ParseError(where, f"expected {names}, got {_describe(value)}")
        for member in converters:
            try:
                return member(value, False, where)
            except ParseError:
                continue
        return value

    return convert


def _type_name(tp: Any) -> str:
    if tp is type(None):
        return "null"
    if typing.get_origin(tp) is list:
        return "a list"
    return getattr(tp, "__name__", str(tp))


# The names the generator suffixes with `_` (openapi-python-client's RESERVED_WORDS).
_RESERVED = (set(dir(builtins)) | set(keyword.kwlist) | {"self", "true", "false", "datetime"}) - {
    "id"
}


def json_key(field_name: str) -> str:
    """The JSON key of a generated attribute (`type_` is `type`)."""
    bare = field_name.removesuffix("_")
    return bare if bare != field_name and bare in _RESERVED else field_name


def is_model(value: object) -> bool:
    """Whether `value` is an instance of a generated model."""
    return attrs.has(type(value))


def _model_converter(cls: type) -> Converter:
    from datachain_studio_api import models

    hints = typing.get_type_hints(cls, localns=vars(models))
    plan: list[tuple[str, str, Converter, bool]] = []
    extra_converter: Converter = _keep
    for field in attrs.fields(cls):
        tp = hints[field.name]
        if field.name == "additional_properties":
            extra_converter = converter_for(typing.get_args(tp)[1])
            continue
        optional = Unset in typing.get_args(tp)
        plan.append((json_key(field.name), field.name, converter_for(tp), optional))
    declared = {key for key, _, _, _ in plan}
    extras_typed = extra_converter is not _keep

    def convert(value: Any, strict: bool, where: str) -> Any:
        if not isinstance(value, dict):
            return _fail(value, strict, where, f"an object ({cls.__name__})")
        kwargs: dict[str, Any] = {}
        for key, name, field_converter, optional in plan:
            here = f"{where}.{key}" if where else key
            if key in value:
                kwargs[name] = field_converter(value[key], strict, here)
            elif optional or not strict:
                kwargs[name] = UNSET
            else:
                raise ParseError(here, "required field is missing")
        instance = cls(**kwargs)
        extra = {k: v for k, v in value.items() if k not in declared}
        if extras_typed:
            extra = {
                k: extra_converter(v, strict, f"{where}.{k}" if where else k)
                for k, v in extra.items()
            }
        instance.additional_properties = extra
        return instance

    return convert
