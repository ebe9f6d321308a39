"""`datachain-studio storage`: list the storages connected to Studio (`datachain ls --studio`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from .._exceptions import BadRequestError, NotFoundError, UnprocessableEntityError
from ._context import ExitCode, OrderedGroup, State, json_option, pass_state, wants_json
from ._output import DASH, echo, format_time, print_json, print_table, to_jsonable

if TYPE_CHECKING:
    from ..types import StorageEntry


@click.group(cls=OrderedGroup)
def storage() -> None:
    """List the storages connected to Studio.

    The files and folders of S3, GCS, Azure... storages, as Studio has indexed them.
    Needs the `storage` extra (Studio answers in msgpack):
    pip install 'datachain-studio-client[storage]'
    """


@storage.command("ls")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option(
    "-l", "--long", "long_form", is_flag=True, help="Show size and modification time too."
)
@json_option
@pass_state
def list_storage(state: State, paths: tuple[str, ...], long_form: bool, as_json: bool) -> int:
    """List the files and folders directly under each PATH (s3://bucket/dir/ ...).

    Folders end in `/`. With several paths, each listing is headed by its path. A path
    that cannot be listed (no such storage or path, or Studio still indexing it) is
    reported on stderr and the others are still listed; the exit code is then that of the
    first failure (66 not found, 69 still indexing, 65 refused). With --json: one list,
    an object per path: {"path", "entries" (null on failure), "error"}.
    """
    from ..resources.storage import IndexingInProgressError

    json_mode = wants_json(state, as_json)
    results: list[dict[str, Any]] = []
    code = ExitCode.OK
    for index, path in enumerate(paths):
        entries: list[StorageEntry] | None = None
        error: str | None = None
        failure = ExitCode.OK
        try:
            entries = state.studio.storage.ls(path)
        except IndexingInProgressError as exc:
            error, failure = exc.message, ExitCode.UNAVAILABLE
        except NotFoundError as exc:
            error, failure = exc.message, ExitCode.NOT_FOUND
        except (BadRequestError, UnprocessableEntityError) as exc:
            error, failure = exc.message, ExitCode.REJECTED
        if code == ExitCode.OK:
            code = failure
        results.append({"path": path, "entries": entries, "error": error})
        if json_mode:
            continue
        if len(paths) > 1:
            echo(("\n" if index else "") + f"{path}:")
        if error is not None:
            echo(f"Error: {path}: {error}", err=True)
            continue
        assert entries is not None
        _show(entries, long_form)
    if json_mode:
        print_json([{**r, "entries": to_jsonable(r["entries"])} for r in results])
    return int(code)


def _name(entry: StorageEntry) -> str:
    name = entry.name if isinstance(entry.name, str) else str(entry.name)
    return name + "/" if entry.dir_type else name


def _show(entries: list[StorageEntry], long_form: bool) -> None:
    if not entries:
        return  # an empty folder: nothing, as `ls` prints
    if not long_form:
        for entry in entries:
            echo(_name(entry))
        return
    print_table(
        ["MODIFIED", "SIZE", "NAME"],
        (
            [
                format_time(entry.last_modified),
                DASH if entry.dir_type or entry.size is None else str(entry.size),
                _name(entry),
            ]
            for entry in entries
        ),
        empty="",
    )
