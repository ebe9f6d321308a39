"""Turn decoded JSON into the generated models, loosely or strictly.

The models (generated from openapi.yaml, see codegen/README.md) are read-only views over the
JSON: the first read of a field of a model converts all its fields (UUID, timestamp, enum,
nested model) at once. An answer's text goes to `read_text` first (the generated runtime,
with msgspec), which makes the same models from it in C; what it declines is decoded by
`json` and read here, which is also what names a strict misfit.

- **loose** (the default): the body must have the right shape (an object where a model is
  expected, a list of objects where a list of models is); that costs one small object per
  model. Inside, drift is forgiven: a value that does not fit its declared type reads as it
  came, a missing field reads `None`.
- **strict**: every field of every object is checked and converted before the call returns;
  the first value that does not fit raises `ParseError`, naming where it is
  (`[3].created_at: expected an ISO 8601 date-time, got str 'yesterday'`).
"""

from __future__ import annotations

from typing import Any

from datachain_studio_api.types import _SET_SRC, Model, ParseError, read_text

__all__ = ["ParseError", "is_model", "parse", "read_text"]


def parse(data: Any, tp: Any, *, strict: bool) -> Any:
    """Read decoded JSON `data` as `tp`: a model class or `list[Model]`, or `dict` or `list`
    (the JSON as it came, of that type)."""
    if getattr(tp, "__origin__", None) is list:  # `typing.get_origin`, on every answer
        (item,) = tp.__args__
        if type(data) is not list:
            raise ParseError("", f"expected a list of {item.__name__} objects, got {_kind(data)}")
        if strict:
            return _validate_all(item, data)
        return _wrap_all(item, data)
    if tp is dict or tp is list:  # `Studio.get(..., cast_to=dict)`: the JSON as it came
        if type(data) is not tp:
            raise ParseError("", f"expected a JSON {_json_kind(tp)}, got {_kind(data)}")
        return data
    if strict:
        return tp.validate(data)
    if type(data) is not dict:
        raise ParseError("", f"expected a {tp.__name__} object, got {_kind(data)}")
    return tp._wrap(data)


def _wrap_all(model: type[Model], data: list[Any]) -> list[Model]:
    """One view per object of `data` (the hot path of every list call: kept tight)."""
    new = object.__new__
    bind = _SET_SRC
    result: list[Model] = []
    append = result.append
    for element in data:
        if type(element) is not dict:
            index = len(result)
            raise ParseError(
                f"[{index}]", f"expected a {model.__name__} object, got {_kind(element)}"
            )
        view = new(model)
        bind(view, element)
        append(view)
    return result


def _validate_all(model: type[Model], data: list[Any]) -> list[Model]:
    validate = model.validate
    result: list[Model] = []
    for element in data:
        try:
            result.append(validate(element))
        except ParseError as error:
            raise error.inside(len(result)) from None
    return result


def _json_kind(tp: type) -> str:
    return "object" if tp is dict else "array"


def _kind(value: Any) -> str:
    return "null" if value is None else type(value).__name__


def is_model(value: object) -> bool:
    """Whether `value` is an instance of a generated model."""
    return isinstance(value, Model)
