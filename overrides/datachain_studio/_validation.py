"""Argument checks made before anything is sent.

Each function returns the value in the form the API takes, or raises `InvalidRequestError`
(a `ValueError`) that names the argument and says what is wrong with it.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import uuid
from collections.abc import Iterable, Mapping
from enum import StrEnum
from typing import Any

from ._exceptions import InvalidRequestError

_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_CRON_FIELD = re.compile(r"[0-9A-Za-z*?/,#LW-]+")


IdText = str | uuid.UUID
"""What a UUID id parameter takes: a `uuid.UUID`, or its text in any spelling `uuid.UUID` reads."""


def _kind(value: object) -> str:
    return "None" if value is None else f"{type(value).__name__} {value!r}"


def uuid_id(value: object, name: str) -> uuid.UUID:
    """An id that must be a UUID: a `uuid.UUID`, or text `uuid.UUID` reads (so it can never
    change the request path). None and any other type are refused, never read as "no id"."""
    if isinstance(value, uuid.UUID):
        return value
    if not isinstance(value, str):
        raise InvalidRequestError(f"{name} must be a UUID (str or uuid.UUID), got {_kind(value)}")
    try:
        return uuid.UUID(value.strip())
    except ValueError:
        raise InvalidRequestError(f"{name} must be a UUID, got {value!r}") from None


def optional_uuid_id(value: object, name: str) -> uuid.UUID | None:
    """`uuid_id` for a filter that may be left out (None)."""
    return None if value is None else uuid_id(value, name)


def int_id(value: object, name: str) -> int:
    """An id that must be a whole number: an `int` (not a bool, not text)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidRequestError(f"{name} must be an integer, got {_kind(value)}")
    return value


def text_id(value: object, name: str) -> str:
    """A free-form identifier sent in a body or query: non-empty text (or an int or UUID)."""
    if isinstance(value, uuid.UUID) or (isinstance(value, int) and not isinstance(value, bool)):
        return str(value)
    if not isinstance(value, str) or not value.strip():
        raise InvalidRequestError(f"{name} must be a non-empty string, got {_kind(value)}")
    return value.strip()


def flag(value: object, name: str) -> bool:
    """A flag that must be given: True or False, nothing else."""
    if not isinstance(value, bool):
        raise InvalidRequestError(f"{name} must be True or False, got {value!r}")
    return value


def optional_bool(value: object, name: str) -> bool | None:
    """A flag that may be left out (None): True or False, nothing else."""
    if value is not None and not isinstance(value, bool):
        raise InvalidRequestError(f"{name} must be True or False, got {_kind(value)}")
    return value


def poll_interval(value: object, name: str = "poll_interval") -> float:
    """Seconds between polls: a positive, finite number."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidRequestError(f"{name} must be a number of seconds, got {_kind(value)}")
    if not math.isfinite(value) or value <= 0:
        raise InvalidRequestError(
            f"{name} must be a positive, finite number of seconds, got {value!r}"
        )
    return float(value)


def wait_limit(value: object, name: str = "wait_timeout") -> float | None:
    """Seconds a whole wait may take: None (no limit) or a finite number from 0 up (0: look
    once, and give up if it is not done)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidRequestError(f"{name} must be a number of seconds or None, got {_kind(value)}")
    if not math.isfinite(value) or value < 0:
        raise InvalidRequestError(
            f"{name} must be a finite number of seconds from 0 up, got {value!r}"
        )
    return float(value)


def string_id(value: object, name: str) -> str:
    """An id the contract takes as any string: non-empty text or a `uuid.UUID` (as Studio
    hands ids out). None, numbers and other types are refused."""
    if isinstance(value, uuid.UUID):
        return str(value)
    if not isinstance(value, str) or not value.strip():
        raise InvalidRequestError(
            f"{name} must be a non-empty string or uuid.UUID, got {_kind(value)}"
        )
    return value.strip()


def optional_text(value: object, name: str) -> str | None:
    """Text that may be left out (None); anything but a string is refused."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidRequestError(f"{name} must be a string, got {_kind(value)}")
    return value


def name_or_id(
    name: object, pipeline_id: object, *, name_arg: str = "name"
) -> tuple[str | None, uuid.UUID | None]:
    """Exactly one of a pipeline's name (text) and its `pipeline_id` (a UUID), both checked."""
    one_of(**{name_arg: name, "pipeline_id": pipeline_id})
    if name is not None and not isinstance(name, str):
        hint = ": give an id as pipeline_id=..." if isinstance(name, uuid.UUID) else ""
        raise InvalidRequestError(f"{name_arg} must be a string, got {_kind(name)}{hint}")
    checked = None if name is None else text_id(name, name_arg)
    return checked, optional_uuid_id(pipeline_id, "pipeline_id")


def status_filter(value: object, name: str, *enums: type[StrEnum]) -> str:
    """One status to filter by, as the value Studio takes.

    Takes a member of one of `enums` or a string naming one in any case (`"complete"`,
    `" Complete "` -> `"COMPLETE"`). A stand-in member (a status Studio sent that this
    client does not know yet) is sent as it is: Studio gave it. Anything else is refused,
    naming the valid values, so that a typo cannot quietly filter everything out.
    """
    if isinstance(value, enums):
        return str(value.value)
    if isinstance(value, str):
        wanted = value.strip().upper()
        for enum in enums:
            for member in enum:
                if member.value == wanted:
                    return str(member.value)
    valid = ", ".join(member.value for enum in enums for member in enum)
    raise InvalidRequestError(f"{name} must be one of {valid}; got {_kind(value)}")


def in_range(value: int | None, name: str, low: int, high: int | None = None) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidRequestError(f"{name} must be an integer, got {value!r}")
    if value < low or (high is not None and value > high):
        bounds = f"from {low} to {high}" if high is not None else f"at least {low}"
        raise InvalidRequestError(f"{name} must be {bounds}, got {value}")
    return value


def parse_env(text: str, *, source: str = "environment") -> dict[str, str]:
    """Read environment variables from dotenv-style text: the one parser behind
    `environment="..."` (and a list of lines) in `jobs.create` / `pipelines.update_settings`
    and the CLI's `--env-file`.

    - each line is `KEY=VALUE`; an `export ` in front of the key is allowed;
    - blank lines and lines starting with `#` are skipped (a `#` later in a line is part of
      the value: there are no inline comments);
    - spaces around the key and the value are dropped;
    - a value wrapped in matching single or double quotes loses them (`B='x y'` is `x y`);
      nothing else is interpreted: no escapes, no `${VAR}` expansion, no multi-line values;
    - a later line for the same key wins.

    A line without `=`, or a key that is not a valid variable name, raises
    `InvalidRequestError` naming `source` and the line number.
    """
    if not isinstance(text, str):
        raise InvalidRequestError(f"{source} must be text, got {_kind(text)}")
    env: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.startswith("export ") or stripped.startswith("export\t"):
            stripped = stripped[len("export") :].lstrip()
        key, sep, value = stripped.partition("=")
        key = key.strip()
        if not sep:
            raise InvalidRequestError(f"{source} line {number} is not KEY=VALUE: {stripped!r}")
        if not _ENV_NAME.fullmatch(key):
            raise InvalidRequestError(
                f"{source} line {number}: environment variable name {key!r} is not valid"
            )
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        env[key] = value
    return env


def _env_value(name: str, value: object) -> str:
    """A value of an environment mapping: a string, or an int or float (sent as `str()`)."""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if isinstance(value, float) and not math.isfinite(value):
            raise InvalidRequestError(f"environment variable {name} is {value!r}: not a value")
        return str(value)
    raise InvalidRequestError(
        f"environment variable {name} must be a string (or a number), got {_kind(value)}"
    )


def environment(
    value: Mapping[str, str | int | float] | str | Iterable[str] | None,
) -> str | None:
    """Environment variables as the `NAME=value` lines Studio takes.

    A mapping's keys must be variable names and its values strings; an int or float is
    taken too and sent as `str(value)` (`{"WORKERS": 4}` sends `WORKERS=4`). Anything else
    (bytes, a bool, None, other objects) is refused, naming the key: `str()` would send
    `b'raw'` or `False`. Text, or a list of lines, is read by `parse_env`.
    """
    if value is None:
        return None
    if isinstance(value, Mapping):
        pairs = []
        for key, item in value.items():
            if not isinstance(key, str):
                raise InvalidRequestError(
                    f"environment variable names must be strings, got {_kind(key)}"
                )
            pairs.append((key, _env_value(key, item)))
    elif isinstance(value, str):
        pairs = list(parse_env(value).items())
    elif isinstance(value, bytes) or not isinstance(value, Iterable):
        raise InvalidRequestError(
            f"environment must be a mapping, text or a list of lines, got {_kind(value)}"
        )
    else:
        given_lines = strings(value, "environment")
        if any(len(line.splitlines()) > 1 for line in given_lines):
            raise InvalidRequestError("each entry of environment must be a single line")
        pairs = list(parse_env("\n".join(given_lines)).items())
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


def cron(value: object, name: str = "cron_expression") -> str | None:
    """A five-field cron expression, normalised to single spaces."""
    if value is None:
        return None
    fields = value.split() if isinstance(value, str) else []
    if len(fields) != 5 or not all(_CRON_FIELD.fullmatch(f) for f in fields):
        raise InvalidRequestError(
            f"{name} must have five fields (minute hour day month weekday), got {value!r}"
        )
    return " ".join(fields)


def timestamp(value: dt.datetime | str | None, name: str) -> str | None:
    """An aware date-time, from a `datetime` or ISO 8601 text with a zone, as the RFC 3339
    text Studio takes (the contract also admits an offset-less time, which the official
    client sends; this client asks for a zone rather than guess one)."""
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
    try:
        return parsed.isoformat()
    except (ValueError, OverflowError):  # pragma: no cover - isoformat of a valid datetime
        raise InvalidRequestError(f"{name} is out of range: {value!r}") from None


def file_ids(files: Iterable[Any] | None) -> list[str] | None:
    """Uploaded file ids (or upload results) as the strings Studio takes."""
    if files is None:
        return None
    if isinstance(files, str | bytes) or not isinstance(files, Iterable):
        raise InvalidRequestError("files must be a list of upload ids or upload results")
    ids: list[str] = []
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
