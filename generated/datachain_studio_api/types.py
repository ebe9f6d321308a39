"""The runtime of the generated package: request descriptions, models and msgpack bodies.

codegen/generate.py copies this file, unchanged, to `generated/datachain_studio_api/types.py`
(codegen/README.md). Every operation module in `datachain_studio_api.api` has one `request()`
function that returns a `Request`; every model in `datachain_studio_api.models` is a `Model`
(or a `FreeForm`) of this module. It needs only the standard library, plus python-dateutil
for the rare timestamp that `datetime.fromisoformat` cannot read, msgpack for
`msgpack_loads` and msgspec for `read_text` (all imported when first needed; without
msgspec, `read_text` declines and answers are read by `json`).
"""

from __future__ import annotations

import dataclasses
import datetime
import enum
import functools
import json
import uuid
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Required, Self, TypedDict, TypeVar

E = TypeVar("E", bound=enum.Enum)
M = TypeVar("M", bound="Model")

__all__ = ["FreeForm", "Model", "ParseError", "Request", "msgpack_loads", "read_text"]


# ------------------------------------------------------------------------------ requests


@dataclasses.dataclass(frozen=True, slots=True)
class Request:
    """One request of an operation of openapi.yaml, as its `request()` function built it.

    `path` has its path parameters filled in (URL-quoted); `params` holds the query
    parameters as they are sent (a parameter given as `None` is left out, booleans are
    `"true"`/`"false"`, enums, UUIDs and datetimes are text, a list repeats its key).
    `content_type` is the media type of the body, None when there is none: with
    `application/json`, `json` is the body as JSON data; with `multipart/form-data`, the
    sender supplies the body itself. `result` is what a success answer reads as (a model
    class, `list[Model]`, or None when it has no body) and `accept` the answer's media type.
    """

    method: str
    path: str
    params: dict[str, Any] = dataclasses.field(default_factory=dict)
    json: Any = None
    content_type: str | None = None
    result: Any = None
    accept: str = "application/json"


def _query(params: Mapping[str, Any]) -> dict[str, Any]:
    """The query parameters as sent: `None` left out, the rest as `_query_value` gives it
    (text and numbers, most of them, as they are: this runs on every call)."""
    return {
        key: value if type(value) in _AS_IS else _query_value(value)
        for key, value in params.items()
        if value is not None
    }


_AS_IS = (str, int, float)  # `type(True)` is `bool`: booleans go through `_query_value`


def _query_value(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return [_query_value(item) for item in value]
    return _to_json(value)


# --------------------------------------------------------------------------- models
#
# Every generated model is a read-only view over one JSON object (`_data`; kept as its text
# until needed when the model was read from an answer's text by `read_text`).
# Reading the raw body costs one small object per JSON object. The first read of any field
# converts every declared field of that object at once (UUID, datetime, enum, nested model,
# ...) into the model's own `__dict__`, where every later read finds it as a plain attribute:
# the class holds a `_Deferred` per field, which only the first read reaches.
#
# - Loose reading (`from_dict`, the default): a value that does not fit its declared type
#   reads as it came, and never raises. An absent or null field reads `None`.
# - Strict reading (`Model.validate`): every field is checked and converted up front;
#   the first value that does not fit raises `ParseError`, naming where it is.
#
# Models compare by value, pickle, and `to_dict()` gives back the JSON they were read
# from (absent keys stay absent, unknown keys are kept); `to_json()` gives it as text.
# Built with keyword arguments (request bodies), an argument left out or `None` is not
# sent; `with_nulls()` sends the nullable ones left out as `null` instead.


class ParseError(ValueError):
    """A value does not fit the contract (raised by strict validation).

    `where` is the path to the value (`[3].steps[0].status`; empty for the whole body).
    """

    def __init__(self, where: str, problem: str) -> None:
        super().__init__(f"{where or 'body'}: {problem}")
        self.where = where
        self.problem = problem

    def inside(self, key: str | int) -> ParseError:
        """The same error, seen from the object or list that holds the value at `key`."""
        return ParseError(_at(_at("", key), self.where), self.problem)

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.where, self.problem))


class _Mismatch(Exception):
    """Internal: a reader cannot read a value (loose reading then keeps it as it came)."""


def _describe(value: Any) -> str:
    text = repr(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"{type(value).__name__} {text}"


def _at(where: str, key: str | int) -> str:
    """`where` and then `key`: `a.b`, `a[0]`; a key may itself be a path (`b[0].c`)."""
    if isinstance(key, int):
        return f"{where}[{key}]"
    if not key:
        return where
    if not where or key.startswith("["):
        return where + key
    return f"{where}.{key}"


class _Reader:
    """How to read one declared type from decoded JSON."""

    __slots__ = ("expected", "kinds")

    # The JSON types of the values that loose reading may return as something else than
    # what came (any other value reads as it came): e.g. `float` for an integer (4.0 -> 4).
    changes: tuple[type, ...] = ()

    def __init__(self, expected: str, kinds: tuple[type, ...]) -> None:
        self.expected = expected  # for messages: "a UUID"
        self.kinds = kinds  # the JSON types it can read

    def fits(self, value: Any) -> bool:
        return type(value) in self.kinds

    def loose(self, value: Any) -> Any:
        """The converted value; `_Mismatch` when it does not fit."""
        if type(value) in self.kinds:
            return value
        raise _Mismatch

    def strict(self, value: Any) -> Any:
        """The converted value, deeply checked; `ParseError` (its `where` relative to this
        value) when it does not fit."""
        try:
            return self.loose(value)
        except _Mismatch:
            raise ParseError("", f"expected {self.expected}, got {_describe(value)}") from None


class _Int(_Reader):
    __slots__ = ()
    changes = (float,)

    def loose(self, value: Any) -> Any:
        kind = type(value)
        if kind is int:
            return value
        if kind is float and value.is_integer():  # JSON Schema: 4.0 is an integer
            return int(value)
        raise _Mismatch


class _Float(_Reader):
    __slots__ = ()
    changes = (int,)

    def loose(self, value: Any) -> Any:
        kind = type(value)
        if kind is float:
            return value
        if kind is int:
            return float(value)
        raise _Mismatch


class _Text(_Reader):
    """A string converted by `convert` (UUID, date-time, date)."""

    __slots__ = ("convert",)
    changes = (str,)

    def __init__(self, expected: str, convert: Callable[[str], Any]) -> None:
        super().__init__(expected, (str,))
        self.convert = convert

    def loose(self, value: Any) -> Any:
        if type(value) is str:
            try:
                return self.convert(value)
            except (ValueError, OverflowError):
                pass
        raise _Mismatch


def _aware(value: str) -> datetime.datetime:
    """An ISO 8601 timestamp; one without an offset is taken as UTC (Studio writes UTC)."""
    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError:
        from dateutil.parser import isoparse  # rare: forms fromisoformat does not read

        moment = isoparse(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    return moment


_ENUM_OTHERS: dict[tuple[type, str | int], Any] = {}


class _OpenEnumType(enum.EnumType):
    """The metaclass of the contract's open enums: `x in Kind` is True for the known members
    and their values only, the same on every Python (from 3.12 the standard one counts every
    instance of the class, stand-ins included; before, it refused plain strings)."""

    def __contains__(cls, value: object) -> bool:
        if isinstance(value, cls):
            return cls._member_map_.get(value._name_) is value
        try:
            return value in cls._value2member_map_
        except TypeError:  # unhashable
            return False


def _enum_member(kind: type[E], value: str | int) -> E:
    """The member of `kind` for `value`; for a value the enum does not know, a stand-in
    member of the same class (`status in JobStatus` is False for it, `status == value` True).
    A string enum's stand-in is a string, an integer enum's an integer (its name the number's
    text)."""
    try:
        return kind(value)
    except ValueError:
        pass
    key = (kind, value)
    other = _ENUM_OTHERS.get(key)
    if other is None:
        base: Any = int if issubclass(kind, int) else str
        other = base.__new__(kind, value)
        other._name_ = str(value)
        other._value_ = value
        other = _ENUM_OTHERS.setdefault(key, other)
    return other  # type: ignore[no-any-return]


class _Enum(_Reader):
    """A string enum (`StrEnum`) read from a string, or an integer one (`IntEnum`) from an
    integer (`4.0` too, as JSON Schema counts it an integer)."""

    __slots__ = ("changes", "kind", "open")

    def __init__(self, kind: type[enum.Enum], open: bool) -> None:
        names = ", ".join(str(member.value) for member in kind)
        numbers = issubclass(kind, int)
        other = " or another integer" if numbers else " or another string"
        super().__init__(f"one of {names}" + (other if open else ""), (int,) if numbers else (str,))
        self.kind = kind
        self.open = open  # the contract lets Studio add values
        self.changes = (int, float) if numbers else (str,)

    def loose(self, value: Any) -> Any:
        kind = type(value)
        if kind in self.kinds:
            return _enum_member(self.kind, value)
        if kind is float and self.kinds == (int,) and value.is_integer():
            return _enum_member(self.kind, int(value))
        raise _Mismatch

    def strict(self, value: Any) -> Any:
        member = _Reader.strict(self, value)
        if not self.open and member not in self.kind.__members__.values():
            raise ParseError("", f"expected {self.expected}, got {_describe(value)}")
        return member


class _Model(_Reader):
    __slots__ = ("kind",)
    changes = (dict,)

    def __init__(self, kind: type[Model]) -> None:
        super().__init__(f"a {kind.__name__} object", (dict,))
        self.kind = kind

    def loose(self, value: Any) -> Any:
        if type(value) is dict:
            return self.kind._wrap(value)
        raise _Mismatch

    def strict(self, value: Any) -> Any:
        return self.kind.validate(value)


class _Mapping(_Reader):
    """A free-form object: read as a plain `dict` (a copy: the model stays as it was read)."""

    __slots__ = ("values",)
    changes = (dict,)

    def __init__(self, values: _Reader | None) -> None:
        super().__init__("an object", (dict,))
        self.values = values

    def loose(self, value: Any) -> Any:
        if type(value) is dict:
            return dict(value)
        raise _Mismatch

    def strict(self, value: Any) -> Any:
        result = _Reader.strict(self, value)
        if self.values is not None:
            read = self.values.strict
            for key, item in result.items():
                try:
                    result[key] = read(item)
                except ParseError as error:
                    raise error.inside(key) from None
        return result


class _List(_Reader):
    __slots__ = ("item",)
    changes = (list,)

    def __init__(self, item: _Reader) -> None:
        super().__init__(f"a list of {item.expected}", (list,))
        self.item = item

    def loose(self, value: Any) -> Any:
        if type(value) is not list:
            raise _Mismatch
        item = self.item
        result = []
        for element in value:
            try:
                result.append(item.loose(element))
            except _Mismatch:
                result.append(element)
        return result

    def strict(self, value: Any) -> Any:
        if type(value) is not list:
            raise ParseError("", f"expected {self.expected}, got {_describe(value)}")
        read = self.item.strict
        result = []
        for element in value:
            try:
                result.append(read(element))
            except ParseError as error:
                raise error.inside(len(result)) from None
        return result


class _Union(_Reader):
    __slots__ = ("changes", "members")

    def __init__(self, *members: _Reader) -> None:
        kinds = tuple(dict.fromkeys(kind for member in members for kind in member.kinds))
        super().__init__(" or ".join(member.expected for member in members), kinds)
        self.members = members
        self.changes = tuple(dict.fromkeys(kind for member in members for kind in member.changes))

    def loose(self, value: Any) -> Any:
        for member in self.members:
            if member.fits(value):
                try:
                    return member.loose(value)
                except _Mismatch:
                    continue
        raise _Mismatch

    def strict(self, value: Any) -> Any:
        error: ParseError | None = None
        for member in self.members:
            if member.fits(value):
                try:
                    return member.strict(value)
                except ParseError as exc:
                    error = exc
        if error is not None and error.where:
            raise error  # the value fitted a member but something inside it did not
        raise ParseError("", f"expected {self.expected}, got {_describe(value)}")


_STR = _Reader("a string", (str,))
_BOOL = _Reader("a boolean", (bool,))
_INT = _Int("an integer", (int, float))
_FLOAT = _Float("a number", (float, int))
_ANY = _Reader("any value", (type(None), bool, int, float, str, list, dict))
_BYTES = _Reader("bytes", (bytes,))
_UUID = _Text("a UUID", uuid.UUID)
_DATETIME = _Text("an ISO 8601 date-time", _aware)
_DATE = _Text("an ISO 8601 date", datetime.date.fromisoformat)


class _Field:
    """One declared field of a model."""

    __slots__ = ("key", "name", "nullable", "reader", "required")

    def __init__(
        self, key: str, name: str, reader: _Reader, required: bool, nullable: bool
    ) -> None:
        self.key = key  # the JSON key
        self.name = name  # the Python attribute
        self.reader = reader
        self.required = required
        self.nullable = nullable


def _to_json(value: Any) -> Any:
    """`value` as JSON data: models, enums, UUIDs, dates and containers converted."""
    if value is None or type(value) in (str, int, float, bool):
        return value
    if isinstance(value, Model):
        return value.to_dict()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {key: _to_json(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_to_json(item) for item in value]
    return value


def _copy_json(value: Any) -> Any:
    kind = type(value)
    if kind is dict:
        return {key: _copy_json(item) for key, item in value.items()}
    if kind is list:
        return [_copy_json(item) for item in value]
    return value


def _dumps(data: Mapping[str, Any], indent: int | None) -> str:
    """A JSON object as text: compact separators without `indent`, json's with it."""
    separators = (",", ":") if indent is None else None
    return json.dumps(data, indent=indent, separators=separators, ensure_ascii=False)


_ABSENT: Any = object()
_FIELDS: dict[type, dict[str, _Field]] = {}


def _restore(kind: type[M], data: dict[str, Any]) -> M:
    return kind._wrap(data)


class Model:
    """Base of the generated models: a read-only view over one decoded JSON object.

    Fields read `None` when Studio left them out or sent `null`; `model_fields_set` tells
    which fields were sent, `model_extra` holds the keys the contract does not declare, and
    `to_dict()` gives back the JSON as it was read (`to_json()`: as text).
    """

    # `__dict__` holds the fields once one was read (each declared field by its Python name,
    # converted); the class holds a `_Deferred` per field, which only the first read reaches.
    # `_src` is the JSON object: decoded (a dict), or its text as the answer held it (a
    # `msgspec.Raw`, see "reading answers in C" below), decoded when first needed.
    __slots__ = ("__dict__", "_src")
    _src: Any

    @property
    def _data(self) -> Any:
        """The decoded JSON object (typed `Any` so that the generated field declarations can
        read its values as their declared types)."""
        src = self._src
        if type(src) is dict:
            return src
        data = _decode_raw(src)
        _SET_SRC(self, data)
        return data

    @staticmethod
    def _declare() -> tuple[_Field, ...]:
        return ()

    @classmethod
    def _fields(cls) -> dict[str, _Field]:
        """The declared fields by JSON key (built on first use: `_declare` imports lazily)."""
        fields = _FIELDS.get(cls)
        if fields is None:
            fields = _FIELDS[cls] = {field.key: field for field in cls._declare()}
        return fields

    @classmethod
    def _wrap(cls, data: dict[str, Any]) -> Self:
        """A view over `data` (a decoded JSON object, owned by the model from now on)."""
        return _view(cls, data)

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        """Read a decoded JSON object loosely (fields are converted when one is first read)."""
        if not isinstance(src_dict, Mapping):
            raise ParseError("", f"expected a {cls.__name__} object, got {_describe(src_dict)}")
        return cls._wrap(dict(src_dict))

    @classmethod
    def validate(cls, data: Any, *, where: str = "") -> Self:
        """Read a decoded JSON object strictly: every field checked and converted now.

        Raises `ParseError` for a missing required field or a value that does not fit.
        """
        if type(data) is not dict:
            raise ParseError(where, f"expected a {cls.__name__} object, got {_describe(data)}")
        model = cls._wrap(data)
        values: dict[str, Any] = {}
        for key, field in cls._fields().items():
            value = data.get(key, _ABSENT)
            if value is None:
                if not field.nullable:
                    raise ParseError(_at(where, key), f"expected {field.reader.expected}, got null")
            elif value is _ABSENT:
                if field.required:
                    raise ParseError(_at(where, key), "required field is missing")
                value = None
            else:
                try:
                    value = field.reader.strict(value)
                except ParseError as error:
                    raise ParseError(_at(where, _at(key, error.where)), error.problem) from None
            values[field.name] = value
        _SET_DICT(model, values)
        return model

    if not TYPE_CHECKING:  # for the type checkers, the fields are read-only properties

        def __setattr__(self, name: str, value: Any) -> None:
            raise AttributeError(f"{type(self).__name__} is read-only: cannot set {name!r}")

        def __delattr__(self, name: str) -> None:
            raise AttributeError(f"{type(self).__name__} is read-only: cannot delete {name!r}")

    def _joined(self, separator: str, *paths: tuple[str, ...]) -> Any:
        """The texts at `paths` (keys into nested objects) of the JSON read, joined by
        `separator`: what a property the contract derives from fields (`x-derived`) reads.
        None when one of them is missing, empty or not text, as a required field that
        Studio left out reads None."""
        parts = []
        for path in paths:
            value: Any = self._data
            for key in path:
                value = value.get(key) if isinstance(value, Mapping) else None
            if not isinstance(value, str) or not value:
                return None
            parts.append(value)
        return separator.join(parts)

    def to_dict(self) -> dict[str, Any]:
        """The JSON object this model was read from (a deep copy)."""
        return _copy_json(self._data)  # type: ignore[no-any-return]

    def to_json(self, indent: int | None = None) -> str:
        """`to_dict()` as JSON text: compact without `indent`, else indented that much.

        Non-ASCII characters are kept as they are (not escaped), so encode it as UTF-8.
        """
        return _dumps(self._data, indent)

    @classmethod
    def model_json_keys(cls) -> dict[str, str]:
        """The declared fields, in the contract's order: Python attribute -> JSON key."""
        return {field.name: key for key, field in cls._fields().items()}

    @property
    def model_fields_set(self) -> frozenset[str]:
        """The names of the declared fields that are present (even when `null`)."""
        data = self._data
        return frozenset(field.name for key, field in self._fields().items() if key in data)

    @property
    def model_extra(self) -> dict[str, Any]:
        """The keys the contract does not declare, with their JSON values."""
        fields = self._fields()
        return {key: _copy_json(value) for key, value in self._data.items() if key not in fields}

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return bool(self._data == other._data)

    __hash__: ClassVar[None] = None  # type: ignore[assignment]  # compared by value, like a dict

    def __repr__(self) -> str:
        data = self._data
        fields = self._fields()
        parts = [
            f"{field.name}={getattr(self, field.name)!r}"
            for key, field in fields.items()
            if key in data
        ]
        extra = {key: value for key, value in data.items() if key not in fields}
        if extra:
            parts.append(f"model_extra={extra!r}")
        return f"{type(self).__name__}({', '.join(parts)})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (_restore, (type(self), self._data))

    def with_nulls(self) -> Self:
        """A copy that also sends every nullable field left out, as `null`.

        Every request body of the contract gives `null` the meaning of a field left out; this
        is for sending the same JSON as a client that writes every key (the official client
        does, for some bodies).
        """
        data = self._data
        filled: dict[str, Any] = {}
        for key, field in self._fields().items():
            if key in data:
                filled[key] = data[key]
            elif field.nullable:
                filled[key] = None
        filled.update((key, value) for key, value in data.items() if key not in filled)
        return self._wrap(_copy_json(filled))


_new = object.__new__
_SET_SRC: Callable[[Model, Any], None] = Model.__dict__["_src"].__set__
_SET_DICT: Callable[[Model, dict[str, Any]], None] = Model.__dict__["__dict__"].__set__


def _bind(model: Model, data: dict[str, Any]) -> None:
    """Make `data`, a JSON object, the one `model` views (the generated constructors' end)."""
    _SET_SRC(model, data)


def _view(kind: type[M], src: Any) -> M:
    """A model of `kind` over `src`: a decoded JSON object, or its text (a `msgspec.Raw`)."""
    model: M = _new(kind)
    _SET_SRC(model, src)
    return model


class _Deferred:
    """A declared field of a model as its class holds it (the generated classes declare one
    per field, under the field's name).

    Only the first read of a field of a model reaches it: it fills the model's `__dict__` with
    every declared field, converted as loose reading converts it, and later reads of any
    field find the value there (an instance's `__dict__` comes before the class's attribute).
    """

    def __init__(self, doc: str | None = None) -> None:
        self.__doc__ = doc
        self.name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, model: Model | None, owner: type | None = None) -> Any:
        if model is None:
            return self
        return _fill_of(type(model))(model)[self.name]


# --- reading every field of an object at once ------------------------------------------------
#
# A model class's fill is one function, compiled from its declared fields the first time one
# of its models is read (as `dataclasses` compiles an `__init__`): it copies the JSON object
# (or, when it lacks a declared key or has one the contract does not declare, builds the
# fields from it), converts each field whose value may read as something else than it came,
# inline for the common types, and makes the result the model's `__dict__`. What each field
# reads is exactly what its reader's `loose` gives.

_FILLS: dict[type, Callable[[Model], dict[str, Any]]] = {}


def _fill_of(kind: type[Model]) -> Callable[[Model], dict[str, Any]]:
    """The fill of the model class `kind` (compiled on first use)."""
    fill = _FILLS.get(kind)
    if fill is None:
        fill = _FILLS[kind] = _compile_fill(kind)
    return fill


# Recently read UUID texts and their UUIDs: ids repeat across the objects of an answer (a run
# group's, a parent job's). Emptied when full, so it holds at most this many.
_UUIDS: dict[str, uuid.UUID] = {}
_UUIDS_KEPT = 1024
_SET_UUID_INT: Callable[[uuid.UUID, int], None] = uuid.UUID.__dict__["int"].__set__
_SET_UUID_SAFE: Callable[[uuid.UUID, uuid.SafeUUID], None] = uuid.UUID.__dict__["is_safe"].__set__
_SAFE_UNKNOWN = uuid.SafeUUID.unknown  # (an enum member: a lookup through a property each time)
_FROMISOFORMAT = datetime.datetime.fromisoformat


def _loose(reader: _Reader, value: Any) -> Any:
    """`value` read loosely by `reader`: converted, or as it came when it does not fit."""
    try:
        return reader.loose(value)
    except _Mismatch:
        return value


def _uuid(text: str) -> Any:
    """`_loose(_UUID, text)`, without `uuid.UUID`'s parsing of every form it accepts."""
    found = _UUIDS.get(text)
    if found is not None:
        return found
    digits = text.replace("-", "")
    if len(digits) != 32:
        return _loose(_UUID, text)  # braces, `urn:uuid:`, or not a UUID
    try:
        # What `uuid.UUID` does with such a text: a text it would first strip of braces or
        # `urn:uuid:` holds characters that `int` refuses, and takes the way above.
        number = int(digits, 16)
    except ValueError:
        return _loose(_UUID, text)
    made = _new(uuid.UUID)
    _SET_UUID_INT(made, number)
    _SET_UUID_SAFE(made, _SAFE_UNKNOWN)
    if len(_UUIDS) >= _UUIDS_KEPT:
        _UUIDS.clear()
    _UUIDS[text] = made
    return made


def _datetime(text: str) -> Any:
    """`_loose(_DATETIME, text)`, with `datetime.fromisoformat` tried first, inline."""
    try:
        moment = _FROMISOFORMAT(text)
    except (ValueError, OverflowError):
        return _loose(_DATETIME, text)  # python-dateutil reads the rare forms
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    return moment


def _views(kind: type[Model], items: list[Any], texts: bool = False) -> list[Any]:
    """`_List(_Model(kind))`'s loose reading of a list's items (decoded JSON, or with `texts`
    each item's text): a view per object, anything else as it came.

    The views are filled at once: a list of nested objects is read to read their fields."""
    fill = _fill_of(kind)
    result = []
    for item in items:
        if _holds_object(item) if texts else type(item) is dict:
            view = _view(kind, item)
            fill(view)
            result.append(view)
        else:
            result.append(_decode_raw(item) if texts else item)
    return result


def _declared(values: dict[str, Any], keys: frozenset[str]) -> dict[str, Any]:
    """`values` without the keys the contract does not declare."""
    return {key: value for key, value in values.items() if key in keys}


def _compile_fill(kind: type[Model]) -> Callable[[Model], dict[str, Any]]:
    """The fill of the model class `kind` (`_fill_of` keeps it)."""
    fields = kind._fields()
    renames = tuple((key, field.name) for key, field in fields.items() if key != field.name)
    namespace: dict[str, Any] = {
        "SET_DICT": _SET_DICT,
        "declared": _declared,
        "loose": _loose,
        "uuid_": _uuid,
        "datetime_": _datetime,
        "views": _views,
        "template": dict.fromkeys(fields),  # every declared key, None
        "keys": frozenset(fields),
        "fast": _compile_fast(kind),
    }
    # `values`: the JSON object's declared keys, each absent one None, and no other key.
    build = [
        "values = {**template, **data}",
        f"if len(values) != {len(fields)}:",
        "    values = declared(values, keys)",
    ]
    lines = [
        "    data = model._src",
        "    if type(data) is not dict:",
        "        values = fast(data)",
        "        if values is not None:",
        "            SET_DICT(model, values)",
        "            return values",
        "        data = model._data",
    ]
    if renames:  # then the keys are not all the names: build the fields
        lines += [f"    {line}" for line in build]
        lines += [f"    values[{name!r}] = values.pop({key!r})" for key, name in renames]
    else:  # the object as it came when it has exactly the declared keys (as Studio sends)
        lines += [
            f"    if len(data) == {len(fields)} and data.keys() <= keys:",
            "        values = data.copy()",
            "    else:",
            *(f"        {line}" for line in build),
        ]
    for index, field in enumerate(fields.values()):
        reader = field.reader
        if not reader.changes:
            continue  # every value reads as it came
        name = repr(field.name)
        namespace[f"reader{index}"] = reader
        namespace[f"kinds{index}"] = reader.changes
        test = f"type(value) is {reader.changes[0].__name__}"
        if len(reader.changes) > 1:
            test = f"type(value) in kinds{index}"
        if reader is _UUID:
            read = "uuid_(value)"
        elif reader is _DATETIME:
            read = "datetime_(value)"
        elif isinstance(reader, _Enum) and reader.kinds == (str,):
            namespace[f"members{index}"] = reader.kind._value2member_map_
            read = f"members{index}.get(value) or loose(reader{index}, value)"
        elif isinstance(reader, _Mapping):
            read = "value.copy()"
        elif isinstance(reader, _Model):
            namespace[f"model{index}"] = reader.kind
            read = f"model{index}._wrap(value)"
        elif isinstance(reader, _List) and isinstance(reader.item, _Model):
            namespace[f"model{index}"] = reader.item.kind
            read = f"views(model{index}, value)"
        else:
            read = f"loose(reader{index}, value)"
        lines += [
            f"    value = values[{name}]",
            f"    if {test}:",
            f"        values[{name}] = {read}",
        ]
    lines += ["    SET_DICT(model, values)", "    return values"]
    source = "def fill(model):\n" + "\n".join(lines) + "\n"
    exec(compile(source, f"<fill of {kind.__qualname__}>", "exec"), namespace)
    return namespace["fill"]  # type: ignore[no-any-return]


# --- reading answers in C ---------------------------------------------------------------------
#
# With msgspec installed (a dependency of datachain-studio-client; the package works without
# it, only slower), an answer's text is not decoded at the call: `read_text` checks it is
# JSON of the expected shape and keeps a copy of each object's text (a `msgspec.Raw`). The
# first read of a model decodes its text straight into its fields with
# a msgspec decoder compiled for the class: UUIDs, enums, integers, texts and free-form
# objects are made in C; timestamps and dates are read by the same Python as loose reading
# (`datetime.fromisoformat`, python-dateutil for the rare forms), so that they read exactly
# as they always did. When a value does not fit the decoder (drift that loose reading
# forgives, or anything msgspec reads differently from `json`: NaN, huge numbers, deep
# nesting, text that is not UTF-8), that model is decoded by `json` and filled in Python, as
# before: what a model reads never depends on which way it was read (tests/unit/
# test_model_reading.py compares the two on every field type and odd value).
#
# Strict reading does the same at the call, for every model, with decoders that also take
# no null, absent required field or unknown value of a closed enum that `validate` refuses;
# a text one of them declines is decoded by `json` and read by `validate`, which then names
# the misfit (or, for the values msgspec is stricter about, an integer written `4.0`, a value
# an open enum does not know, reads it).
#
# Why msgspec: making the fields of 10,000 jobs in Python costs about twice the whole call
# (UUIDs and dicts, made one at a time), which no arrangement of the Python fill could bring
# down to the reading a program does on the decoded JSON (BENCHMARKS.md, "every field read").


@dataclasses.dataclass(frozen=True, slots=True)
class _InC:
    """msgspec, and the decoders every answer uses (made once by `_in_c`)."""

    msgspec: Any
    fails: tuple[type[BaseException], ...]  # what a decoder raises for text it does not take
    objects: Callable[[str | bytes], list[Any]]  # a JSON array's items, as their texts
    value: Callable[[str | bytes], Any]  # one JSON value, as its text


@functools.cache
def _in_c() -> _InC | None:
    """msgspec's part of reading, made once; None when msgspec is not installed (then
    everything is read by `json` and filled in Python)."""
    try:
        import msgspec
    except ImportError:
        return None
    raw: Any = msgspec.Raw
    return _InC(
        msgspec=msgspec,
        fails=(msgspec.ValidationError, msgspec.DecodeError, RecursionError, UnicodeError),
        objects=msgspec.json.Decoder(list[raw]).decode,
        value=msgspec.json.Decoder(raw).decode,
    )


def _holds_object(raw: Any) -> bool:
    """Whether a value's text (a `msgspec.Raw`, which has no leading space) is an object."""
    return memoryview(raw)[0] == 123  # "{"


def _decode_raw(raw: Any) -> Any:
    """The JSON value of a `msgspec.Raw` (its text, valid JSON: msgspec checked it), decoded
    by `json` as every answer is."""
    text = bytes(raw)
    try:
        return json.loads(text)
    except RecursionError:
        # msgspec took this nesting at the call, as deep in the stack as the call was; `json`
        # may run out of recursion deeper in it (both stop near the recursion limit, less
        # the frames in use). A new thread starts with the whole of it.
        return _in_new_thread(json.loads, text)


def _in_new_thread(function: Callable[[Any], Any], argument: Any) -> Any:
    import threading

    outcome: list[Any] = []

    def run() -> None:
        try:
            outcome.append((True, function(argument)))
        except BaseException as exc:  # handed to the caller's thread
            outcome.append((False, exc))

    thread = threading.Thread(target=run, name="datachain-studio-decode")
    thread.start()
    thread.join()
    done, value = outcome[0]
    if not done:
        raise value
    return value


def read_text(text: str | bytes, kind: Any, *, strict: bool = False) -> Any:
    """An answer's JSON text read as `kind` (a model class, or `list[Model]`), each model
    keeping (a copy of) its object's text: loosely, its fields are made when one is first
    read; `strict`, they are all made and checked now. None when this way cannot read it (no
    msgspec, not JSON msgspec reads, not of that shape, or, strictly, a value that does not
    fit), for the caller to decode the text with `json` and read that (which, strictly, then
    raises the `ParseError` that names the misfit)."""
    c = _in_c()
    if c is None:
        return None
    many = getattr(kind, "__origin__", None) is list
    model = kind.__args__[0] if many else kind
    if not (isinstance(model, type) and issubclass(model, Model)):
        return None
    try:
        found = c.objects(text) if many else (c.value(text),)
    except c.fails:
        return None
    result: list[Model] = []
    append = result.append
    fill = _strict_fill_of(model) if strict else None
    for raw in found:
        if not _holds_object(raw):  # the shape's errors are the json way's to name
            return None
        # Its own copy of its text: a model kept from a long list does not keep the whole
        # answer's text alive (a `Raw` made by decoding is a view of the text it came from).
        own = raw.copy()
        view = _view(model, own)
        if fill is not None:
            values = fill(own)
            if values is None:
                return None
            _SET_DICT(view, values)
        append(view)
    return result if many else result[0]


def _nested(kind: type[Model], raw: Any) -> Any:
    """`_Model(kind)`'s loose reading of a nested value's text."""
    return _view(kind, raw) if _holds_object(raw) else _decode_raw(raw)


def _nested_list(kind: type[Model], raws: list[Any]) -> list[Any]:
    """`_List(_Model(kind))`'s loose reading of the texts of a list's items."""
    return _views(kind, raws, texts=True)


def _msgspec_type(reader: _Reader, msgspec: Any, strict: bool = False) -> Any:
    """The type a msgspec decoder reads a field as, so that what it makes is what loose
    reading makes of a value that fits (and takes no value strict reading refuses); None for
    a reader left to Python (a step of the fill `_compile_fast` writes after the decoder)."""
    if reader is _STR:
        return str
    if reader is _BOOL:
        return bool
    if reader is _INT:
        return int  # strict: 4.0 does not fit, and takes the Python way (which reads 4)
    if reader is _FLOAT:
        return float
    if reader is _ANY:
        return Any
    if reader is _UUID:
        return uuid.UUID  # the 32 or 36 hex digit forms, which uuid.UUID reads the same
    if reader is _DATETIME or reader is _DATE:
        return str  # converted in Python: a step after the decoder
    if isinstance(reader, _Enum):
        return reader.kind  # a value the enum does not know does not fit: Python makes its stand-in
    if isinstance(reader, _Model):
        return msgspec.Raw
    if isinstance(reader, _Mapping):
        if strict and reader.values is not None:  # strict reading checks the values
            values = _msgspec_type(reader.values, msgspec, strict)
            if values is None or not _decoded_whole(reader.values, strict):
                return None
            return dict[str, values]  # type: ignore[valid-type]
        return dict[str, Any]  # loose reading copies the object; this one is already new
    if isinstance(reader, _List):
        if isinstance(reader.item, _Model):
            return list[msgspec.Raw]
        item = _msgspec_type(reader.item, msgspec, strict)
        if item is None or not _decoded_whole(reader.item, strict):
            return None
        return list[item]  # type: ignore[valid-type]
    if (
        isinstance(reader, _Union)
        and _disjoint(reader.members)
        and all(_decoded_whole(member, strict) for member in reader.members)
    ):
        # The JSON type picks the member, in msgspec as in loose reading; a member read as
        # a string in Python (UUID, timestamp) makes msgspec refuse the union (`_readable`).
        members = [_msgspec_type(member, msgspec, strict) for member in reader.members]
        if None in members or len(set(members)) < len(members):
            return None
        union: Any = members[0]
        for member in members[1:]:
            union = union | member
        return union
    return None  # the rest: decoded as they came, read by `_loose`


def _decoded_whole(reader: _Reader, strict: bool = False) -> bool:
    """Whether the decoder makes what `reader` reads with no step after it in Python: not a
    nested model, a timestamp or a date, nor a list of them (nor, strictly, an object of
    them)."""
    if isinstance(reader, _List):
        return _decoded_whole(reader.item, strict)
    if strict and isinstance(reader, _Mapping) and reader.values is not None:
        return _decoded_whole(reader.values, strict)
    return not (isinstance(reader, _Model) or reader is _DATETIME or reader is _DATE)


def _disjoint(members: tuple[_Reader, ...]) -> bool:
    """No two of `members` read the same JSON type (an integer and a number both read 4)."""
    seen: set[type] = set()
    for member in members:
        if seen & set(member.kinds):
            return False
        seen.update(member.kinds)
    return True


def _readable(kind: Any, msgspec: Any) -> bool:
    """Whether msgspec makes a decoder for `kind` (it refuses some unions)."""
    try:
        msgspec.json.Decoder(kind)
    except TypeError:
        return False
    return True


_STRICT_FILLS: dict[type, Callable[[Any], dict[str, Any] | None]] = {}


def _strict_fill_of(kind: type[Model]) -> Callable[[Any], dict[str, Any] | None]:
    """The strict fill of `kind` from a text (compiled on first use; None when it declines)."""
    fill = _STRICT_FILLS.get(kind)
    if fill is None:
        fill = _STRICT_FILLS[kind] = _compile_fast(kind, strict=True)
    return fill


def _strict(reader: _Reader, value: Any) -> Any:
    """`reader`'s strict reading of `value` (ParseError when it does not fit)."""
    return reader.strict(value)


def _nested_strict(kind: type[Model], raw: Any) -> Any:
    """`_Model(kind)`'s strict reading of a nested value's text, filled now."""
    values = _strict_fill_of(kind)(raw) if _holds_object(raw) else None
    if values is None:
        raise ParseError("", "does not fit")  # the json way then names what and where
    view = _view(kind, raw)
    _SET_DICT(view, values)
    return view


def _nested_list_strict(kind: type[Model], raws: list[Any]) -> list[Any]:
    return [_nested_strict(kind, raw) for raw in raws]


def _compile_fast(
    kind: type[Model], strict: bool = False
) -> Callable[[Any], dict[str, Any] | None]:
    """The C way of filling a model of `kind` from its text: its fields as the fill makes
    them (`strict`: as `validate` makes them), or None when a value does not fit (then the
    Python fill reads the decoded JSON; strictly, `validate` names the misfit)."""
    c = _in_c()
    if c is None:
        return lambda raw: None
    msgspec = c.msgspec
    fields = kind._fields()
    types: dict[str, Any] = {}
    namespace: dict[str, Any] = {
        "DECODE": None,
        "FAILS": c.fails,
        "ParseError": ParseError,
        "ABSENT": _ABSENT,
        "template": dict.fromkeys(field.name for field in fields.values()),
        "nested": _nested_strict if strict else _nested,
        "nested_list": _nested_list_strict if strict else _nested_list,
        "convert": _strict if strict else _loose,
        "datetime_": _DATETIME.strict if strict else _datetime,
    }
    lines = [
        "    try:",
        "        values = DECODE(raw)",
        "    except FAILS:",
        "        return None",
    ]
    post: list[str] = []
    for index, (key, field) in enumerate(fields.items()):
        reader = field.reader
        kind_of = _msgspec_type(reader, msgspec, strict)
        name = repr(field.name)
        nullable = field.nullable or not strict
        if kind_of is not None and not _readable(kind_of | None, msgspec):
            kind_of = None
        if kind_of is None:
            kind_of, read = Any, f"convert(reader{index}, value)"
            namespace[f"reader{index}"] = reader
            if not nullable:  # `Any` takes null: strict reading does not
                lines.append(f"    if values.get({key!r}, ABSENT) is None:")
                lines.append("        return None")
        elif reader is _DATETIME:
            read = "datetime_(value)"
        elif reader is _DATE:
            namespace[f"reader{index}"] = reader
            read = f"convert(reader{index}, value)"
        elif isinstance(reader, _Model):
            namespace[f"model{index}"] = reader.kind
            read = f"nested(model{index}, value)"
        elif isinstance(reader, _List) and isinstance(reader.item, _Model):
            namespace[f"model{index}"] = reader.item.kind
            read = f"nested_list(model{index}, value)"
        else:
            read = ""  # made by the decoder
        declared = kind_of | None if nullable else kind_of
        types[key] = Required[declared] if strict and field.required else declared
        if read:
            post += [
                f"    value = values[{name}]",
                "    if value is not None:",
                f"        values[{name}] = {read}",
            ]
    renames = [(key, field.name) for key, field in fields.items() if key != field.name]
    # absent keys read None; the decoder leaves out the keys the contract does not declare
    if renames:
        namespace["NAMES"] = dict(renames)
        renamed = "{NAMES.get(key, key): value for key, value in values.items()}"
        lines.append(f"    values = {{**template, **{renamed}}}")
    else:
        lines += [
            f"    if len(values) != {len(fields)}:",
            "        values = {**template, **values}",
        ]
    if post:
        lines += ["    try:", *(f"    {line}" for line in post)]
        lines += ["    except ParseError:", "        return None"]
    lines += ["    return values"]
    make_typed: Any = TypedDict  # the functional form, with a name made here
    typed = make_typed(f"{kind.__name__}Fields", types, total=False)
    try:
        namespace["DECODE"] = msgspec.json.Decoder(typed, strict=True).decode
    except TypeError:  # a type msgspec cannot read as declared: every model of it by Python
        return lambda raw: None
    source = "def fast(raw):\n" + "\n".join(lines) + "\n"
    title = f"<{'strict ' if strict else ''}fast fill of {kind.__qualname__}>"
    exec(compile(source, title, "exec"), namespace)
    return namespace["fast"]  # type: ignore[no-any-return]


class FreeForm(dict[str, Any]):
    """Base of the generated free-form objects: a plain `dict` of JSON values."""

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        return cls(src_dict)

    @classmethod
    def _wrap(cls, data: dict[str, Any]) -> Self:
        """The free-form object of a decoded JSON object (read as a `Model` is)."""
        return cls(data)

    @classmethod
    def validate(cls, data: Any, *, where: str = "") -> Self:
        """Read a decoded JSON object strictly: `ParseError` unless it is an object."""
        if type(data) is not dict:
            raise ParseError(where, f"expected a {cls.__name__} object, got {_describe(data)}")
        return cls(data)

    def to_dict(self) -> dict[str, Any]:
        return _copy_json(dict(self))  # type: ignore[no-any-return]

    def to_json(self, indent: int | None = None) -> str:
        """`to_dict()` as JSON text, as `Model.to_json` gives it."""
        return _dumps(self, indent)

    @property
    def additional_properties(self) -> dict[str, Any]:
        return self


# --- msgpack bodies ------------------------------------------------------------------------

MSGPACK_DATETIME = 42
"""The msgpack extension type Studio uses for datetimes (the storage listing)."""


def msgpack_loads(content: bytes) -> Any:
    """A msgpack body as the same data JSON would give: maps with text keys, lists, text,
    numbers, and datetimes (extension type 42) as ISO 8601 text with an offset, which the
    models read as aware datetimes.

    Extension type 42 is a big-endian float64 POSIX timestamp followed, in the 12-byte
    form, by a big-endian signed int32 UTC offset in seconds (that time at that offset);
    the 8-byte form has no offset and is read in this machine's local zone, as the
    official client reads it, made aware. Other extension types stay `msgpack.ExtType`.
    Raises ValueError for a body that is not one whole msgpack value or a malformed
    datetime; ImportError when msgpack is not installed.
    """
    try:
        import msgpack  # type: ignore[import-untyped, unused-ignore]
    except ImportError as exc:
        raise ImportError(
            "reading a msgpack answer needs msgpack: "
            "pip install 'datachain-studio-client[storage]'",
            name="msgpack",
        ) from exc
    try:
        return msgpack.unpackb(content, raw=False, ext_hook=_msgpack_ext, strict_map_key=True)
    except ValueError:
        raise
    except Exception as exc:  # msgpack's own errors (ExtraData, FormatError, StackError...)
        raise ValueError(f"not a msgpack value: {exc}") from None


def _msgpack_ext(code: int, data: bytes) -> Any:
    if code != MSGPACK_DATETIME:
        import msgpack

        return msgpack.ExtType(code, data)
    import struct

    try:
        if len(data) == 8:
            (stamp,) = struct.unpack("!d", data)
            moment = datetime.datetime.fromtimestamp(stamp).astimezone()
        elif len(data) == 12:
            stamp, offset = struct.unpack("!dl", data)
            zone = datetime.timezone(datetime.timedelta(seconds=offset))
            moment = datetime.datetime.fromtimestamp(stamp, zone)
        else:
            raise ValueError(f"{len(data)} bytes, expected 8 or 12")
    except (ValueError, OverflowError, OSError) as exc:
        raise ValueError(f"malformed msgpack datetime (extension type 42): {exc}") from None
    return moment.isoformat()
