"""What every command shares: the client, exit codes, `--json`, and option parsers."""

from __future__ import annotations

import datetime as dt
import enum
import re
import signal
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click
import httpx2

from .._exceptions import InvalidRequestError, StudioError
from .._validation import parse_env

if TYPE_CHECKING:
    from .._client import Studio
    from ..types import UploadFileOutput

F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")


class ExitCode(enum.IntEnum):
    """The exit statuses of `datachain-studio` (those from 64 on follow sysexits.h)."""

    OK = 0
    JOB_FAILED = 1
    JOB_CANCELED = 2
    USAGE = 64
    REJECTED = 65
    NOT_FOUND = 66
    UNAVAILABLE = 69
    INTERNAL = 70
    TIMEOUT = 75
    AUTH = 77
    CONFIG = 78
    INTERRUPTED = 130


EXIT_CODES_HELP = """\b
Exit codes:
  0   success (a job or pipeline that was followed ended COMPLETE)
  1   the job (or pipeline) FAILED
  2   the job (or pipeline) was CANCELED
  64  usage error: unknown command or option, bad value
  65  Studio refused the request as invalid (400, 409, 422)
  66  not found (404, or no such name): no such job, pipeline, schedule, group, team
  69  Studio unreachable or failing: network error, timeout, 429, 5xx
  70  internal error (a bug: run again with --debug and report it)
  75  gave up waiting (--timeout)
  77  authentication or permission failure (401, 403)
  78  configuration: no token, no team, bad URL or config file
  130 interrupted (Ctrl-C)"""


def exit_code_for_status(status: object) -> ExitCode:
    """0 for a job or run that completed, 1 if it failed, 2 if it was canceled."""
    value = str(getattr(status, "value", status))
    if value == "FAILED":
        return ExitCode.JOB_FAILED
    if value in ("CANCELED", "CANCELING"):
        return ExitCode.JOB_CANCELED
    return ExitCode.OK


class State:
    """The global options, and the `Studio` client made from them on first use."""

    def __init__(
        self,
        *,
        url: str | None,
        team: str | None,
        json: bool,
        debug: bool,
        allow_insecure: bool = False,
    ) -> None:
        self.url = url
        self.team = team
        self.json = json
        self.debug = debug
        self.allow_insecure = allow_insecure
        self._studio: Studio | None = None
        self._http: httpx2.Client | None = None

    @property
    def studio(self) -> Studio:
        if self._studio is None:
            from .._client import Studio

            self._http = _plain_http_client(self.url)
            self._studio = Studio(
                url=self.url,
                team=self.team,
                http_client=self._http,
                allow_insecure=self.allow_insecure,
            )
        return self._studio

    def close(self) -> None:
        if self._studio is not None:
            self._studio.close()
            self._studio = None
        if self._http is not None:
            self._http.close()
            self._http = None


def _plain_http_client(url: str | None) -> httpx2.Client | None:
    """For a plain `http://` Studio (the local one): an httpx2 client without the CA store.

    Loading the certificates takes a tenth of a second, a good part of a short command's
    time, and such a client never makes a TLS connection: redirects are not followed, and
    any https connection would fail verification (the context trusts no certificate).
    For https:// it returns None and `Studio` makes its usual client.
    """
    import ssl

    from .._config import resolve_settings

    try:
        resolved = resolve_settings(url=url).url
    except StudioError:
        return None  # Studio reports it
    if not resolved.lower().startswith("http://"):
        return None
    return httpx2.Client(verify=ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT))


pass_state = click.make_pass_decorator(State)


def json_option(function: F) -> F:
    """`--json`: print JSON instead of a table (also accepted before the command)."""
    return click.option(
        "--json",
        "as_json",
        is_flag=True,
        help="Print JSON for machines (stable keys, ISO 8601 UTC times) instead of a table.",
    )(function)


def poll_option(default: float) -> Callable[[F], F]:
    """`--poll-interval SECONDS`."""
    return click.option(
        "--poll-interval",
        type=click.FloatRange(min=0.01),
        default=default,
        show_default=True,
        metavar="SECONDS",
        help="How often to ask Studio for news.",
    )


def wants_json(state: State, as_json: bool) -> bool:
    return as_json or state.json


# --- option values --------------------------------------------------------------------------


def parse_env_pairs(values: tuple[str, ...], *, source: str = "--env") -> dict[str, str]:
    """`K=V` texts into a dict; a bad one is a usage error naming it."""
    env: dict[str, str] = {}
    for item in values:
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep or not key or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.-]*", key):
            raise click.BadParameter(f"expected KEY=VALUE, got {item!r}", param_hint=source)
        env[key] = value
    return env


def env_file_values(path: Path) -> dict[str, str]:
    """An `--env-file`, read by the client's one dotenv parser (`_validation.parse_env`)."""
    try:
        return parse_env(_read_text(path, "--env-file"), source=str(path))
    except InvalidRequestError as exc:
        raise click.BadParameter(str(exc), param_hint="--env-file") from None


def read_requirements(path: Path) -> list[str]:
    """A requirements file's lines, without blanks and comments."""
    lines = []
    for line in _read_text(path, "--req-file").splitlines():
        text = line.split(" #", 1)[0].strip()
        if text and not text.startswith("#"):
            lines.append(text)
    return lines


def _read_text(path: Path, hint: str) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise click.BadParameter(f"cannot read {path}: {reason}", param_hint=hint) from None


_RELATIVE = re.compile(r"^(?:in\s+|\+)\s*(\d+(?:\.\d+)?)\s*([a-z]+)$", re.IGNORECASE)
_UNITS = {
    "s": "seconds",
    "sec": "seconds",
    "secs": "seconds",
    "second": "seconds",
    "seconds": "seconds",
    "m": "minutes",
    "min": "minutes",
    "mins": "minutes",
    "minute": "minutes",
    "minutes": "minutes",
    "h": "hours",
    "hour": "hours",
    "hours": "hours",
    "d": "days",
    "day": "days",
    "days": "days",
    "w": "weeks",
    "week": "weeks",
    "weeks": "weeks",
}


def _clock() -> dt.datetime:
    """The time now, in the local zone (what `parse_moment` measures "past" against)."""
    return dt.datetime.now().astimezone()


PAST_GRACE = dt.timedelta(minutes=1)
"""How far in the past a start time may be and still be taken (as good as now)."""


def parse_moment(
    text: str, *, param_hint: str = "--start-time", now: dt.datetime | None = None
) -> dt.datetime:
    """A time to come, aware, from ISO 8601, a date people write (`2030-06-01 9:30`,
    `June 1 9am`, `tomorrow 9:00`), `now`, or `+10m` / `in 2 hours`. Times without a zone
    are local time.

    What leaves out the year (`June 1 9am`) or the day (`9am`, `monday 9am`) is its next
    occurrence after `now` (default: the clock). A time given in full, or named `today`,
    that is more than `PAST_GRACE` in the past is a usage error saying how it was read.
    """
    value = text.strip()
    now = (now or _clock()).astimezone()
    if value.lower() == "now":
        return now
    relative = _RELATIVE.match(value)
    if relative:
        unit = _UNITS.get(relative.group(2).lower())
        if unit is None:
            raise click.BadParameter(f"unknown unit in {text!r}", param_hint=param_hint)
        return now + dt.timedelta(**{unit: float(relative.group(1))})
    day = re.match(r"^(today|tomorrow)\b\s*(?:at\s+)?", value, re.IGNORECASE)
    default = now.replace(hour=0, minute=0, second=0, microsecond=0, tzinfo=None)
    if day:
        if day.group(1).lower() == "tomorrow":
            default += dt.timedelta(days=1)
        value = value[day.end() :].strip() or "00:00"
    moment = _read_moment(value, default)
    if moment is not None and not _is_past(moment, now):
        return moment
    if not day:  # the day was not named: a part left out is its next occurrence
        for later_default in _later_defaults(default):
            later = _read_moment(value, later_default)  # `Feb 29` reads in a leap year only
            if later is not None and not _is_past(later, now):
                return later
    if moment is None:
        raise click.BadParameter(
            f"cannot read {text!r} as a time; try 2030-06-01T09:30:00Z, "
            "'2030-06-01 9:30', 'June 1 9am' or +30m",
            param_hint=param_hint,
        )
    raise click.BadParameter(
        f"{text!r} is in the past: read as {_moment_text(moment)}, and it is now "
        f"{_moment_text(now)}. Give a time to come (with its year: '2030-06-01 9:30').",
        param_hint=param_hint,
    )


def _read_moment(value: str, default: dt.datetime) -> dt.datetime | None:
    """`value` read by dateutil, its missing parts taken from `default`; None if unreadable."""
    from dateutil import parser

    try:
        moment = parser.parse(value, default=default)
    except (ValueError, OverflowError):
        return None
    return moment if moment.tzinfo is not None else moment.astimezone()


def _is_past(moment: dt.datetime, now: dt.datetime) -> bool:
    return moment < now - PAST_GRACE


def _later_defaults(default: dt.datetime) -> Iterator[dt.datetime]:
    """Later days, then later months, then later years to take a moment's missing parts from,
    in order, so the first reading that is not past is the next occurrence."""
    for days in range(1, 8):  # `9am`, `monday 9am`
        yield default + dt.timedelta(days=days)
    first = default.replace(day=1)
    for months in range(1, 12):  # `the 1st 9am`
        year, month = divmod(first.month - 1 + months, 12)
        yield first.replace(year=first.year + year, month=month + 1)
    for years in range(1, 9):  # `June 1 9am`; `Feb 29` needs a leap year
        try:
            later = default.replace(year=default.year + years)
        except ValueError:  # the default is Feb 29 (or past year 9999)
            continue
        yield later


def _moment_text(moment: dt.datetime) -> str:
    zone = moment.tzname() or moment.strftime("%z")
    return f"{moment:%Y-%m-%d %H:%M:%S} {zone}".strip()


def split_pipeline(ref: str) -> tuple[str | None, str | None]:
    """A pipeline given as a name or an id: `(name, None)` or `(None, id)`."""
    try:
        return None, str(uuid.UUID(ref.strip()))
    except ValueError:
        return ref.strip(), None


def is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text.strip())
    except ValueError:
        return False
    return True


# --- long work ------------------------------------------------------------------------------


def upload_files(state: State, paths: tuple[Path, ...]) -> list[UploadFileOutput]:
    """Upload files one after another with a byte progress bar on stderr."""
    if not paths:
        return []
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
        TransferSpeedColumn,
    )

    from ._output import err_console

    uploads = []
    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeRemainingColumn(),
        console=err_console(),
        transient=False,
    ) as progress:
        for path in paths:
            task = progress.add_task(f"Uploading {path.name}", total=path.stat().st_size)

            def report(sent: int, total: int | None, task: Any = task) -> None:
                progress.update(task, completed=sent, total=total)

            uploads.append(state.studio.jobs.upload(path, progress=report))
            progress.update(task, description=f"Uploaded {path.name}")
    return uploads


@contextmanager
def disk_errors(describe: Callable[[OSError], str]) -> Iterator[None]:
    """Report a failure of the local disk inside the block (a full disk, a folder that cannot
    be written) as a usage failure, exit 64, in the words of `describe`.

    The client's own errors go on to the command line's mapping by kind (`_app._describe`),
    although some of them are OSErrors too: `WaitTimeoutError` is a `TimeoutError`, and
    exits 75 as `--timeout` promises.
    """
    try:
        yield
    except StudioError:
        raise
    except OSError as exc:
        raise Failure(describe(exc), ExitCode.USAGE) from None


@contextmanager
def sigterm_as_interrupt() -> Iterator[None]:
    """Treat SIGTERM (what CI sends on cancel) like Ctrl-C while the block runs."""

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, interrupt)
    except ValueError:  # not the main thread
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


class OrderedGroup(click.Group):
    """A group that lists its commands in the order they were added, not alphabetically."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands)


class Failure(click.ClickException):
    """A failure the command line reports in one line, with its own exit code."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.code = exit_code


class NotFound(Failure):
    """Something the command line names that Studio does not have: exit 66, like a 404."""

    def __init__(self, message: str) -> None:
        super().__init__(message, ExitCode.NOT_FOUND)


def find_named(
    items: Iterable[T], name: str, *, kind: str, name_of: Callable[[T], object], listing: str
) -> T:
    """The one of `items` called `name`, for commands that take a name where the API wants
    an id. None of that name: `NotFound` (exit 66) saying where to look; more than one: a
    usage error (exit 64) asking for the id."""
    wanted = name.strip()
    matches = [item for item in items if name_of(item) == wanted]
    if not matches:
        raise NotFound(f"No {kind} named {wanted!r} (see `datachain-studio {listing}`)")
    if len(matches) > 1:
        raise click.UsageError(
            f"{len(matches)} {kind}s are named {wanted!r}: give the id of the one you mean "
            f"(see `datachain-studio {listing}`)"
        )
    return matches[0]
