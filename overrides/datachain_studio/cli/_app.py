"""The root command `datachain-studio`: global options, the command groups, errors, exit codes.

Errors are one line on stderr (`Error: ...`) and an exit code by kind (see `EXIT_CODES_HELP`);
`--debug` adds the request log and the traceback. The token never reaches the output: the
client keeps it out of errors and logs, and everything `--debug` writes is masked again
(by the rule of `datachain_studio._secrets`).
"""

from __future__ import annotations

import importlib
import logging
import os
import sys
import traceback
from collections.abc import Sequence

import click

from .._config import AUTH_COMMAND, auth_command
from .._exceptions import (
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    AuthenticationError,
    BadRequestError,
    ConfigurationError,
    ConflictError,
    InvalidRequestError,
    NotFoundError,
    PermissionDeniedError,
    StudioError,
    UnprocessableEntityError,
    WaitTimeoutError,
)
from .._secrets import MaskingFilter, mask_secrets
from .._version import __version__
from ._context import EXIT_CODES_HELP, ExitCode, Failure, OrderedGroup, State

PROG = "datachain-studio"
ALLOW_INSECURE_ENV = "DATACHAIN_STUDIO_ALLOW_INSECURE"

_HELP = """Work with DataChain Studio from a shell: run jobs and follow their logs, steer
pipelines and their schedules, list clusters, manage access groups and rules, list, edit,
export and download datasets, list storages, sign in and out.

The token, URL and team are found as the `datachain` CLI finds them: the environment
(DATACHAIN_STUDIO_TOKEN, DATACHAIN_STUDIO_URL, DATACHAIN_STUDIO_TEAM), then the [studio]
table of the datachain config files (`datachain auth login` writes it). --url and --team
override them. The token is never taken on the command line, and never sent over plain
http:// to anything but this machine unless you pass --allow-insecure (or set
DATACHAIN_STUDIO_ALLOW_INSECURE=1), for a Studio on a network you trust.

Every listing and show command prints a table for people, or JSON with --json
(`jobs logs -f --json`: JSON Lines, one object a line).
"""

_EPILOG = (
    """\b
Examples:
  datachain-studio jobs run train.py --env MODE=fast --files data.csv
  datachain-studio jobs ls --status RUNNING
  datachain-studio pipelines status keen-otter --wait
  datachain-studio --json jobs ls | jq '.[0].id'

"""
    + EXIT_CODES_HELP
)


_SUBCOMMANDS = {
    "jobs": ("jobs", "jobs"),
    "clusters": ("clusters", "clusters"),
    "pipelines": ("pipelines", "pipelines"),
    "schedules": ("schedules", "schedules"),
    "groups": ("access", "groups"),
    "rules": ("access", "rules"),
    "datasets": ("datasets", "datasets"),
    "storage": ("storage", "storage"),
    "auth": ("auth", "auth"),
    "emulator": ("emulator", "emulator"),
}


class _LazyGroup(OrderedGroup):
    """Imports a command group's module only when that group is used (a faster start)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(_SUBCOMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in _SUBCOMMANDS:
            return None
        module, name = _SUBCOMMANDS[cmd_name]
        command = getattr(importlib.import_module(f".{module}", __package__), name)
        assert isinstance(command, click.Command)
        return command


@click.group(
    cls=_LazyGroup,
    help=_HELP,
    epilog=_EPILOG,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.option(
    "--team",
    metavar="TEAM",
    help="The team to act for (default: DATACHAIN_STUDIO_TEAM or the config's studio.team).",
)
@click.option(
    "--url",
    metavar="URL",
    help="The Studio server (default: DATACHAIN_STUDIO_URL, the config, or "
    "https://studio.datachain.ai).",
)
@click.option(
    "--allow-insecure",
    is_flag=True,
    envvar=ALLOW_INSECURE_ENV,
    show_envvar=True,
    help="Allow a plain http:// URL that is not this machine (a Studio on a private network "
    "you trust): the token then crosses the network unencrypted.",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of tables, everywhere.")
@click.option(
    "--debug",
    is_flag=True,
    help="Log every request to stderr and show tracebacks (the token is never shown).",
)
@click.version_option(
    __version__, "--version", "-V", prog_name=PROG, message="%(prog)s %(version)s"
)
@click.pass_context
def cli(
    ctx: click.Context,
    team: str | None,
    url: str | None,
    allow_insecure: bool,
    as_json: bool,
    debug: bool,
) -> None:
    state = State(url=url, team=team, json=as_json, debug=debug, allow_insecure=allow_insecure)
    ctx.obj = state
    ctx.call_on_close(state.close)
    if debug:
        _RUN.debug = True
        _enable_debug_log()


# --- running, errors and exit codes ---------------------------------------------------------


class _Run:
    debug = False


_RUN = _Run()


def main(argv: Sequence[str] | None = None) -> None:
    """The console script: run the command line and exit with its status."""
    status = run(argv)
    _forget_caught_interrupts()
    sys.exit(status)


def _forget_caught_interrupts() -> None:
    """Keep the exit status of a command that took Ctrl-C and went on (130, or the job's).

    CPython marks a KeyboardInterrupt as unhandled when it ends code run from a string
    (`exec("...")`: dataclasses and namedtuples are made that way, so a lazy import such as
    wsproto's runs some), even when a caller catches it later; under `python -m` the
    interpreter then ends itself with SIGINT instead of the status given to `sys.exit`
    (seen as -2 on 3.12 and 3.13 in CI, 3 runs in 60 in a loop). A string run afterwards
    clears that mark on the CPython versions tested here (3.11.7, 3.12.1, 3.13.0);
    `tests/cli/test_jobs.py` checks the statuses.
    """
    exec("pass", {})  # a constant string: clears the mark (see above)


def run(argv: Sequence[str] | None = None) -> int:
    """Run the command line with `argv` (default: `sys.argv[1:]`); return the exit status."""
    _RUN.debug = "--debug" in (sys.argv[1:] if argv is None else argv)
    args = None if argv is None else list(argv)
    named = AUTH_COMMAND.set(f"{PROG} auth")  # the client's hints name this command line
    try:
        return _run(args)
    finally:
        AUTH_COMMAND.reset(named)


def _run(args: list[str] | None) -> int:
    try:
        result = cli.main(args=args, prog_name=PROG, standalone_mode=False)
    except click.exceptions.Exit as exc:  # --help, --version
        return int(exc.exit_code)
    except click.Abort:  # Ctrl-C (click turns KeyboardInterrupt into Abort)
        _error("Interrupted.")
        return ExitCode.INTERRUPTED
    except click.UsageError as exc:
        exc.show()
        return ExitCode.USAGE
    except click.ClickException as exc:
        exc.show()
        return exc.code if isinstance(exc, Failure) else ExitCode.USAGE
    except StudioError as exc:
        code, message = _describe(exc)
        _debug_traceback()
        _error(message)
        return code
    except KeyboardInterrupt:
        _error("Interrupted.")
        return ExitCode.INTERRUPTED
    except BrokenPipeError:  # `datachain-studio jobs ls | head`
        _silence_stdout()
        return ExitCode.OK
    except Exception as exc:
        _debug_traceback()
        hint = "" if _RUN.debug else " (run again with --debug for the traceback)"
        _error(f"Unexpected error: {type(exc).__name__}: {exc}{hint}")
        return ExitCode.INTERNAL
    return int(result) if isinstance(result, int) else ExitCode.OK


def _describe(exc: StudioError) -> tuple[ExitCode, str]:
    """The exit code for an error, and its one line of text."""
    text = str(exc)
    if isinstance(exc, ConfigurationError):
        return ExitCode.CONFIG, _for_the_command_line(text)
    if isinstance(exc, InvalidRequestError):
        return ExitCode.USAGE, text
    if isinstance(exc, WaitTimeoutError):
        return ExitCode.TIMEOUT, text
    if isinstance(exc, AuthenticationError):
        return ExitCode.AUTH, (
            f"{text}. Check DATACHAIN_STUDIO_TOKEN, or run {auth_command('login')}."
        )
    if isinstance(exc, PermissionDeniedError):
        return ExitCode.AUTH, text
    if isinstance(exc, NotFoundError):
        return ExitCode.NOT_FOUND, text
    if isinstance(exc, BadRequestError | ConflictError | UnprocessableEntityError):
        return ExitCode.REJECTED, text
    if isinstance(exc, APIStatusError | APIConnectionError | APIResponseValidationError):
        return ExitCode.UNAVAILABLE, text
    return ExitCode.INTERNAL, text


_ARGUMENT_HINTS = (
    ("Looked at the token= argument, the environment variable", "Looked at"),
    ("Looked at the team= argument, the environment variable", "Looked at --team,"),
    (", or pass token=... to the client", ""),
    ("or pass team=... to the client", "or pass --team TEAM"),
    ("pass team=...,", "pass --team TEAM,"),
    (
        "pass allow_insecure=True",
        f"pass --allow-insecure (or set {ALLOW_INSECURE_ENV}=1)",
    ),
)


def _for_the_command_line(text: str) -> str:
    """The client's configuration hints, with the command line's options for its arguments."""
    for old, new in _ARGUMENT_HINTS:
        text = text.replace(old, new)
    return text


def _error(message: str) -> None:
    line = " ".join(_redact(message).split())
    click.echo(f"Error: {line}", err=True)


def _debug_traceback() -> None:
    if _RUN.debug:
        click.echo(_redact(traceback.format_exc()).rstrip(), err=True)


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


# --- --debug logging ------------------------------------------------------------------------


def _secrets() -> list[str]:
    """The token (wherever it is configured), to mask in anything --debug prints."""
    try:
        from .._config import resolve_settings

        token = resolve_settings().token
    except StudioError:
        token = os.environ.get("DATACHAIN_STUDIO_TOKEN", "").strip() or None
    return [token] if token else []


def _redact(text: str) -> str:
    return mask_secrets(text, _secrets())


def _enable_debug_log() -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    handler.addFilter(MaskingFilter(_secrets()))
    logger = logging.getLogger("datachain_studio")  # each request, its status, timing, retries
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
