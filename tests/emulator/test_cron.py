"""The emulator's cron matcher, with a fixed 'now'."""

from __future__ import annotations

import datetime as dt

import pytest

from datachain_studio.testing._cron import CronError, next_run, parse
from tests.emulator.helpers import NOW


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("expression", "after", "expected"),
    [
        ("* * * * *", "2026-05-04 10:07:30", "2026-05-04 10:08"),
        ("* * * * *", "2026-05-04 10:07:00", "2026-05-04 10:08"),  # strictly after
        ("*/15 * * * *", "2026-05-04 10:07:30", "2026-05-04 10:15"),
        ("*/15 * * * *", "2026-05-04 10:45:00", "2026-05-04 11:00"),
        ("0 0 * * *", "2026-05-04 10:07:30", "2026-05-05 00:00"),
        ("0 0 * * *", "2026-12-31 23:59:59", "2027-01-01 00:00"),
        ("30 2 1 JAN *", "2026-05-04 10:07:30", "2027-01-01 02:30"),
        ("0 9 * * MON-FRI", "2026-05-08 09:00:00", "2026-05-11 09:00"),  # Fri -> Mon
        ("0 9 * * 1-5", "2026-05-09 12:00:00", "2026-05-11 09:00"),
        ("0 12 * * 7", "2026-05-04 10:07:30", "2026-05-10 12:00"),  # 7 is Sunday
        ("0 12 * * 0", "2026-05-04 10:07:30", "2026-05-10 12:00"),
        ("5-10/2 * * * *", "2026-05-04 10:07:30", "2026-05-04 10:09"),
        ("5/20 * * * *", "2026-05-04 10:30:00", "2026-05-04 10:45"),  # 5,25,45
        ("0,30 8-9 * * *", "2026-05-04 09:30:00", "2026-05-05 08:00"),
        ("0 0 29 2 *", "2026-05-04 10:07:30", "2028-02-29 00:00"),
        ("0 0 31 * *", "2026-04-15 00:00:00", "2026-05-31 00:00"),
        ("@hourly", "2026-05-04 10:07:30", "2026-05-04 11:00"),
        ("@weekly", "2026-05-04 10:07:30", "2026-05-10 00:00"),
        ("@monthly", "2026-05-04 10:07:30", "2026-06-01 00:00"),
        ("0 0 ? * SUN", "2026-05-04 10:07:30", "2026-05-10 00:00"),
    ],
)
def test_next_run(expression: str, after: str, expected: str) -> None:
    assert next_run(expression, at(after)) == at(expected)


def test_day_of_month_and_day_of_week_are_ored_when_both_are_restricted() -> None:
    # The 13th or any Friday: Friday the 8th comes first.
    assert next_run("0 0 13 * 5", NOW) == at("2026-05-08 00:00")
    # With '*' in one of them the other alone decides (Vixie: a field starting with '*').
    assert next_run("0 0 13 * *", NOW) == at("2026-05-13 00:00")
    assert next_run("0 0 * * 5", NOW) == at("2026-05-08 00:00")
    # `*/10` starts with '*', so day of month and day of week are ANDed: 11 May is a Monday.
    assert next_run("0 0 */10 * 1", NOW) == at("2026-05-11 00:00")


def test_a_time_zone_is_converted_to_utc_and_naive_is_utc() -> None:
    paris = dt.timezone(dt.timedelta(hours=2))
    assert next_run("0 * * * *", dt.datetime(2026, 5, 4, 12, 30, tzinfo=paris)) == at(
        "2026-05-04 11:00"
    )
    assert next_run("0 * * * *", dt.datetime(2026, 5, 4, 10, 30)) == at("2026-05-04 11:00")


def test_an_impossible_date_has_no_next_run() -> None:
    assert next_run("0 0 30 2 *", NOW) is None


def test_parse_gives_the_allowed_values() -> None:
    cron = parse("1,2 3-5 */10 FEB-MAR SAT,SUN")
    assert cron.minutes == {1, 2}
    assert cron.hours == {3, 4, 5}
    assert cron.days == {1, 11, 21, 31}
    assert cron.months == {2, 3}
    assert cron.weekdays == {0, 6}
    assert cron.days_restricted is False
    assert cron.weekdays_restricted is True


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        ("* * * *", "five"),
        ("* * * * * *", "five"),
        ("60 * * * *", "out of range"),
        ("* 24 * * *", "out of range"),
        ("* * 0 * *", "out of range"),
        ("* * * 13 *", "out of range"),
        ("* * * * 8", "out of range"),
        ("*/0 * * * *", "step"),
        ("10-5 * * * *", "backwards"),
        ("a * * * *", "not a valid"),
        ("* * L * *", "L, W and #"),
        ("* * * * MON#2", "L, W and #"),
        ("1,,2 * * * *", "not a valid"),
    ],
)
def test_invalid_expressions_are_refused(expression: str, message: str) -> None:
    with pytest.raises(CronError, match=message):
        parse(expression)
