"""Time in the emulator: reading the datetimes clients send, cron schedules, safe arithmetic.

Cron expressions are evaluated by `cronsim` (a well-kept library) rather than by a matcher
of our own. Why cronsim and not croniter:
- Studio takes five-field expressions (minute hour day-of-month month day-of-week) and the
  macros `@yearly`, `@annually`, `@monthly`, `@weekly`, `@daily`, `@midnight`, `@hourly`
  (the official client's docs, `docs/commands/job/run.md`). cronsim evaluates exactly
  Debian cron's five fields (it also takes a sixth, seconds, field, which is refused here
  before it gets there); croniter also takes seconds and years fields and more dialects,
  more than Studio is known to accept.
- cronsim is small, typed (`py.typed`), has no dependencies, is BSD-licensed, and is kept
  up by the Healthchecks.io author, who runs it in production (2.x releases through 2026);
  croniter pulls in python-dateutil and its maintenance has changed hands (it was declared
  end-of-life by its author in 2024 before being taken over).
- cronsim follows Debian cron's day-of-month / day-of-week rule (OR when both are
  restricted) and refuses impossible days (`0 0 30 2 *`) when parsing.
Assumed (not documented for Studio): schedules are evaluated in UTC, `?` means `*`, and the
Quartz extensions `L`, `W` and `#` (which cronsim would take) are refused, as Studio is only
documented to take plain five-field expressions: a client tested here should not lean on them.
"""

from __future__ import annotations

import datetime as dt
import re

from cronsim import CronSim, CronSimError

__all__ = ["TimeError", "add", "check_cron", "next_run", "normalize_cron", "parse_time"]

_MACROS = {
    "@yearly": "0 0 1 1 *",
    "@annually": "0 0 1 1 *",
    "@monthly": "0 0 1 * *",
    "@weekly": "0 0 * * 0",
    "@daily": "0 0 * * *",
    "@midnight": "0 0 * * *",
    "@hourly": "0 * * * *",
}
_MAX_CRON = 256
# Times from here on are refused: the emulator plans steps and runs after a time, and Python's
# datetimes end with year 9999 (assumed: Studio is not known to take them either; its
# database could, but nothing it does with a job or schedule there would ever happen).
LATEST = dt.datetime(9999, 1, 1, tzinfo=dt.UTC)
_FIELD = re.compile(r"[0-9A-Za-z*?/,\-]+", re.ASCII)
_EXTENSIONS = re.compile(r"[LW#]")  # what is left of a field once month and day names are out
_NAMES = re.compile(r"JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC|SUN|MON|TUE|WED|THU|FRI|SAT")


class TimeError(ValueError):
    """A datetime or cron expression the emulator cannot take; the text says why."""


def normalize_cron(expression: str) -> str:
    """The expression with its whitespace collapsed (as stored and sent back)."""
    return " ".join(expression.split())


def _fields(expression: str) -> str:
    if not isinstance(expression, str):
        raise TimeError("a cron expression must be text")
    if len(expression) > _MAX_CRON:
        raise TimeError(f"a cron expression has at most {_MAX_CRON} characters")
    text = normalize_cron(expression)
    text = _MACROS.get(text.lower(), text)
    parts = text.split(" ") if text else []
    if len(parts) != 5:
        raise TimeError(
            f"{expression!r} has {len(parts)} fields; a cron expression has five "
            "(minute hour day-of-month month day-of-week)"
        )
    for part in parts:
        if _EXTENSIONS.search(_NAMES.sub("", part.upper())):
            raise TimeError(f"{part!r}: the emulator does not support the L, W and # extensions")
        if not _FIELD.fullmatch(part):
            raise TimeError(f"{part!r} is not a valid cron field")
    return text.replace("?", "*")


def check_cron(expression: str) -> str:
    """The five-field form of `expression` (macros expanded); `TimeError` if it is not one."""
    text = _fields(expression)
    try:
        CronSim(text, dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
    except CronSimError as exc:
        raise TimeError(
            f"{expression!r}: {exc} (a value out of range, a step of 0, a range that runs "
            "backwards or an impossible date)"
        ) from None
    except (ValueError, OverflowError, IndexError, KeyError) as exc:  # defensive: odd input
        raise TimeError(f"{expression!r} is not a cron expression ({exc})") from None
    return text


def next_run(expression: str, after: dt.datetime) -> dt.datetime | None:
    """The first minute strictly after `after` that the expression matches, in UTC.

    None when there is none before the end of time (year 9999) or within 50 years (cronsim's
    horizon). A naive `after` is taken as UTC.
    """
    text = check_cron(expression)
    if after.tzinfo is None:
        after = after.replace(tzinfo=dt.UTC)
    try:
        start = after.astimezone(dt.UTC).replace(second=0, microsecond=0)
        return next(iter(CronSim(text, start)))
    except (StopIteration, OverflowError, ValueError):
        return None


def parse_time(text: str) -> dt.datetime:
    """An ISO 8601 datetime as aware UTC; `TimeError` when it is not one, or not before
    `LATEST` once in UTC.

    A naive time (no offset) is taken as UTC. The official CLI sends one for a `--start-time`
    typed without a zone (`2030-01-15T14:30:00`; official-client-beyond-reference.md, 11),
    and the contract's `StartTime` takes it. Assumed: which zone Studio reads it in is not
    known (the CLI's own naive value is the user's local time); UTC is the only choice that
    does not depend on the machine the emulator runs on.
    """
    try:
        moment = dt.datetime.fromisoformat(text.strip().upper().replace("Z", "+00:00"))
    except (ValueError, TypeError, AttributeError):
        raise TimeError(f"{text!r} is not an ISO 8601 datetime") from None
    try:
        moment = moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment
        moment = moment.astimezone(dt.UTC)
    except (OverflowError, ValueError):
        raise TimeError(f"{text!r} is before 0001-01-01T00:00:00Z, out of range") from None
    if moment >= LATEST:
        raise TimeError(f"{text!r} is out of range: times must come before {LATEST:%Y-%m-%d}")
    return moment


def add(moment: dt.datetime, delta: dt.timedelta) -> dt.datetime | None:
    """`moment + delta`, or None past the end of time."""
    try:
        return moment + delta
    except OverflowError:
        return None
