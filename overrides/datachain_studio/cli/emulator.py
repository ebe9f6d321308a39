"""`datachain-studio emulator`: the local Studio (`datachain_studio.testing`) in the foreground.

Its options and their parsing are the local Studio's own (`datachain_studio.testing._command`,
also behind `python -m datachain_studio.testing`): the arguments are handed to it as given.
"""

from __future__ import annotations

import click

from ._context import ExitCode, Failure

PROG = "datachain-studio emulator"


@click.command(
    "emulator",
    short_help="Run a local Studio in the foreground.",
    help="Run a local Studio in the foreground (`datachain-studio emulator --help`).",
    add_help_option=False,
    context_settings={"ignore_unknown_options": True, "help_option_names": []},
)
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def emulator(args: tuple[str, ...]) -> int:
    try:
        from ..testing._command import ExitStatuses, run
    except ImportError:
        raise Failure(
            "The emulator needs the `testing` extra: "
            "pip install 'datachain-studio-client[testing]'",
            ExitCode.CONFIG,
        ) from None
    statuses = ExitStatuses(
        usage=ExitCode.USAGE, unavailable=ExitCode.UNAVAILABLE, broken=ExitCode.INTERNAL
    )
    return run(args, prog=PROG, statuses=statuses)
