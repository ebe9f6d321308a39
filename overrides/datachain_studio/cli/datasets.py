"""`datachain-studio datasets`: list, show, edit and remove datasets; export and download a
version's rows.

A dataset is named in full, `namespace.project.name` (`dev.animals.dogs`), and a version as
`NAME@VERSION` (`dev.animals.dogs@v1.0.0`, or `@1.0.0`), as the official `datachain dataset`
commands name them. A name Studio does not have exits 66.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from datachain_studio_api.models import DatasetVersionStatus

from .._export import DatasetExportError
from ._context import (
    ExitCode,
    Failure,
    OrderedGroup,
    State,
    disk_errors,
    json_option,
    pass_state,
    sigterm_as_interrupt,
    wants_json,
)
from ._output import (
    DASH,
    counted,
    echo,
    format_time,
    print_json,
    print_record,
    print_table,
    value_text,
)

if TYPE_CHECKING:
    from rich.console import RenderableType

    from .._export import DownloadProgress
    from ..types import Dataset, DatasetVersion

_REMOVED = frozenset({DatasetVersionStatus.REMOVING, DatasetVersionStatus.REMOVED})
_TEMPORARY = "ds_query_"
"""Datasets the official client's `dataset ls` leaves out: a query's temporary results."""


@click.group(cls=OrderedGroup, short_help="List, show, edit, remove, export and download.")
def datasets() -> None:
    """The team's datasets: list, show, edit and remove them; export and download a
    version's rows.

    \b
    Examples:
      datachain-studio datasets ls
      datachain-studio datasets info dev.animals.dogs
      datachain-studio datasets edit dev.animals.dogs --description "Dog pictures"
      datachain-studio datasets download dev.animals.dogs@v1.0.0 -o dogs/
    """


@datasets.command("ls")
@click.option(
    "--prefix",
    metavar="TEXT",
    help="Only datasets whose full name starts with TEXT: dev (a namespace), dev.animals. "
    "(a project), dev.animals.do.",
)
@click.option("--include-removed", is_flag=True, help="Also list removed datasets and versions.")
@json_option
@pass_state
def list_datasets(state: State, prefix: str | None, include_removed: bool, as_json: bool) -> None:
    """List the team's datasets, with their latest version.

    A query's temporary datasets (`ds_query_...`) are left out, as `datachain dataset ls`
    leaves them out.
    """
    found = [
        dataset
        for dataset in state.studio.datasets.list(prefix=prefix, include_removed=include_removed)
        if not (isinstance(dataset.name, str) and dataset.name.startswith(_TEMPORARY))
    ]
    if wants_json(state, as_json):
        print_json(found)
        return
    rows = []
    for dataset in found:
        live = [v for v in _versions(dataset) if not _is_removed(v)]
        latest = _latest(live)
        rows.append(
            [
                full_name(dataset),
                f"v{latest.version}" if latest is not None else DASH,
                str(len(live)),
                value_text(latest.num_objects) if latest is not None else DASH,
                format_time(latest.created_at) if latest is not None else DASH,
            ]
        )
    print_table(
        ["NAME", "LATEST", "VERSIONS", "ROWS", "CREATED"],
        rows,
        empty="No datasets." if prefix is None else f"No datasets named {prefix}...",
    )


@datasets.command("info")
@click.argument("name")
@click.option("--include-removed", is_flag=True, help="Also list the removed versions.")
@json_option
@pass_state
def info(state: State, name: str, include_removed: bool, as_json: bool) -> None:
    """Show a dataset (`namespace.project.name`) and its versions."""
    full, _ = named(name, version=False)
    dataset = state.studio.datasets.get(full, include_removed=include_removed)
    if wants_json(state, as_json):
        print_json(dataset)
        return
    versions = _versions(dataset)
    pairs: list[tuple[str, RenderableType]] = [
        ("Name", full_name(dataset)),
        ("Description", value_text(dataset.description)),
        ("Attributes", value_text(dataset.attrs)),
        ("Created", format_time(dataset.created_at)),
        ("Versions", str(len(versions))),
    ]
    print_record(pairs)
    echo()
    print_table(
        ["VERSION", "STATUS", "ROWS", "SIZE", "CREATED", "JOB"],
        (
            [
                f"v{value_text(version.version)}",
                _status(version.status),
                value_text(version.num_objects),
                _size(version.size),
                format_time(version.created_at),
                value_text(version.job_id),
            ]
            for version in versions
        ),
        empty="No versions.",
    )


@datasets.command("edit")
@click.argument("name")
@click.option("--new-name", metavar="NAME", help="Rename the dataset (in its project).")
@click.option("--description", metavar="TEXT", help="The new description ('' clears it).")
@click.option(
    "--attrs",
    multiple=True,
    metavar="ATTR",
    help="An attribute (repeatable: --attrs dogs --attrs size=large); they replace the old ones.",
)
@json_option
@pass_state
def edit(
    state: State,
    name: str,
    new_name: str | None,
    description: str | None,
    attrs: tuple[str, ...],
    as_json: bool,
) -> None:
    """Rename a dataset, or change its description or attributes."""
    full, _ = named(name, version=False)
    if new_name is None and description is None and not attrs:
        raise click.UsageError(
            "edit needs something to change: give --new-name, --description or --attrs"
        )
    state.studio.datasets.update(
        full, new_name=new_name, description=description, attrs=list(attrs) if attrs else None
    )
    renamed = f"{full.rsplit('.', 1)[0]}.{new_name}" if new_name else None
    if wants_json(state, as_json):
        print_json(
            {
                "updated": "dataset",
                "name": full,
                "new_name": renamed,
                "description": description,
                "attrs": list(attrs) if attrs else None,
            }
        )
        return
    echo(f"Updated dataset {full}" + (f" (now {renamed})" if renamed else ""))


@datasets.command("rm")
@click.argument("name", metavar="NAME[@VERSION]")
@click.option("--version", metavar="VERSION", help="The version to remove (or NAME@VERSION).")
@click.option(
    "--force/--no-force",
    default=False,
    help="Remove every version when none is named (Studio refuses that without it).",
)
@json_option
@pass_state
def remove(state: State, name: str, version: str | None, force: bool, as_json: bool) -> None:
    """Remove a version of a dataset, or with --force every version of it.

    Name the version as NAME@VERSION or with --version; with neither, --force removes the
    whole dataset, and without --force Studio refuses (exit 65).
    """
    full, in_name = named(name, version=True)
    if in_name and version and in_name.lstrip("v") != version.lstrip("v"):
        raise click.BadParameter(
            f"{name} names version {in_name}, --version says {version}: give one",
            param_hint="--version",
        )
    chosen = version or in_name
    state.studio.datasets.delete(full, version=chosen, force=force)
    shown = chosen.lstrip("v") if chosen else None
    if wants_json(state, as_json):
        print_json({"removed": "dataset", "name": full, "version": shown})
        return
    echo(f"Removed version {shown} of {full}" if shown else f"Removed dataset {full}")


@datasets.command("export")
@click.argument("name", metavar="NAME@VERSION")
@json_option
@pass_state
def export(state: State, name: str, as_json: bool) -> None:
    """Start an export of a version's rows; print its id and its chunks' signed URLs.

    The URLs answer 404 until their chunk is written; `download` waits for them.
    """
    full, version = named(name, version=True, needed=True)
    started = state.studio.datasets.export(full, version=version)
    if wants_json(state, as_json):
        print_json(started)
        return
    urls = started.signed_urls if isinstance(started.signed_urls, list) else []
    echo(
        f"Export {value_text(started.export_id)} of {name}: {counted(len(urls), 'chunk')}", err=True
    )
    for url in urls:
        click.echo(url)


@datasets.command("download")
@click.argument("name", metavar="NAME@VERSION")
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    metavar="DIR",
    help="The folder to write the chunk files into (made if missing).",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0),
    metavar="SECONDS",
    help="Give up after this long (exit 75); nothing is left behind.",
)
@json_option
@pass_state
def download(state: State, name: str, output: Path, timeout: float | None, as_json: bool) -> None:
    """Export a version and download its chunks into DIR, one file each.

    Files are named `<name>@v<version>_<NNNNN>` with the chunk's own suffix, and hold the
    chunk as Studio sends it: LZ4-compressed Parquet (`.parquet.lz4`). A progress bar goes
    to stderr, the paths written to stdout. On a failure or Ctrl-C nothing is left behind.
    """
    full, version = named(name, version=True, needed=True)
    unwritable = disk_errors(lambda exc: f"Cannot write into {output}: {exc.strerror or exc}")
    with sigterm_as_interrupt(), _Bar(name) as bar, unwritable:
        try:
            paths = state.studio.datasets.download(
                full, version=version, to=output, progress=bar.update, wait_timeout=timeout
            )
        except DatasetExportError as exc:
            raise Failure(str(exc), ExitCode.UNAVAILABLE) from None
    if wants_json(state, as_json):
        print_json(
            {
                "name": full,
                "version": version.strip().lstrip("v") if version else None,
                "export_id": bar.export_id,
                "files": [str(path) for path in paths],
                "bytes": bar.bytes_written,
            }
        )
        return
    for path in paths:
        click.echo(str(path))
    if not paths:
        echo(f"{name} has no rows to download.", err=True)


class _Bar:
    """The download's progress on stderr: chunks done of all, bytes, and what it waits for."""

    def __init__(self, name: str) -> None:
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

        from ._output import err_console

        self.export_id: int | None = None
        self.bytes_written = 0
        self._progress = Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            TextColumn("{task.fields[chunks]}"),
            TextColumn("{task.fields[size]}"),
            TextColumn("{task.fields[note]}"),
            TimeElapsedColumn(),
            console=err_console(),
            transient=False,
        )
        self._task = self._progress.add_task(
            f"Downloading {name}", total=None, chunks="", size="", note="starting the export"
        )
        self._name = name

    def __enter__(self) -> _Bar:
        self._progress.start()
        return self

    def __exit__(self, kind: object, *exc_info: object) -> None:
        if kind is None:
            self._progress.stop()
            return
        # Failed: the error says what happened, in the first line of stderr; the bar goes
        # without a trace (`Progress.stop` would end it with an empty line off a terminal).
        self._progress.update(self._task, visible=False)
        self._progress.live.transient = True
        self._progress.live.stop()

    def update(self, report: DownloadProgress) -> None:
        self.export_id = report.export_id
        self.bytes_written = report.bytes_written
        note = ""
        if report.waiting:
            note = "waiting for Studio"
        export = report.export
        if export is not None and isinstance(export.files_done, int):
            status = value_text(getattr(export.status, "value", export.status))
            note = f"export {export.files_done}/{value_text(export.num_files)} ({status}) {note}"
        done = report.chunks_done == report.chunks_total
        self._progress.update(
            self._task,
            completed=report.chunks_done,
            total=report.chunks_total,
            chunks=f"{report.chunks_done}/{counted(report.chunks_total, 'chunk')}",
            size=_size(report.bytes_written),
            note=note.strip(),
            description=f"{'Downloaded' if done else 'Downloading'} {self._name}",
        )


def named(text: str, *, version: bool, needed: bool = False) -> tuple[str, str | None]:
    """The full name and the version of `NAME[@VERSION]`, as the command line takes them:
    in full (`dev.animals.dogs`, `@user.default.dogs`); a usage error otherwise."""
    stripped = text.strip()
    head, at, after = stripped.rpartition("@")
    base, chosen = (head, after) if at and head and "@" not in after else (stripped, None)
    if base.lstrip("@").count(".") != 2 or not all(base.lstrip("@").split(".")):
        raise click.BadParameter(
            f"{text!r}: give the dataset's full name, namespace.project.name (such as "
            "dev.animals.dogs; see `datachain-studio datasets ls`)",
            param_hint="NAME",
        )
    if chosen is not None and not version:
        raise click.BadParameter(
            f"{text!r}: this command is about the whole dataset, drop '@{chosen}'",
            param_hint="NAME",
        )
    if chosen is None and needed:
        raise click.BadParameter(
            f"{text!r}: name the version, as {base}@v1.0.0 (see `datachain-studio datasets "
            f"info {base}`)",
            param_hint="NAME@VERSION",
        )
    return base, chosen


def full_name(dataset: Dataset) -> str:
    """`namespace.project.name`, from what Studio sent (a part it left out shows as `?`)."""
    project = dataset.project
    namespace = getattr(project, "namespace", None)
    parts = (getattr(namespace, "name", None), getattr(project, "name", None), dataset.name)
    return ".".join(part if isinstance(part, str) and part else "?" for part in parts)


def _versions(dataset: Dataset) -> list[DatasetVersion]:
    versions = dataset.versions
    return [v for v in versions if hasattr(v, "version")] if isinstance(versions, list) else []


def _is_removed(version: DatasetVersion) -> bool:
    return version.status in _REMOVED


def _latest(live: list[DatasetVersion]) -> DatasetVersion | None:
    """The highest of these versions (none of them removed), by MAJOR.MINOR.PATCH."""
    return max(live, key=lambda v: _semver(v.version), default=None)


def _semver(text: object) -> tuple[int, ...]:
    try:
        return tuple(int(part) for part in str(text).split("."))
    except ValueError:
        return ()


def _status(status: Any) -> RenderableType:
    from rich.text import Text

    if isinstance(status, DatasetVersionStatus):
        name = status.name  # a number Studio adds later: its text
    else:
        name = DASH if status is None else str(status)
    style = {"COMPLETE": "green", "FAILED": "bold red", "REMOVED": "yellow"}.get(name, "")
    return Text(name, style=style)


def _size(size: object) -> str:
    if isinstance(size, bool) or not isinstance(size, int):
        return value_text(size)
    from rich.filesize import decimal

    return decimal(size)
