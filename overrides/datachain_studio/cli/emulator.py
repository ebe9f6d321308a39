"""`datachain-studio emulator`: the local Studio (`datachain_studio.testing`) in the foreground."""

from __future__ import annotations

import signal
import sys

import click

from ._context import ExitCode, Failure


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


@click.command("emulator", short_help="Run a local Studio in the foreground.")
@click.option(
    "--host", metavar="HOST", default="127.0.0.1", show_default=True, help="Address to listen on."
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    metavar="PORT",
    default=8765,
    show_default=True,
    help="Port to listen on (0: any free one).",
)
@click.option(
    "--token",
    metavar="TOKEN",
    default="isat_emulator",
    show_default=True,
    envvar="DATACHAIN_STUDIO_EMULATOR_TOKEN",
    help="The token clients must send.",
)
@click.option(
    "--team", metavar="TEAM", default="emulator", show_default=True, help="The token's team."
)
@click.option(
    "--job-step-seconds",
    type=click.FloatRange(min=0.001),
    metavar="SECONDS",
    default=1.0,
    show_default=True,
    help="Seconds per job step: CREATED -> QUEUED -> RUNNING -> COMPLETE.",
)
@click.option("--webhook-url", metavar="URL", help="POST signed JOB and PING events here.")
@click.option(
    "--webhook-secret",
    metavar="SECRET",
    envvar="DATACHAIN_STUDIO_WEBHOOK_SECRET",
    help="Sign webhook bodies with this secret (or set DATACHAIN_STUDIO_WEBHOOK_SECRET).",
)
@click.option(
    "--seed-datasets",
    "seed_files",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False),
    metavar="FILE",
    help="Seed datasets from a JSON file: a list of {name, versions, rows, description, "
    "attrs, team} (repeatable).",
)
@click.option("--demo-datasets", is_flag=True, help="Seed dev.animals.dogs and dev.animals.cats.")
@click.option(
    "--storage",
    multiple=True,
    metavar="URI=DIR",
    help="Serve the folder DIR as the storage URI (s3://bucket=./data) to `storage ls` "
    "(repeatable).",
)
@click.option(
    "--body-timeout",
    type=float,
    default=None,
    metavar="SECONDS",
    help="Answer 408 and close when a request body stalls this long (default 30).",
)
@click.option("--verbose", is_flag=True, help="Log every request.")
def emulator(
    host: str,
    port: int,
    token: str,
    team: str,
    job_step_seconds: float,
    webhook_url: str | None,
    webhook_secret: str | None,
    seed_files: tuple[str, ...],
    demo_datasets: bool,
    storage: tuple[str, ...],
    body_timeout: float | None,
    verbose: bool,
) -> int:
    """Run a local Studio in the foreground, for trying things out and for tests.

    It keeps state in memory, moves jobs through their statuses (a query with the line
    "# emulator: fail" fails), and checks every request against the API contract. Ctrl-C
    stops it. Needs the `testing` extra.

    \b
    In another shell:
      export DATACHAIN_STUDIO_URL=http://127.0.0.1:8765 DATACHAIN_STUDIO_TEAM=emulator
      export DATACHAIN_STUDIO_TOKEN=isat_emulator
      datachain-studio jobs run hello.py
    """
    try:
        from ..testing import DEFAULT_TOKEN, StudioEmulator
        from ..testing._asgi import BODY_TIMEOUT
        from ..testing._dataset_model import DEMO_DATASETS
    except ImportError:
        raise Failure(
            "The emulator needs the `testing` extra: "
            "pip install 'datachain-studio-client[testing]'",
            ExitCode.CONFIG,
        ) from None
    folders: dict[str, str] = {}
    for item in storage:
        uri, sep, folder = item.rpartition("=")
        if not sep or not uri or not folder:
            raise click.BadParameter(f"expected URI=DIR, got {item!r}", param_hint="--storage")
        folders[uri] = folder
    try:
        emu = StudioEmulator(
            token=token,
            team=team,
            job_step_seconds=job_step_seconds,
            host=host,
            port=port,
            verbose=verbose,
            webhook_url=webhook_url,
            webhook_secret=webhook_secret,
            storage=folders,
            body_timeout=BODY_TIMEOUT if body_timeout is None else body_timeout,
        )
        try:
            if demo_datasets:
                emu.seed_datasets(DEMO_DATASETS)
            for seed in seed_files:
                emu.seed_datasets(seed)
        except ValueError as exc:
            emu.stop()
            raise click.BadParameter(str(exc), param_hint="--seed-datasets") from None
        emu.bind()
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None
    except OSError as exc:
        raise Failure(
            f"cannot listen on {host}:{port}: {exc.strerror or exc}", ExitCode.UNAVAILABLE
        ) from None
    shown = token if token == DEFAULT_TOKEN else "<the token you gave>"
    click.echo(f"DataChain Studio emulator listening on {emu.url} (team {emu.team})")
    if webhook_url:
        signed = "signed" if webhook_secret else "unsigned"
        click.echo(f"Webhooks: {signed} JOB and PING events to {webhook_url}")
    click.echo("Use it from another shell:")
    click.echo(f"  export DATACHAIN_STUDIO_URL={emu.url} DATACHAIN_STUDIO_TEAM={emu.team}")
    click.echo(f"  export DATACHAIN_STUDIO_TOKEN={shown}")
    click.echo("Press Ctrl-C to stop.")
    sys.stdout.flush()
    signal.signal(signal.SIGTERM, _interrupt)
    emu.serve_forever()
    click.echo("Stopped.")
    broken = emu.contract_violations or emu.errors
    return ExitCode.INTERNAL if broken else ExitCode.OK
