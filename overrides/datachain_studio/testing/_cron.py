"""Five-field cron expressions: parse them and find the next minute they match, in UTC.

Fields: minute (0-59), hour (0-23), day of month (1-31), month (1-12 or JAN-DEC), day of
week (0-7 or SUN-SAT; 0 and 7 are Sunday). Each field is `*`, a value, a range `a-b`, a
step `*/n`, `a-b/n` or `a/n` (from `a` to the end), or a comma-separated list of these; `?`
means `*`. The macros `@yearly`, `@annually`, `@monthly`, `@weekly`, `@daily`, `@midnight`
and `@hourly` are accepted too.

Day of month and day of week follow the Vixie cron rule: when both are restricted (neither
starts with `*`), a day matches if either matches; otherwise both must match.

Quartz extensions (`L`, `W`, `#`) are not supported: `CronError` says so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

__all__ = ["CronError", "CronExpression", "next_run", "parse"]

_MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
_DAYS = ("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT")
_MACROS = {
    "@yearly": "0 0 1 1 *",
    "@annually": "0 0 1 1 *",
    "@monthly": "0 0 1 * *",
    "@weekly": "0 0 * * 0",
    "@daily": "0 0 * * *",
    "@midnight": "0 0 * * *",
    "@hourly": "0 * * * *",
}
_SEARCH_YEARS = 8  # Feb 29 on a given weekday can take this long to come round.


class CronError(ValueError):
    """The text is not a cron expression this module understands."""


@dataclass(frozen=True)
class _Field:
    name: str
    low: int
    high: int
    names: tuple[str, ...] = ()
    names_start: int = 0


_FIELDS = (
    _Field("minute", 0, 59),
    _Field("hour", 0, 23),
    _Field("day of month", 1, 31),
    _Field("month", 1, 12, _MONTHS, 1),
    _Field("day of week", 0, 7, _DAYS, 0),
)


@dataclass(frozen=True)
class CronExpression:
    """A parsed expression: the values each field allows."""

    minutes: frozenset[int]
    hours: frozenset[int]
    days: frozenset[int]
    months: frozenset[int]
    weekdays: frozenset[int]  # 0 = Sunday ... 6 = Saturday
    days_restricted: bool
    weekdays_restricted: bool

    def matches_day(self, day: dt.date) -> bool:
        """Whether the expression allows this date (month, day of month, day of week)."""
        if day.month not in self.months:
            return False
        in_days = day.day in self.days
        in_weekdays = (day.isoweekday() % 7) in self.weekdays
        if self.days_restricted and self.weekdays_restricted:
            return in_days or in_weekdays
        return in_days and in_weekdays

    def matches(self, moment: dt.datetime) -> bool:
        """Whether the expression fires in the minute of `moment`."""
        return (
            moment.minute in self.minutes
            and moment.hour in self.hours
            and self.matches_day(moment.date())
        )


def parse(text: str) -> CronExpression:
    """Parse a five-field expression or a macro; `CronError` says what is wrong."""
    if not isinstance(text, str):
        raise CronError("a cron expression must be text")
    source = _MACROS.get(text.strip().lower(), text)
    parts = source.split()
    if len(parts) != 5:
        raise CronError(
            f"{text!r} has {len(parts)} fields; a cron expression has five "
            "(minute hour day-of-month month day-of-week)"
        )
    values = [_parse_field(part, spec) for part, spec in zip(parts, _FIELDS, strict=True)]
    weekdays = frozenset(day % 7 for day in values[4])
    return CronExpression(
        minutes=values[0],
        hours=values[1],
        days=values[2],
        months=values[3],
        weekdays=weekdays,
        days_restricted=not parts[2].startswith(("*", "?")),
        weekdays_restricted=not parts[4].startswith(("*", "?")),
    )


def next_run(expression: str | CronExpression, after: dt.datetime) -> dt.datetime | None:
    """The first minute strictly after `after` that the expression matches, in UTC.

    A naive `after` is taken as UTC. None when no such minute comes within eight years
    (`0 0 30 2 *`: February has no 30th).
    """
    cron = parse(expression) if isinstance(expression, str) else expression
    if after.tzinfo is None:
        after = after.replace(tzinfo=dt.UTC)
    moment = after.astimezone(dt.UTC).replace(second=0, microsecond=0) + dt.timedelta(minutes=1)
    limit = moment + dt.timedelta(days=366 * _SEARCH_YEARS)
    while moment < limit:
        if not cron.matches_day(moment.date()):
            moment = _next_day(moment)
        elif moment.hour not in cron.hours:
            moment = moment.replace(minute=0) + dt.timedelta(hours=1)
        elif moment.minute not in cron.minutes:
            moment += dt.timedelta(minutes=1)
        else:
            return moment
    return None


def _next_day(moment: dt.datetime) -> dt.datetime:
    return moment.replace(hour=0, minute=0) + dt.timedelta(days=1)


def _parse_field(text: str, spec: _Field) -> frozenset[int]:
    if not text:
        raise CronError(f"the {spec.name} field is empty")
    allowed: set[int] = set()
    for item in text.split(","):
        allowed.update(_parse_item(item, spec))
    return frozenset(allowed)


def _parse_item(item: str, spec: _Field) -> range:
    if any(mark in _without_names(item, spec) for mark in ("L", "W", "#")):
        raise CronError(
            f"{spec.name} {item!r}: the emulator does not support the L, W and # extensions"
        )
    base, slash, step_text = item.partition("/")
    step = 1
    if slash:
        step = _number(step_text, spec, what="step")
        if step < 1:
            raise CronError(f"{spec.name} {item!r}: the step must be at least 1")
    if base in ("*", "?"):
        low, high = spec.low, spec.high
    elif "-" in base:
        start, _, end = base.partition("-")
        low, high = _value(start, spec), _value(end, spec)
        if low > high:
            raise CronError(f"{spec.name} {item!r}: the range runs backwards")
    else:
        low = _value(base, spec)
        high = spec.high if slash else low
    return range(low, high + 1, step)


def _without_names(item: str, spec: _Field) -> str:
    text = item.upper()
    for name in spec.names:
        text = text.replace(name, "")
    return text


def _value(text: str, spec: _Field) -> int:
    upper = text.upper()
    if upper in spec.names:
        return spec.names.index(upper) + spec.names_start
    number = _number(text, spec, what="value")
    if not spec.low <= number <= spec.high:
        raise CronError(f"{spec.name} {text!r} is out of range {spec.low}-{spec.high}")
    return number


def _number(text: str, spec: _Field, *, what: str) -> int:
    if not text.isdigit():
        raise CronError(f"{spec.name}: {text!r} is not a valid {what}")
    return int(text)
