"""Argument checks made before anything is sent.

Each function returns the value in the form the API takes, or raises `InvalidRequestError`
(a `ValueError`) that names the argument and says what is wrong with it.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from ._exceptions import InvalidRequestError

_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_CRON_FIELD = re.compile(r"[0-9A-Za-z*?/,#LW-]+")


def uuid_id(value: object, name: str) -> uuid.UUID:
    """An id that must be a UUID (so it can never change the request path)."""
    if isinstance(value, uuid.UUID):
        return value
    text = str(getattr(value, "id", value)) if not isinstance(value, str) else value
    try:
        return uuid.UUID(text.strip())
    except ValueError:
        raise InvalidRequestError(f"{name} must be a UUID, got {value!r}") from None


def int_id(value: object, name: str) -> int:
    """An id that must be a whole number."""
    if isinstance(value, bool):
        raise InvalidRequestError(f"{name} must be an integer, got {value!r}")
    if isinstance(value, int):
        return value
    if isinstance(value, str) and re.fullmatch(r"\s*-?\d+\s*", value):
        return int(value)
    raise InvalidRequestError(f"{name} must be an integer, got {value!r}")


def text_id(value: object, name: str) -> str:
    """A free-form identifier sent in a body or query: non-empty text (or an int or UUID)."""
    if isinstance(value, uuid.UUID) or (isinstance(value, int) and not isinstance(value, bool)):
        return str(value)
    if not isinstance(value, str) or not value.strip():
        raise InvalidRequestError(f"{name} must be a non-empty string, got {value!r}")
    return value.strip()


def in_range(value: int | None, name: str, low: int, high: int | None = None) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidRequestError(f"{name} must be an integer, got {value!r}")
    if value < low or (high is not None and value > high):
        bounds = f"from {low} to {high}" if high is not None else f"at least {low}"
        raise InvalidRequestError(f"{name} must be {bounds}, got {value}")
    return value


def environment(value: Mapping[str, object] | str | Iterable[str] | None) -> str | None:
    """Environment variables as the `NAME=value` lines Studio takes."""
    if value is None:
        return None
    if isinstance(value, Mapping):
        pairs = [(str(k), "" if v is None else str(v)) for k, v in value.items()]
    else:
        lines = value.splitlines() if isinstance(value, str) else strings(value, "environment")
        pairs = []
        for number, line in enumerate(lines, 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            name, sep, rest = line.partition("=")
            if not sep:
                raise InvalidRequestError(
                    f"environment line {number} is not NAME=value: {line.strip()!r}"
                )
            pairs.append((name.strip(), rest))
    for name, text in pairs:
        if not _ENV_NAME.fullmatch(name):
            raise InvalidRequestError(f"environment variable name {name!r} is not valid")
        if "\n" in text or "\r" in text:
            raise InvalidRequestError(f"environment variable {name} has a line break in its value")
    return "\n".join(f"{name}={text}" for name, text in pairs)


def strings(value: object, name: str) -> list[str]:
    """A list of strings, from any iterable of them (but not a lone string or bytes)."""
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise InvalidRequestError(f"{name} must be a list of strings, got {value!r}")
    items = list(value)
    for item in items:
        if not isinstance(item, str):
            raise InvalidRequestError(f"{name} must hold strings only, got {item!r}")
    return items


def lines(value: str | Iterable[str] | None, name: str) -> str | None:
    """A list of lines (requirements) as newline-joined text."""
    if value is None or isinstance(value, str):
        return value
    items = strings(value, name)
    if any("\n" in item for item in items):
        raise InvalidRequestError(f"each entry of {name} must be a single line")
    return "\n".join(items)


def cron(value: str | None, name: str = "cron_expression") -> str | None:
    """A five-field cron expression, normalised to single spaces."""
    if value is None:
        return None
    fields = value.split() if isinstance(value, str) else []
    if len(fields) != 5 or not all(_CRON_FIELD.fullmatch(f) for f in fields):
        raise InvalidRequestError(
            f"{name} must have five fields (minute hour day month weekday), got {value!r}"
        )
    return " ".join(fields)


def timestamp(value: dt.datetime | str | None, name: str) -> dt.datetime | None:
    """An aware date-time, from a `datetime` or ISO 8601 text with a zone."""
    if value is None:
        return None
    if isinstance(value, str):
        from dateutil.parser import isoparse

        try:
            parsed = isoparse(value.strip())
        except (ValueError, OverflowError):
            raise InvalidRequestError(f"{name} is not an ISO 8601 date-time: {value!r}") from None
    elif isinstance(value, dt.datetime):
        parsed = value
    else:
        raise InvalidRequestError(f"{name} must be a datetime or ISO 8601 text, got {value!r}")
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        raise InvalidRequestError(
            f"{name} has no time zone ({value!r}); give one, e.g. datetime.now(timezone.utc)"
        )
    return parsed


def file_ids(files: Iterable[Any] | None) -> list[str] | None:
    """Uploaded file ids (or upload results) as the strings Studio takes."""
    if files is None:
        return None
    if isinstance(files, str | bytes) or not isinstance(files, Iterable):
        raise InvalidRequestError("files must be a list of upload ids or upload results")
    ids = []
    for item in files:
        value = getattr(item, "id", item)
        if isinstance(value, bool) or not isinstance(value, int | str) or not str(value).strip():
            raise InvalidRequestError(f"files: {item!r} is not an upload id or upload result")
        ids.append(str(value).strip())
    return ids


def exclusive(**values: Any) -> None:
    """At most one of the named arguments is given."""
    given = [name for name, value in values.items() if value is not None]
    if len(given) > 1:
        raise InvalidRequestError(f"{' and '.join(given)} are mutually exclusive: give one")


def one_of(**values: Any) -> None:
    """Exactly one of the named arguments is given."""
    exclusive(**values)
    if all(value is None for value in values.values()):
        raise InvalidRequestError(f"give one of {', '.join(values)}")
