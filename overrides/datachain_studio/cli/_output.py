"""What the command line prints: JSON for machines, tables, records and trees for people.

JSON (`--json`) has stable keys: every field the contract declares, under the API's own
names, `null` when Studio left it out, in nested objects too; fields it sent beyond the
contract are kept (in a list, `null` in the items that lack them, so all items have the same
keys); UUIDs are strings and times ISO 8601 in UTC (`2024-05-01T12:00:00Z`). Tables show
times in the local time zone and durations as `1m 05s`. `rich` is imported on first use, so
`--help` stays fast.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import os
import sys
import uuid
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TextIO

from datachain_studio_api.types import Model

if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from rich.text import Text

__all__ = [
    "DASH",
    "console",
    "duration_between",
    "echo",
    "err_console",
    "format_duration",
    "format_time",
    "print_json",
    "print_record",
    "print_table",
    "show",
    "status_text",
    "status_value",
    "to_jsonable",
    "value_text",
]

DASH = "-"

_STATUS_STYLES: Mapping[str, str] = {
    "COMPLETE": "green",
    "COMPLETED": "green",
    "FINISHED": "green",
    "uploaded": "green",
    "FAILED": "bold red",
    "failed": "bold red",
    "CANCELED": "yellow",
    "CANCELING": "yellow",
    "CANCELING_SCHEDULED": "yellow",
    "PAUSED": "yellow",
    "RUNNING": "cyan",
    "STARTED": "cyan",
    "INIT": "cyan",
    "PROVISIONING": "cyan",
    "ACTIVE": "green",
}

# --- JSON -----------------------------------------------------------------------------------


def to_jsonable(value: Any) -> Any:
    """Plain JSON data for a model, a list of them, or anything they hold.

    Never fails on what a loosely parsed model may hold: a value it does not know is
    returned as it is (and `print_json` writes it as text).
    """
    if isinstance(value, Model):
        return _model(value)
    if isinstance(value, enum.Enum):
        return to_jsonable(value.value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, dt.datetime):
        return _iso(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = list(value)
        return _same_keys(items, [to_jsonable(v) for v in items])
    return value


def _model(value: Model) -> dict[str, Any]:
    """Every declared field (`null` when absent), then the keys beyond the contract."""
    out = {key: to_jsonable(getattr(value, name)) for name, key in value.model_json_keys().items()}
    for key, item in value.model_extra.items():
        out.setdefault(key, to_jsonable(item))
    return out


def _same_keys(items: list[Any], converted: list[Any]) -> list[Any]:
    """A list's models of one kind all get the same keys: a key beyond the contract that
    some of them have is `null` in the others (declared fields are in all of them already)."""
    keys: dict[type, dict[str, None]] = {}
    for item, out in zip(items, converted, strict=True):
        if isinstance(item, Model) and isinstance(out, dict):
            keys.setdefault(type(item), {}).update(dict.fromkeys(out))
    if not keys:
        return converted
    result = []
    for item, out in zip(items, converted, strict=True):
        known = keys.get(type(item)) if isinstance(item, Model) else None
        if known is not None and isinstance(out, dict) and len(out) < len(known):
            out = {key: out.get(key) for key in known}
        result.append(out)
    return result


def _iso(moment: dt.datetime) -> str:
    if moment.tzinfo is None or moment.utcoffset() is None:
        return moment.isoformat()
    return moment.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def print_json(value: Any, *, file: TextIO | None = None) -> None:
    """Write `value` as indented JSON (one document) to stdout."""
    text = json.dumps(to_jsonable(value), indent=2, ensure_ascii=False, default=str)
    out = file or sys.stdout
    out.write(text + "\n")
    out.flush()


def print_json_line(value: Any) -> None:
    """Write `value` as compact JSON on one line of stdout (JSON Lines), flushed at once."""
    text = json.dumps(to_jsonable(value), ensure_ascii=False, default=str)
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


# --- consoles -------------------------------------------------------------------------------

_consoles: dict[str, Console] = {}


def _make_console(stderr: bool) -> Console:
    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    width: int | None = None
    if not stream.isatty() and not os.environ.get("COLUMNS"):
        width = 200  # piped: do not squeeze tables into 80 columns
    return Console(stderr=stderr, highlight=False, soft_wrap=False, width=width)


def console() -> Console:
    """The console for results (stdout)."""
    if "out" not in _consoles:
        _consoles["out"] = _make_console(stderr=False)
    return _consoles["out"]


def err_console() -> Console:
    """The console for progress, notes and errors (stderr)."""
    if "err" not in _consoles:
        _consoles["err"] = _make_console(stderr=True)
    return _consoles["err"]


def show(renderable: RenderableType) -> None:
    """Print a table, record or tree to stdout; piped, without the padding at line ends."""
    out = console()
    if out.is_terminal:
        out.print(renderable)
        return
    with out.capture() as captured:
        out.print(renderable)
    text = "\n".join(line.rstrip() for line in captured.get().splitlines())
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def echo(message: str = "", *, err: bool = False, style: str | None = None) -> None:
    """Print one line of text (no markup) to stdout or stderr."""
    target = err_console() if err else console()
    target.print(message, style=style, markup=False, highlight=False, soft_wrap=True)


# --- values ---------------------------------------------------------------------------------


def status_value(status: Any) -> str:
    """A status as text: `COMPLETE` for `JobStatus.COMPLETE` or for `"COMPLETE"`."""
    if status is None:
        return DASH
    return str(getattr(status, "value", status))


def status_text(status: Any) -> Text:
    """A status, coloured by what it means (on a terminal)."""
    from rich.text import Text

    value = status_value(status)
    return Text(value, style=_STATUS_STYLES.get(value, ""))


def format_time(moment: Any) -> str:
    """A time in the local zone, `2024-05-01 14:03:22`; `-` when there is none."""
    if not isinstance(moment, dt.datetime):
        return DASH if moment is None else str(moment)
    aware: dt.datetime = moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    return aware.astimezone().strftime("%Y-%m-%d %H:%M:%S")


def format_duration(seconds: float | None) -> str:
    """`0.4s`, `12s`, `3m 05s`, `2h 03m`, `3d 04h`; `-` for None."""
    if seconds is None:
        return DASH
    seconds = max(seconds, 0.0)
    if seconds < 10:
        return f"{seconds:.1f}s"
    whole = int(seconds)
    if whole < 60:
        return f"{whole}s"
    minutes, secs = divmod(whole, 60)
    if minutes < 60:
        return f"{minutes}m {secs:02d}s"
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return f"{hours}h {minutes:02d}m"
    days, hours = divmod(hours, 24)
    return f"{days}d {hours:02d}h"


def duration_between(start: Any, end: Any, *, running: bool = False) -> float | None:
    """Seconds from `start` to `end` (to now when `running` and there is no end)."""
    if not isinstance(start, dt.datetime):
        return None
    if not isinstance(end, dt.datetime):
        if not running:
            return None
        end = dt.datetime.now(dt.UTC)
    begin: dt.datetime = start if start.tzinfo else start.replace(tzinfo=dt.UTC)
    until: dt.datetime = end if end.tzinfo else end.replace(tzinfo=dt.UTC)
    return float((until - begin).total_seconds())


def counted(number: int, noun: str) -> str:
    """`1 chunk`, `2 chunks`: a number and its noun, plural unless the number is 1."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def value_text(value: Any) -> str:
    """Any field value as short text for a table cell."""
    if value is None:
        return DASH
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.datetime):
        return format_time(value)
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, Model):
        return json.dumps(to_jsonable(value), ensure_ascii=False, default=str)
    if isinstance(value, Mapping):
        return ", ".join(f"{k}={v}" for k, v in value.items()) or DASH
    if isinstance(value, list | tuple):
        return ", ".join(value_text(v) for v in value) or DASH
    text = str(value)
    return text if text else DASH


# --- tables and records ---------------------------------------------------------------------


def print_table(
    columns: Sequence[str],
    rows: Iterable[Sequence[RenderableType]],
    *,
    empty: str,
    title: str | None = None,
) -> None:
    """A table with a header row; `empty` is printed instead when there are no rows."""
    from rich import box
    from rich.table import Table

    table = Table(
        box=box.SIMPLE_HEAD, title=title, title_justify="left", pad_edge=False, show_edge=False
    )
    for name in columns:
        table.add_column(name, overflow="fold")
    count = 0
    for row in rows:
        table.add_row(*row)
        count += 1
    if count == 0:
        echo(empty)
        return
    show(table)


def print_record(pairs: Iterable[tuple[str, RenderableType]], *, title: str | None = None) -> None:
    """`name  value` lines for one object; values that are `-` are still shown."""
    from rich.table import Table

    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    for name, value in pairs:
        grid.add_row(name, value)
    if title:
        console().print(title, style="bold", markup=False, highlight=False)
    show(grid)
