"""`datachain-studio jobs`: run queries, follow their logs, wait for them, cancel them."""

from __future__ import annotations

import contextlib
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from .._exceptions import BadRequestError, ConflictError, WaitTimeoutError
from ._context import (
    ExitCode,
    OrderedGroup,
    State,
    env_file_values,
    exit_code_for_status,
    json_option,
    parse_env_pairs,
    parse_moment,
    pass_state,
    poll_option,
    read_requirements,
    sigterm_as_interrupt,
    upload_files,
    wants_json,
)
from ._output import (
    DASH,
    console,
    duration_between,
    echo,
    err_console,
    format_duration,
    format_time,
    print_json,
    print_json_line,
    print_record,
    print_table,
    status_text,
    status_value,
    value_text,
)

if TYPE_CHECKING:
    from rich.console import RenderableType

    from ..types import JobOutput

_FINISHED = frozenset({"COMPLETE", "FAILED", "CANCELED", "TASK"})
_RUNNING = frozenset({"RUNNING", "INIT", "PROVISIONING", "CANCELING"})

_FILE_PATH = click.Path(exists=True, dir_okay=False, path_type=Path)


@click.group(cls=OrderedGroup, short_help="Run queries, follow their logs, wait, cancel.")
def jobs() -> None:
    """Run queries on Studio, follow their logs, wait for them, cancel them."""


@jobs.command("ls")
@click.option(
    "--status",
    metavar="STATUS",
    help="Only jobs in this status: CREATED, QUEUED, RUNNING, COMPLETE, FAILED, CANCELED, ... "
    "or ACTIVE / INACTIVE for all unfinished / finished ones.",
)
@click.option(
    "--limit",
    "-n",
    type=click.IntRange(min=1),
    default=20,
    show_default=True,
    metavar="N",
    help="Show at most this many jobs, newest first.",
)
@json_option
@pass_state
def list_jobs(state: State, status: str | None, limit: int, as_json: bool) -> None:
    """List the team's jobs, newest first."""
    found = state.studio.jobs.list(status=status.upper() if status else None, limit=limit)
    if wants_json(state, as_json):
        print_json(found)
        return
    print_table(
        ["ID", "NAME", "STATUS", "CREATED", "DURATION", "CLUSTER"],
        (
            [
                str(job.id),
                value_text(job.name),
                status_text(job.status),
                format_time(job.created_at),
                format_duration(_job_seconds(job)),
                value_text(job.compute_cluster_name),
            ]
            for job in found
        ),
        empty="No jobs." if status is None else f"No {status.upper()} jobs.",
    )


@jobs.command("show")
@click.argument("job_id")
@json_option
@pass_state
def show(state: State, job_id: str, as_json: bool) -> None:
    """Show one job, with its steps."""
    job = state.studio.jobs.get(job_id, include_steps=True)
    if wants_json(state, as_json):
        print_json(job)
        return
    print_job(job)


@jobs.command("run")
@click.argument("file", type=_FILE_PATH)
@click.option("--name", metavar="NAME", help="The job's name (default: the file's name).")
@click.option(
    "--type",
    "query_type",
    type=click.Choice(["python", "shell"], case_sensitive=False),
    help="How Studio runs FILE (default: python for *.py, shell for anything else).",
)
@click.option(
    "--env",
    multiple=True,
    metavar="KEY=VALUE",
    help="An environment variable for the job (repeatable).",
)
@click.option(
    "--env-file",
    type=_FILE_PATH,
    help="Environment variables from a .env file (KEY=VALUE lines); --env wins over it.",
)
@click.option(
    "--req", multiple=True, metavar="REQUIREMENT", help="A package to install (repeatable)."
)
@click.option("--req-file", type=_FILE_PATH, help="Packages to install, from a requirements.txt.")
@click.option(
    "--files",
    multiple=True,
    metavar="PATH",
    help="A file to upload and give the job (repeatable); an upload id from `jobs upload` "
    "works too.",
)
@click.option("--cluster", metavar="NAME", help="The compute cluster (see `clusters ls`).")
@click.option("--workers", type=click.IntRange(min=1), metavar="N", help="How many workers to run.")
@click.option("--python-version", metavar="VERSION", help="The Python to run with, e.g. 3.12.")
@click.option("--repository", metavar="URL", help="A Git repository to check out for the job.")
@click.option(
    "--priority",
    type=click.IntRange(0, 5),
    metavar="0-5",
    help="0 to 5; a lower number runs first.",
)
@click.option("--credentials", metavar="NAME", help="The cloud credentials to run with.")
@click.option(
    "--start-time",
    metavar="TIME",
    help="Start no earlier than TIME: ISO 8601, a date as people write it "
    "('2030-06-01 9:30', 'June 1 9am', 'tomorrow 9:00', '9am'), or +30m / 'in 2 hours'. Local "
    "time unless it names a zone. A date without a year, or a time without a day, is its next "
    "occurrence ('June 1 9am' given in December is next June); a time in the past is refused.",
)
@click.option("--cron", metavar="EXPR", help="Run on a schedule: five cron fields, quoted.")
@click.option("--no-follow", is_flag=True, help="Print the job's id and return at once.")
@click.option(
    "--cancel-on-interrupt",
    is_flag=True,
    help="On Ctrl-C (or SIGTERM) cancel the job, instead of leaving it running.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0),
    metavar="SECONDS",
    help="Stop following after this long (exit 75); the job goes on.",
)
@poll_option(1.0)
@json_option
@pass_state
def run(
    state: State,
    file: Path,
    name: str | None,
    query_type: str | None,
    env: tuple[str, ...],
    env_file: Path | None,
    req: tuple[str, ...],
    req_file: Path | None,
    files: tuple[str, ...],
    cluster: str | None,
    workers: int | None,
    python_version: str | None,
    repository: str | None,
    priority: int | None,
    credentials: str | None,
    start_time: str | None,
    cron: str | None,
    no_follow: bool,
    cancel_on_interrupt: bool,
    timeout: float | None,
    poll_interval: float,
    as_json: bool,
) -> int:
    """Run FILE on Studio and follow its logs until it finishes.

    A *.py FILE runs as Python, anything else as a shell script. Files given with --files
    are uploaded first. The job's id and URL go to stderr, its log to stdout; the exit
    status is 0 if the job ends COMPLETE, 1 if FAILED, 2 if CANCELED. With --no-follow,
    stdout gets the job's id alone, for scripts.

    Ctrl-C stops following and leaves the job running (and says how to cancel it), or
    cancels it with --cancel-on-interrupt.

    \b
    Examples:
      datachain-studio jobs run train.py --env MODE=fast --req pandas --files data.csv
      datachain-studio jobs run nightly.sh --cron "0 3 * * *" --no-follow
      JOB=$(datachain-studio jobs run etl.sh --no-follow) && datachain-studio jobs wait $JOB
      datachain-studio jobs run report.py --start-time "tomorrow 9:00" --no-follow
    """
    try:
        query = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise click.BadParameter(f"cannot read {file}: {exc}", param_hint="FILE") from None
    if not query.strip():
        raise click.BadParameter(f"{file} is empty", param_hint="FILE")
    kind = query_type.upper() if query_type else "PYTHON" if file.suffix == ".py" else "SHELL"
    environment = {**(env_file_values(env_file) if env_file else {}), **parse_env_pairs(env)}
    requirements = [*(read_requirements(req_file) if req_file else []), *req]
    start = parse_moment(start_time) if start_time else None
    paths, upload_ids = _split_files(files)
    json_mode = wants_json(state, as_json)

    studio = state.studio
    uploads: list[Any] = [*upload_ids, *upload_files(state, paths)]
    job = studio.jobs.create(
        query,
        query_type=kind,
        query_name=name or file.name,
        environment=environment or None,
        requirements=requirements or None,
        files=uploads or None,
        compute_cluster_name=cluster,
        workers=workers,
        python_version=python_version,
        repository=repository,
        priority=priority,
        credentials_name=credentials,
        start_after=start,
        cron_expression=cron,
    )
    job_id = str(job.id)
    try:
        with sigterm_as_interrupt():
            echo(f"Created job {job_id} ({kind.lower()}, {value_text(job.name)})", err=True)
            if job.url:
                echo(f"  {job.url}", err=True)
            if start is not None:
                echo(f"  starts no earlier than {format_time(start)}", err=True)
            if no_follow:
                if json_mode:
                    print_json(job)
                else:
                    click.echo(job_id)
                return ExitCode.OK
            return follow_job(
                state,
                job_id,
                json_mode=json_mode,
                cancel_on_interrupt=cancel_on_interrupt,
                timeout=timeout,
                poll_interval=poll_interval,
            )
    except KeyboardInterrupt:
        return _interrupted(state, job_id, json_mode=json_mode, cancel=cancel_on_interrupt)


@jobs.command("logs")
@click.argument("job_id")
@click.option(
    "-f",
    "--follow",
    is_flag=True,
    help="Keep printing new lines as they are written until the job finishes; exit 0, 1 or 2 "
    "by its status. With --json: one JSON object a line, for each line and status change.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0),
    metavar="SECONDS",
    help="With --follow: stop after this long (exit 75).",
)
@poll_option(1.0)
@json_option
@pass_state
def logs(
    state: State,
    job_id: str,
    follow: bool,
    timeout: float | None,
    poll_interval: float,
    as_json: bool,
) -> int:
    """Print a job's log.

    With --json, the log as Studio answers it (one document); with --follow too, JSON Lines
    as the job goes, one object a line, in order:

    \b
      {"type": "status", "status": "RUNNING", "finished": false}
      {"type": "line", "id": 1, "message": "Running query"}   (id null: an archived line)
      {"type": "status", "status": "COMPLETE", "finished": true}   (the last line)

    \b
    Examples:
      datachain-studio jobs logs JOB_ID -f
      datachain-studio --json jobs logs JOB_ID -f | jq -r 'select(.type == "line").message'
    """
    if follow:
        if wants_json(state, as_json):
            return _follow_json_lines(state, job_id, timeout=timeout, poll_interval=poll_interval)
        return follow_job(
            state,
            job_id,
            json_mode=False,
            cancel_on_interrupt=False,
            timeout=timeout,
            poll_interval=poll_interval,
        )
    result = state.studio.jobs.logs(job_id)
    if wants_json(state, as_json):
        print_json(result)
        return ExitCode.OK
    lines = result.logs or []
    for line in lines:
        click.echo(str(getattr(line, "message", line)))
    if not lines:
        echo(f"Job {job_id} has no log lines yet.", err=True)
    return ExitCode.OK


@jobs.command("cancel")
@click.argument("job_id")
@json_option
@pass_state
def cancel(state: State, job_id: str, as_json: bool) -> None:
    """Cancel a queued or running job."""
    feedback = state.studio.jobs.cancel(job_id)
    if wants_json(state, as_json):
        print_json(feedback)
        return
    echo(f"{value_text(feedback.message)} (job {job_id})")


@jobs.command("upload")
@click.argument("paths", metavar="FILE...", nargs=-1, required=True, type=_FILE_PATH)
@json_option
@pass_state
def upload(state: State, paths: tuple[Path, ...], as_json: bool) -> None:
    """Upload files for jobs; print their upload ids.

    Give the ids to `jobs run --files ID`.
    """
    uploads = upload_files(state, paths)
    if wants_json(state, as_json):
        print_json(uploads)
        return
    print_table(
        ["ID", "FILE", "SIZE", "STATE"],
        (
            [
                str(item.id),
                value_text(item.filename),
                _bytes(item.size),
                status_text(item.state),
            ]
            for item in uploads
        ),
        empty="Nothing uploaded.",
    )


@jobs.command("wait")
@click.argument("job_id")
@click.option(
    "--timeout",
    type=click.FloatRange(min=0),
    metavar="SECONDS",
    help="Give up after this long (exit 75); the job goes on.",
)
@poll_option(2.0)
@json_option
@pass_state
def wait(
    state: State, job_id: str, timeout: float | None, poll_interval: float, as_json: bool
) -> int:
    """Wait for a job to finish, showing its status and step as it goes.

    Exits 0 if the job ends COMPLETE, 1 if FAILED, 2 if CANCELED.
    """
    job = _wait(state, job_id, timeout=timeout, poll_interval=poll_interval)
    if wants_json(state, as_json):
        print_json(job)
    else:
        echo(_summary(job))
    return exit_code_for_status(job.status)


# --- shared with `run` and `logs --follow` --------------------------------------------------


def follow_job(
    state: State,
    job_id: str,
    *,
    json_mode: bool,
    cancel_on_interrupt: bool,
    timeout: float | None,
    poll_interval: float,
) -> int:
    """Print a job's log until it finishes; the exit status its final status calls for.

    The lines come live from Studio's log stream; where it cannot be had, `follow` polls
    the REST log every `poll_interval` seconds instead.
    """
    studio = state.studio
    try:
        with sigterm_as_interrupt():
            lines = studio.jobs.follow(job_id, wait_timeout=timeout, poll_interval=poll_interval)
            for line in lines:
                click.echo(line, err=json_mode)
    except KeyboardInterrupt:
        return _interrupted(state, job_id, json_mode=json_mode, cancel=cancel_on_interrupt)
    return _finished(state, job_id, json_mode=json_mode)


def _follow_json_lines(
    state: State, job_id: str, *, timeout: float | None, poll_interval: float
) -> int:
    """`logs -f --json`: each log line and status change as one JSON object a line (the
    shape `logs` documents); the exit status the final status calls for."""
    from .._logstream import LogLine

    try:
        with sigterm_as_interrupt():
            events = state.studio.jobs.follow_events(
                job_id, wait_timeout=timeout, poll_interval=poll_interval
            )
            for event in events:
                if isinstance(event, LogLine):
                    print_json_line({"type": "line", "id": event.id, "message": event.message})
                else:
                    print_json_line(
                        {
                            "type": "status",
                            "status": status_value(event.status),
                            "finished": event.finished,
                        }
                    )
    except KeyboardInterrupt:
        return _interrupted(state, job_id, json_mode=True, cancel=False)
    return _finished(state, job_id, json_mode=False)


def _interrupted(state: State, job_id: str, *, json_mode: bool, cancel: bool) -> int:
    """After Ctrl-C: say how to cancel the job, or cancel it (`--cancel-on-interrupt`)."""
    # Plain writes, not the rich console: the interrupt may have cut one of its prints short,
    # and what it then holds back is never written (seen: a Ctrl-C right after "Created
    # job" left the command silent, 1 run in 80).
    if not cancel:
        click.echo(f"Stopped following job {job_id}; it goes on running on Studio.", err=True)
        click.echo(f"Cancel it with: datachain-studio jobs cancel {job_id}", err=True)
        return ExitCode.INTERRUPTED
    click.echo(f"Interrupted: canceling job {job_id} ...", err=True)
    with contextlib.suppress(BadRequestError, ConflictError):
        state.studio.jobs.cancel(job_id)  # refused if it finished meanwhile: then say how
    return _finished(state, job_id, json_mode=json_mode)


def _finished(state: State, job_id: str, *, json_mode: bool) -> int:
    job = state.studio.jobs.get(job_id)
    if json_mode:
        print_json(job)
    echo(_summary(job), err=True, style=_summary_style(job))
    return exit_code_for_status(job.status)


def _wait(state: State, job_id: str, *, timeout: float | None, poll_interval: float) -> JobOutput:
    studio = state.studio
    deadline = None if timeout is None else time.monotonic() + timeout
    live = err_console().is_terminal
    shown = ""
    status_display = err_console().status("Waiting ...") if live else None
    try:
        if status_display is not None:
            status_display.start()
        while True:
            job = studio.jobs.get(job_id, include_steps=True)
            line = _progress_line(job)
            if status_display is not None:
                status_display.update(f"Job {job_id}: {line}")
            elif line.split(" (")[0] != shown:
                echo(f"{format_time(_now())}  {line}", err=True)
            shown = line.split(" (")[0]
            if status_value(job.status) in _FINISHED:
                return job
            pause = poll_interval
            if deadline is not None:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise WaitTimeoutError(
                        f"Timed out waiting for job {job_id}: it is still "
                        f"{status_value(job.status)} (it goes on)",
                        last=job,
                    )
                pause = min(pause, left)
            time.sleep(pause)
    finally:
        if status_display is not None:
            status_display.stop()


def _now() -> Any:
    import datetime as dt

    return dt.datetime.now(dt.UTC)


def _progress_line(job: JobOutput) -> str:
    status = status_value(job.status)
    parts = [status]
    step = _current_step(job)
    if step and status not in _FINISHED:
        parts.append(f"· {step}")
    seconds = _job_seconds(job)
    if seconds is not None:
        parts.append(f"({format_duration(seconds)})")
    return " ".join(parts)


def _current_step(job: JobOutput) -> str | None:
    steps = job.steps if isinstance(job.steps, list) else []
    if not steps:
        return None
    current = next((s for s in steps if status_value(s.status) == "STARTED"), steps[-1])
    label = current.label if isinstance(current.label, str) and current.label else None
    return label or str(current.name)


def _job_seconds(job: JobOutput) -> float | None:
    status = status_value(job.status)
    return duration_between(
        job.started_at, job.finished_at, running=status in _RUNNING and not job.finished_at
    )


def _summary(job: JobOutput) -> str:
    status = status_value(job.status)
    text = f"Job {job.id} {status}"
    seconds = _job_seconds(job)
    if seconds is not None:
        text += f" after {format_duration(seconds)}"
    if status == "FAILED":
        if isinstance(job.exit_code, int):
            text += f" (exit code {job.exit_code})"
        if isinstance(job.error_message, str) and job.error_message:
            text += f": {job.error_message}"
    return text


def _summary_style(job: JobOutput) -> str:
    return {"COMPLETE": "green", "FAILED": "bold red", "CANCELED": "yellow"}.get(
        status_value(job.status), ""
    )


def print_job(job: JobOutput) -> None:
    """A job as `name  value` lines, then its steps."""
    env = job.environment
    env_keys = env or None
    created = format_time(job.created_at)
    if job.created_by:
        created += f" by {job.created_by}"
    pairs: list[tuple[str, RenderableType]] = [
        ("ID", str(job.id)),
        ("Name", value_text(job.name)),
        ("Status", status_text(job.status)),
        ("Type", value_text(job.query_type)),
        ("Created", created),
        ("Started", format_time(job.started_at)),
        ("Finished", format_time(job.finished_at)),
        ("Duration", format_duration(_job_seconds(job))),
        ("Cluster", value_text(job.compute_cluster_name)),
        ("Workers", value_text(job.workers)),
        ("Python", value_text(job.python_version)),
        ("Requirements", value_text(_lines(job.requirements))),
        ("Repository", value_text(job.repository)),
        # Values may be secrets: names only.
        ("Environment", ", ".join(sorted(env_keys)) if isinstance(env_keys, dict) else DASH),
        ("Exit code", value_text(job.exit_code)),
    ]
    if isinstance(job.error_message, str) and job.error_message:
        pairs.append(("Error", job.error_message))
    if job.url:
        pairs.append(("URL", str(job.url)))
    print_record(pairs)
    steps = job.steps if isinstance(job.steps, list) else []
    if steps:
        console().print()
        print_table(
            ["STEP", "STATUS", "STARTED", "DURATION"],
            (
                [
                    value_text(step.label or step.name),
                    status_text(step.status),
                    format_time(step.started_at),
                    format_duration(
                        duration_between(
                            step.started_at,
                            step.finished_at,
                            running=status_value(step.status) == "STARTED",
                        )
                    ),
                ]
                for step in steps
            ),
            empty="",
        )


def _lines(value: object) -> list[str] | None:
    return value.splitlines() if isinstance(value, str) else None


def _bytes(size: object) -> str:
    if not isinstance(size, int):
        return value_text(size)
    amount = float(size)
    for unit in ("B", "kB", "MB", "GB"):
        if amount < 1000 or unit == "GB":
            return f"{amount:.0f} {unit}" if unit == "B" else f"{amount:.1f} {unit}"
        amount /= 1000
    return f"{size} B"  # pragma: no cover


def _split_files(values: tuple[str, ...]) -> tuple[tuple[Path, ...], list[str]]:
    """`--files` values: paths to upload, and ids of files uploaded before."""
    paths: list[Path] = []
    ids: list[str] = []
    for value in values:
        path = Path(value)
        if path.is_file():
            paths.append(path)
        elif value.strip().isdigit():
            ids.append(value.strip())
        elif path.exists():
            raise click.BadParameter(f"{value} is not a file", param_hint="--files")
        else:
            raise click.BadParameter(
                f"no such file: {value} (nor is it an upload id)", param_hint="--files"
            )
    return tuple(paths), ids
