"""Run the Studio emulator in the foreground: `python -m datachain_studio.testing --help`."""

from __future__ import annotations

import argparse
import signal
import sys
from collections.abc import Sequence

from ._asgi import BODY_TIMEOUT
from ._dataset_model import DEMO_DATASETS
from ._emulator import DEFAULT_TEAM, DEFAULT_TOKEN, StudioEmulator


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m datachain_studio.testing",
        description="A local DataChain Studio that keeps to openapi.yaml. Ctrl-C stops it.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=8765, help="port (0: any free port)")
    parser.add_argument("--token", default=DEFAULT_TOKEN, help="the token clients must send")
    parser.add_argument("--team", default=DEFAULT_TEAM, help="the token's team")
    parser.add_argument(
        "--extra-token",
        action="append",
        default=[],
        metavar="TOKEN=TEAM",
        help="another token and its team (repeatable)",
    )
    parser.add_argument(
        "--read-only-token",
        action="append",
        default=[],
        metavar="TOKEN",
        help="a token that may only read (repeatable; of --team unless given --extra-token)",
    )
    parser.add_argument(
        "--job-step-seconds",
        type=float,
        default=1.0,
        help="seconds per job step, CREATED -> QUEUED -> RUNNING -> COMPLETE (default 1)",
    )
    parser.add_argument(
        "--data-dir", metavar="DIR", help="keep state in DIR across restarts (default: memory)"
    )
    parser.add_argument(
        "--storage",
        action="append",
        default=[],
        metavar="URI=DIR",
        help="serve the folder DIR as the storage URI (e.g. s3://bucket=./data) to "
        "`datachain ls --studio` (repeatable)",
    )
    parser.add_argument(
        "--seed-datasets",
        action="append",
        default=[],
        metavar="FILE",
        help="seed datasets from a JSON file: a list of {name, versions, rows, description, "
        "attrs, team} (repeatable; versions there already are kept)",
    )
    parser.add_argument(
        "--demo-datasets",
        action="store_true",
        help="seed two demo datasets, dev.animals.dogs and dev.animals.cats",
    )
    parser.add_argument(
        "--body-timeout",
        type=float,
        default=None,
        metavar="SECONDS",
        help="answer 408 and close when a request body stalls this long (default 30)",
    )
    parser.add_argument("--verbose", action="store_true", help="log every request")
    return parser


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    tokens: dict[str, str] = {}
    for item in args.extra_token:
        token, sep, team = item.partition("=")
        if not sep or not token or not team:
            _parser().error(f"--extra-token needs TOKEN=TEAM, got {item!r}")
        tokens[token] = team
    storage: dict[str, str] = {}
    for item in args.storage:
        uri, sep, folder = item.rpartition("=")
        if not sep or not uri or not folder:
            _parser().error(f"--storage needs URI=DIR, got {item!r}")
        storage[uri] = folder
    try:
        emulator = StudioEmulator(
            token=args.token,
            team=args.team,
            tokens=tokens,
            read_only_tokens=args.read_only_token,
            job_step_seconds=args.job_step_seconds,
            host=args.host,
            port=args.port,
            verbose=args.verbose,
            data_dir=args.data_dir,
            storage=storage,
            body_timeout=BODY_TIMEOUT if args.body_timeout is None else args.body_timeout,
        )
    except ValueError as exc:  # a bad --storage (no such folder, not a URI), --body-timeout
        _parser().error(str(exc))
    try:
        if args.demo_datasets:
            emulator.seed_datasets(DEMO_DATASETS)
        for seed in args.seed_datasets:
            emulator.seed_datasets(seed)
    except ValueError as exc:
        emulator.stop()
        print(f"cannot seed datasets: {exc}", file=sys.stderr)
        return 2
    try:
        emulator.bind()
    except OSError as exc:
        print(f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    token_hint = "isat_emulator (the default)" if args.token == DEFAULT_TOKEN else "(as given)"
    print(f"DataChain Studio emulator listening on {emulator.url}")
    print(f"  team:  {emulator.team}")
    print(f"  token: {token_hint}")
    print(f"  try:   DATACHAIN_STUDIO_URL={emulator.url} DATACHAIN_STUDIO_TEAM={emulator.team}")
    print("Press Ctrl-C to stop.", flush=True)
    signal.signal(signal.SIGTERM, _interrupt)  # stop as cleanly on `kill` as on Ctrl-C
    emulator.serve_forever()
    print("Stopped.", flush=True)
    return 0 if not (emulator.contract_violations or emulator.errors) else 3


if __name__ == "__main__":
    sys.exit(main())
