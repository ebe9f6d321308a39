"""The local Studio's command line: one parser and one way to start, shared by
`python -m datachain_studio.testing` and `datachain-studio emulator`.

Both take the same options (`parser`) and start the same way (`run`); they differ only in
their name and their exit statuses (`ExitStatuses`): the module keeps argparse's 2 for a bad
option, the `datachain-studio` command its sysexits codes.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NoReturn

from ._asgi import BODY_TIMEOUT
from ._dataset_model import DEMO_DATASETS
from ._emulator import DEFAULT_TEAM, DEFAULT_TOKEN, StudioEmulator
from ._store import DataDirError

__all__ = ["MODULE_STATUSES", "TOKEN_ENV", "WEBHOOK_SECRET_ENV", "ExitStatuses", "parser", "run"]

TOKEN_ENV = "DATACHAIN_STUDIO_EMULATOR_TOKEN"
WEBHOOK_SECRET_ENV = "DATACHAIN_STUDIO_WEBHOOK_SECRET"


@dataclass(frozen=True)
class ExitStatuses:
    """What the command exits with, besides 0 (stopped with Ctrl-C or SIGTERM)."""

    usage: int  # a bad option or value, a seed file that cannot be read
    unavailable: int  # the port cannot be listened on, or the data directory used
    broken: int  # it broke its contract, or a handler crashed, while serving


MODULE_STATUSES = ExitStatuses(usage=2, unavailable=1, broken=3)

_DESCRIPTION = """\
A local DataChain Studio in the foreground, for trying things out and for tests. It keeps
to openapi.yaml: every request and answer is checked against it. State is kept in memory,
or with --data-dir in that folder across restarts (one local Studio per folder). Jobs move
CREATED -> QUEUED -> RUNNING -> COMPLETE; a query with a line `# emulator: fail <message>`
ends FAILED, each line `# emulator: log <text>` writes <text> to its log. Ctrl-C (or
SIGTERM) stops it."""

_EPILOG = """\
In another shell:
  export DATACHAIN_STUDIO_URL=http://127.0.0.1:8765 DATACHAIN_STUDIO_TEAM=emulator
  export DATACHAIN_STUDIO_TOKEN=isat_emulator
  datachain-studio jobs run hello.py

Exit status:
  0    stopped (Ctrl-C, SIGTERM)
  {usage:<4} a bad option or value, or a seed file that cannot be read
  {unavailable:<4} cannot listen on the port, or use --data-dir (in use, not writable)
  {broken:<4} it broke its contract while serving (a bug in the local Studio)"""


class _Usage(Exception):
    """A bad option or value, with its message."""


class _Exit(Exception):
    """argparse is done (`--help`): exit with `status`."""

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


class _Formatter(argparse.RawDescriptionHelpFormatter):
    """argparse's help, its usage line spelled as the rest of `datachain-studio`'s."""

    def add_usage(
        self,
        usage: str | None,
        actions: Iterable[argparse.Action],
        groups: Iterable[argparse._MutuallyExclusiveGroup],
        prefix: str | None = None,
    ) -> None:
        super().add_usage(usage, actions, groups, "Usage: " if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    """argparse's parser, raising instead of exiting, so that the caller picks the status."""

    def error(self, message: str) -> NoReturn:
        raise _Usage(message)

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        if message:
            sys.stderr.write(message)
        raise _Exit(status)


def _port(text: str) -> int:
    value = int(text)
    if not 0 <= value <= 65535:
        raise ValueError(text)
    return value


def _seconds(text: str) -> float:
    value = float(text)
    if not value > 0:  # NaN too
        raise ValueError(text)
    return value


_port.__name__ = "port"  # argparse names the type in its message: "invalid port value"
_seconds.__name__ = "number of seconds"


def parser(prog: str, statuses: ExitStatuses = MODULE_STATUSES) -> argparse.ArgumentParser:
    """The options of the local Studio's command line."""
    parse = _Parser(
        prog=prog,
        description=_DESCRIPTION,
        epilog=_EPILOG.format(**vars(statuses)),
        formatter_class=_Formatter,
    )
    add = parse.add_argument
    add("--host", default="127.0.0.1", metavar="HOST", help="address to listen on (127.0.0.1)")
    add("--port", type=_port, default=8765, metavar="PORT", help="port (8765; 0: any free one)")
    add(
        "--token",
        default=os.environ.get(TOKEN_ENV) or DEFAULT_TOKEN,
        metavar="TOKEN",
        help=f"the token clients must send (${TOKEN_ENV}, else {DEFAULT_TOKEN})",
    )
    add("--team", default=DEFAULT_TEAM, metavar="TEAM", help=f"its team ({DEFAULT_TEAM})")
    add(
        "--extra-token",
        action="append",
        default=[],
        metavar="TOKEN=TEAM",
        help="another token and its team (repeatable)",
    )
    add(
        "--read-only-token",
        action="append",
        default=[],
        metavar="TOKEN",
        help="a token that may only read (repeatable; of --team unless given --extra-token)",
    )
    add(
        "--job-step-seconds",
        type=_seconds,
        default=1.0,
        metavar="SECONDS",
        help="seconds per job step, CREATED -> QUEUED -> RUNNING -> COMPLETE (1)",
    )
    add(
        "--data-dir",
        metavar="DIR",
        help="keep state in DIR across restarts (default: in memory); one local Studio at "
        "a time may use it",
    )
    add(
        "--storage",
        action="append",
        default=[],
        metavar="URI=DIR",
        help="serve the folder DIR as the storage URI (s3://bucket=./data) to storage "
        "listings (repeatable)",
    )
    add(
        "--seed-datasets",
        action="append",
        default=[],
        metavar="FILE",
        help="seed datasets from a JSON file: a list of {name, versions, rows, description, "
        "attrs, team} (repeatable); with --data-dir, each version once: a restart seeds "
        "nothing twice and keeps later edits",
    )
    add(
        "--demo-datasets",
        action="store_true",
        help="seed two demo datasets, dev.animals.dogs and dev.animals.cats",
    )
    add("--webhook-url", metavar="URL", help="POST JOB and PING events to URL")
    add(
        "--webhook-secret",
        default=os.environ.get(WEBHOOK_SECRET_ENV) or None,
        metavar="SECRET",
        help=f"sign webhook bodies with SECRET (${WEBHOOK_SECRET_ENV})",
    )
    add(
        "--body-timeout",
        type=float,
        default=BODY_TIMEOUT,
        metavar="SECONDS",
        help="answer 408 and close when a request's head or body stalls this long "
        f"({BODY_TIMEOUT:g})",
    )
    add("--verbose", action="store_true", help="log every request to stderr")
    return parse


def _pairs(items: Sequence[str], option: str, form: str, *, last: bool = False) -> dict[str, str]:
    """`KEY=VALUE` items as a mapping (split at the last `=` with `last`)."""
    found: dict[str, str] = {}
    for item in items:
        key, sep, value = item.rpartition("=") if last else item.partition("=")
        if not sep or not key or not value:
            raise _Usage(f"{option} needs {form}, got {item!r}")
        found[key] = value
    return found


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def run(argv: Sequence[str] | None, *, prog: str, statuses: ExitStatuses = MODULE_STATUSES) -> int:
    """Parse `argv` (default: `sys.argv[1:]`), start the local Studio and serve until Ctrl-C
    or SIGTERM; the exit status. Problems are told on stderr in one line."""
    options = parser(prog, statuses)
    try:
        args = options.parse_args(argv)
        emulator = _make(args)
    except _Exit as done:
        return done.status
    except _Usage as exc:
        options.print_usage(sys.stderr)
        print(f"{prog}: error: {exc}", file=sys.stderr)
        return statuses.usage
    except DataDirError as exc:
        print(f"{prog}: error: {exc}", file=sys.stderr)
        return statuses.unavailable
    try:
        emulator.bind()
    except OSError as exc:
        emulator.stop()
        reason = exc.strerror or exc
        print(f"{prog}: error: cannot listen on {args.host}:{args.port}: {reason}", file=sys.stderr)
        return statuses.unavailable
    _banner(emulator, args)
    signal.signal(signal.SIGTERM, _interrupt)  # stop as cleanly on `kill` as on Ctrl-C
    emulator.serve_forever()
    print("Stopped.", flush=True)
    return statuses.broken if emulator.contract_violations or emulator.errors else 0


def _make(args: argparse.Namespace) -> StudioEmulator:
    """The local Studio the options describe, seeded; `_Usage` for a bad value."""
    options: dict[str, Any] = {
        "token": args.token,
        "team": args.team,
        "tokens": _pairs(args.extra_token, "--extra-token", "TOKEN=TEAM"),
        "read_only_tokens": args.read_only_token,
        "job_step_seconds": args.job_step_seconds,
        "host": args.host,
        "port": args.port,
        "verbose": args.verbose,
        "data_dir": args.data_dir,
        "storage": _pairs(args.storage, "--storage", "URI=DIR", last=True),
        "webhook_url": args.webhook_url,
        "webhook_secret": args.webhook_secret,
        "body_timeout": args.body_timeout,
    }
    try:
        emulator = StudioEmulator(**options)
    except ValueError as exc:  # a bad --storage folder, --body-timeout, --webhook-url
        raise _Usage(str(exc)) from None
    try:
        if args.demo_datasets:
            emulator.seed_datasets(DEMO_DATASETS)
        for seed in args.seed_datasets:
            emulator.seed_datasets(seed)
    except ValueError as exc:
        emulator.stop()
        raise _Usage(f"cannot seed datasets: {exc}") from None
    return emulator


def _banner(emulator: StudioEmulator, args: argparse.Namespace) -> None:
    default = args.token == DEFAULT_TOKEN
    print(f"DataChain Studio emulator listening on {emulator.url}")
    print(f"  team:  {emulator.team}")
    print(f"  token: {DEFAULT_TOKEN + ' (the default)' if default else '(as given)'}")
    kept = f"in {args.data_dir}, across restarts" if args.data_dir else "in memory"
    print(f"  state: {kept}")
    if args.webhook_url:
        signed = "signed" if args.webhook_secret else "unsigned"
        print(f"  webhooks: {signed} JOB and PING events to {args.webhook_url}")
    print("Use it from another shell:")
    print(f"  export DATACHAIN_STUDIO_URL={emulator.url} DATACHAIN_STUDIO_TEAM={emulator.team}")
    print(f"  export DATACHAIN_STUDIO_TOKEN={DEFAULT_TOKEN if default else '<the token>'}")
    print("Press Ctrl-C to stop.", flush=True)
