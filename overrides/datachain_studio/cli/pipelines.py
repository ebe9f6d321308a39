"""`datachain-studio pipelines`: build pipelines from datasets, run them, watch them as trees.

A PIPELINE argument is a pipeline's name (`keen-otter`) or its id (a UUID).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from .._exceptions import (
    InvalidRequestError,
    NotFoundError,
    PermissionDeniedError,
    WaitTimeoutError,
)
from ._context import (
    ExitCode,
    OrderedGroup,
    State,
    env_file_values,
    exit_code_for_status,
    is_uuid,
    json_option,
    parse_env_pairs,
    pass_state,
    poll_option,
    read_requirements,
    split_pipeline,
    upload_files,
    wants_json,
)
from ._output import (
    DASH,
    console,
    duration_between,
    echo,
    format_duration,
    format_time,
    print_json,
    print_record,
    print_table,
    show,
    status_text,
    status_value,
    value_text,
)

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.tree import Tree

    from ..types import JobPipelineOutput, JobPipelineRunOutput

_FINISHED = frozenset({"COMPLETED", "FAILED", "CANCELED"})
_JOB_FINISHED = frozenset({"COMPLETE", "FAILED", "CANCELED"})
_SYMBOLS = {
    "COMPLETE": ("✔", "green"),
    "COMPLETED": ("✔", "green"),
    "FAILED": ("✘", "bold red"),
    "CANCELED": ("⊘", "yellow"),
    "CANCELING": ("⊘", "yellow"),
    "PAUSED": ("⏸", "yellow"),
    "RUNNING": ("▶", "cyan"),
    "INIT": ("▶", "cyan"),
    "QUEUED": ("…", ""),
    "PENDING": ("○", "dim"),
}
_MAX_LOOKUPS = 50

_PIPELINE = click.argument("pipeline", metavar="PIPELINE")


@click.group(cls=OrderedGroup, short_help="Build, run and watch pipelines of jobs.")
def pipelines() -> None:
    """Build pipelines from datasets, run them, and watch them as trees of jobs.

    PIPELINE is a pipeline's name (e.g. keen-otter) or its id.
    """


@pipelines.command("ls")
@click.option(
    "--status",
    multiple=True,
    type=click.Choice(
        ["PENDING", "RUNNING", "COMPLETED", "FAILED", "PAUSED", "CANCELED"], case_sensitive=False
    ),
    help="Only pipelines in this status (repeatable).",
)
@click.option("--search", metavar="TEXT", help="Only pipelines whose name contains TEXT.")
@click.option(
    "--limit", "-n", type=click.IntRange(min=1), metavar="N", help="Show at most N pipelines."
)
@json_option
@pass_state
def list_pipelines(
    state: State, status: tuple[str, ...], search: str | None, limit: int | None, as_json: bool
) -> None:
    """List the team's pipelines: definitions and runs, newest first."""
    found = state.studio.pipelines.list(
        status=[s.upper() for s in status] or None, search=search, limit=limit
    )
    if wants_json(state, as_json):
        print_json(found)
        return
    print_table(
        ["NAME", "ID", "STATUS", "JOBS", "KIND", "FROM", "CREATED"],
        (
            [
                value_text(p.name),
                str(p.pipeline_id),
                status_text(p.status),
                _progress(p),
                _kind(p),
                value_text(p.triggered_from),
                format_time(p.created_at),
            ]
            for p in found
        ),
        empty="No pipelines.",
    )


@pipelines.command("trigger")
@click.argument("datasets", metavar="DATASET...", nargs=-1, required=True)
@click.option("--review", is_flag=True, help="Ask for a review before the pipeline runs.")
@json_option
@pass_state
def trigger(state: State, datasets: tuple[str, ...], review: bool, as_json: bool) -> None:
    """Make a pipeline definition from the datasets' dependencies.

    The definition does not run yet: start it with `pipelines run`.
    """
    pipeline = state.studio.pipelines.trigger(list(datasets), review=review or None)
    if wants_json(state, as_json):
        print_json(pipeline)
        return
    show(pipeline_tree(pipeline, {}))
    echo(f"Run it with: datachain-studio pipelines run {pipeline.name}", err=True)


@pipelines.command("run")
@click.argument("definition", metavar="DEFINITION")
@click.option("--wait", is_flag=True, help="Show the run as it goes, until it finishes.")
@click.option(
    "--timeout",
    type=click.FloatRange(min=0),
    metavar="SECONDS",
    help="With --wait: give up after this long (exit 75).",
)
@poll_option(2.0)
@json_option
@pass_state
def run(
    state: State,
    definition: str,
    wait: bool,
    timeout: float | None,
    poll_interval: float,
    as_json: bool,
) -> int:
    """Start a run of a pipeline definition (by name or id).

    With --wait, exits 0 if the run ends COMPLETED, 1 if FAILED, 2 if CANCELED.
    """
    studio = state.studio
    definition_id = definition if is_uuid(definition) else None
    if definition_id is None:
        definition_id = str(studio.pipelines.get(definition).pipeline_id)
    started = studio.pipelines.run(definition_id)
    json_mode = wants_json(state, as_json)
    if not wait:
        if json_mode:
            print_json(started)
        else:
            show(pipeline_tree(started, {}))
            echo(f"Watch it with: datachain-studio pipelines status {started.name}", err=True)
        return ExitCode.OK
    echo(f"Started run {started.name} ({started.pipeline_id})", err=True)
    return _show(state, None, str(started.pipeline_id), json_mode, True, timeout, poll_interval)


@pipelines.command("status")
@_PIPELINE
@click.option("--wait", is_flag=True, help="Keep showing it until the run finishes.")
@click.option(
    "--timeout",
    type=click.FloatRange(min=0),
    metavar="SECONDS",
    help="With --wait: give up after this long (exit 75).",
)
@poll_option(2.0)
@json_option
@pass_state
def status(
    state: State,
    pipeline: str,
    wait: bool,
    timeout: float | None,
    poll_interval: float,
    as_json: bool,
) -> int:
    """Show a pipeline as a tree of jobs, with their status and duration.

    With --wait, redraw it until the run finishes, then exit 0 if it ended COMPLETED, 1 if
    FAILED, 2 if CANCELED.

    \b
    Example:
      $ datachain-studio pipelines status keen-otter
      keen-otter  RUNNING  run · 1/3 jobs · 12s
      └── ✔ raw-images  COMPLETE  4.1s
          └── ▶ embeddings  RUNNING  7.9s
              └── ○ index  PENDING
    """
    name, pipeline_id = split_pipeline(pipeline)
    return _show(state, name, pipeline_id, wants_json(state, as_json), wait, timeout, poll_interval)


@pipelines.command("pause")
@_PIPELINE
@json_option
@pass_state
def pause(state: State, pipeline: str, as_json: bool) -> None:
    """Pause a running pipeline run."""
    name, pipeline_id = split_pipeline(pipeline)
    result = state.studio.pipelines.pause(name, pipeline_id=pipeline_id)
    _done(state, as_json, result, "Paused")


@pipelines.command("resume")
@_PIPELINE
@json_option
@pass_state
def resume(state: State, pipeline: str, as_json: bool) -> None:
    """Resume a paused pipeline run."""
    name, pipeline_id = split_pipeline(pipeline)
    result = state.studio.pipelines.resume(name, pipeline_id=pipeline_id)
    _done(state, as_json, result, "Resumed")


@pipelines.command("duplicate")
@_PIPELINE
@json_option
@pass_state
def duplicate(state: State, pipeline: str, as_json: bool) -> None:
    """Copy a pipeline (a run or a definition) into a new definition."""
    name, pipeline_id = split_pipeline(pipeline)
    result = state.studio.pipelines.duplicate(name, pipeline_id=pipeline_id)
    if wants_json(state, as_json):
        print_json(result)
        return
    echo(f"Duplicated {pipeline} as {value_text(result.name)} ({result.pipeline_id})")


@pipelines.command("remove-job")
@_PIPELINE
@click.argument("job_id")
@json_option
@pass_state
def remove_job(state: State, pipeline: str, job_id: str, as_json: bool) -> None:
    """Remove a job (and the jobs that depend on it) from a pipeline."""
    name, pipeline_id = split_pipeline(pipeline)
    result = state.studio.pipelines.remove_job(name, pipeline_id=pipeline_id, job_id=job_id)
    if wants_json(state, as_json):
        print_json(result)
        return
    echo(f"Removed job {job_id} from {value_text(result.name)}")
    show(pipeline_tree(result, {}))


@pipelines.command("settings")
@_PIPELINE
@click.option("--python-version", metavar="VERSION", help="The Python its jobs run with.")
@click.option("--req", multiple=True, metavar="REQUIREMENT", help="A package (repeatable).")
@click.option(
    "--req-file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Packages, from a requirements.txt.",
)
@click.option("--repository", metavar="URL", help="A Git repository to check out.")
@click.option("--workers", type=click.IntRange(min=1), metavar="N", help="Workers per job.")
@click.option(
    "--priority",
    type=click.IntRange(0, 5),
    metavar="0-5",
    help="0 to 5; a lower number runs first.",
)
@click.option("--env", multiple=True, metavar="KEY=VALUE", help="A variable (repeatable).")
@click.option(
    "--env-file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Variables from a .env file.",
)
@click.option(
    "--files",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    metavar="PATH",
    help="A file to upload and give the jobs (repeatable).",
)
@click.option("--credentials", multiple=True, metavar="NAME", help="Credentials (repeatable).")
@json_option
@pass_state
def settings(
    state: State,
    pipeline: str,
    python_version: str | None,
    req: tuple[str, ...],
    req_file: Path | None,
    repository: str | None,
    workers: int | None,
    priority: int | None,
    env: tuple[str, ...],
    env_file: Path | None,
    files: tuple[Path, ...],
    credentials: tuple[str, ...],
    as_json: bool,
) -> None:
    """Show the settings a pipeline's jobs run with, or change them.

    Without options, shows them. Settings not given keep their value; --req, --env and
    --files replace the whole list.
    """
    studio = state.studio
    name, pipeline_id = split_pipeline(pipeline)
    requirements = [*(read_requirements(req_file) if req_file else []), *req]
    environment = {**(env_file_values(env_file) if env_file else {}), **parse_env_pairs(env)}
    changes = (python_version, repository, workers, priority)
    if all(v is None for v in changes) and not (
        requirements or environment or files or credentials
    ):
        current = studio.pipelines.get(name, pipeline_id=pipeline_id)
        _print_settings(state, as_json, current)
        return
    if name is None:
        name = studio.pipelines.get(pipeline_id=pipeline_id).name
    uploads = upload_files(state, files)
    result = studio.pipelines.update_settings(
        name,
        python_version=python_version,
        requirements=requirements or None,
        repository=repository,
        workers=workers,
        priority=priority,
        environment=environment or None,
        files=uploads or None,
        credentials_names=list(credentials) or None,
    )
    if not wants_json(state, as_json):
        echo(f"Updated the settings of {value_text(result.name)}")
    _print_settings(state, as_json, result)


# --- showing pipelines ----------------------------------------------------------------------


def _show(
    state: State,
    name: str | None,
    pipeline_id: str | None,
    json_mode: bool,
    wait: bool,
    timeout: float | None,
    poll_interval: float,
) -> int:
    studio = state.studio
    if not wait:
        pipeline = studio.pipelines.get(name, pipeline_id=pipeline_id)
        if json_mode:
            print_json(pipeline)
        else:
            show(pipeline_tree(pipeline, _durations(state, pipeline)))
        return ExitCode.OK
    deadline = None if timeout is None else time.monotonic() + timeout
    with _live(json_mode) as display:
        while True:
            pipeline = studio.pipelines.get(name, pipeline_id=pipeline_id)
            finished = status_value(pipeline.status) in _FINISHED
            display(pipeline, _durations(state, pipeline) if finished else None)
            if finished:
                break
            pause = poll_interval
            if deadline is not None:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise WaitTimeoutError(
                        f"Timed out waiting for pipeline {pipeline.name}: it is still "
                        f"{status_value(pipeline.status)} (it goes on)",
                        last=pipeline,
                    )
                pause = min(pause, left)
            time.sleep(pause)
    if json_mode:
        print_json(pipeline)
    return exit_code_for_status(pipeline.status)


@contextmanager
def _live(json_mode: bool) -> Iterator[Any]:
    """A function that shows the pipeline now: redrawn in place on a terminal, else once."""
    from rich.live import Live

    if json_mode or not console().is_terminal:
        last: list[str] = []

        def show_plain(pipeline: JobPipelineOutput, durations: dict[str, Any] | None) -> None:
            line = f"{pipeline.name}: {status_value(pipeline.status)} {_progress(pipeline)} jobs"
            if not last or last[-1] != line:
                last.append(line)
                echo(f"{format_time(_now())}  {line}", err=True)
            if durations is not None and not json_mode:
                show(pipeline_tree(pipeline, durations))

        yield show_plain
        return

    with Live(console=console(), auto_refresh=False) as live:

        def show_live(pipeline: JobPipelineOutput, durations: dict[str, Any] | None) -> None:
            live.update(pipeline_tree(pipeline, durations or {}), refresh=True)

        yield show_live


def _now() -> Any:
    import datetime as dt

    return dt.datetime.now(dt.UTC)


def pipeline_tree(pipeline: JobPipelineOutput, durations: dict[str, float | None]) -> Tree:
    """The pipeline as a tree: each job under the job it waits for."""
    from rich.text import Text
    from rich.tree import Tree

    header = Text()
    header.append(value_text(pipeline.name), style="bold")
    header.append("  ")
    header.append_text(status_text(pipeline.status))
    details = [_kind(pipeline), f"{_progress(pipeline)} jobs"]
    seconds = _pipeline_seconds(pipeline)
    if seconds is not None:
        details.append(format_duration(seconds))
    header.append("  " + " · ".join(details), style="dim")
    tree = Tree(header, guide_style="dim")

    runs = list(pipeline.job_runs or [])
    ids = {str(run.job_id) for run in runs}
    children: dict[str | None, list[JobPipelineRunOutput]] = {}
    for run in runs:
        parents = [str(p) for p in (run.parent_job_ids or []) if str(p) in ids]
        children.setdefault(parents[-1] if parents else None, []).append(run)
    names = {str(run.job_id): value_text(run.name) for run in runs}

    def add(node: Tree, parent: str | None, seen: frozenset[str]) -> None:
        for run in children.get(parent, []):
            job_id = str(run.job_id)
            if job_id in seen:  # a cycle: Studio should never send one
                continue
            branch = node.add(_job_label(run, durations.get(job_id), names))
            add(branch, job_id, seen | {job_id})

    add(tree, None, frozenset())
    if not runs:
        tree.add(Text("(no jobs)", style="dim"))
    return tree


def _job_label(
    run: JobPipelineRunOutput, seconds: float | None, names: dict[str, str]
) -> RenderableType:
    from rich.text import Text

    value = status_value(run.status)
    symbol, style = _SYMBOLS.get(value, ("•", ""))
    label = Text()
    label.append(symbol + " ", style=style)
    label.append(value_text(run.name))
    label.append("  ")
    label.append_text(status_text(run.status))
    if seconds is not None:
        label.append(f"  {format_duration(seconds)}", style="dim")
    others = [names.get(str(p), str(p)) for p in (run.parent_job_ids or [])][:-1]
    if others:
        label.append(f"  (also after {', '.join(others)})", style="dim")
    return label


def _durations(state: State, pipeline: JobPipelineOutput) -> dict[str, float | None]:
    """How long each job of a run has taken: from the run if it says, else from its job."""
    found: dict[str, float | None] = {}
    lookups = 0
    for run in pipeline.job_runs or []:
        extra = run.model_extra
        if "duration" in extra and isinstance(extra["duration"], int | float):
            found[str(run.job_id)] = float(extra["duration"])
            continue
        if "started_at" in extra:
            found[str(run.job_id)] = _seconds_from_text(
                extra.get("started_at"), extra.get("finished_at"), status_value(run.status)
            )
            continue
        created = run.created_job_id
        if not created or pipeline.is_definition is True or lookups >= _MAX_LOOKUPS:
            continue
        lookups += 1
        try:
            job = state.studio.jobs.get(created)
        except (NotFoundError, PermissionDeniedError, InvalidRequestError):
            continue
        found[str(run.job_id)] = duration_between(
            job.started_at,
            job.finished_at,
            running=status_value(job.status) not in _JOB_FINISHED,
        )
    return found


def _seconds_from_text(start: object, end: object, status: str) -> float | None:
    import datetime as dt

    def moment(value: object) -> dt.datetime | None:
        if not isinstance(value, str):
            return None
        try:
            return dt.datetime.fromisoformat(value)
        except ValueError:
            return None

    return duration_between(moment(start), moment(end), running=status not in _JOB_FINISHED)


def _pipeline_seconds(pipeline: JobPipelineOutput) -> float | None:
    if pipeline.is_definition is True:
        return None
    value = status_value(pipeline.status)
    end = pipeline.updated_at if value in _FINISHED else None
    return duration_between(pipeline.created_at, end, running=value == "RUNNING")


def _progress(pipeline: JobPipelineOutput) -> str:
    total = pipeline.total if isinstance(pipeline.total, int) else len(pipeline.job_runs or [])
    done = pipeline.completed
    if not isinstance(done, int):
        done = sum(status_value(r.status) == "COMPLETE" for r in pipeline.job_runs or [])
    return f"{done}/{total}"


def _kind(pipeline: JobPipelineOutput) -> str:
    if pipeline.is_definition is True:
        return "definition"
    if pipeline.is_definition is False:
        return "run"
    return DASH


def _done(state: State, as_json: bool, result: JobPipelineOutput, verb: str) -> None:
    if wants_json(state, as_json):
        print_json(result)
        return
    echo(f"{verb} {value_text(result.name)}: now {status_value(result.status)}")


def _print_settings(state: State, as_json: bool, pipeline: JobPipelineOutput) -> None:
    if wants_json(state, as_json):
        print_json(pipeline)
        return
    env = pipeline.environment_variables
    names = env or None
    pairs: list[tuple[str, RenderableType]] = [
        ("Pipeline", value_text(pipeline.name)),
        ("Python", value_text(pipeline.python_version)),
        (
            "Requirements",
            value_text(
                pipeline.requirements.splitlines()
                if isinstance(pipeline.requirements, str)
                else None
            ),
        ),
        ("Repository", value_text(pipeline.repository)),
        ("Workers", value_text(pipeline.workers)),
        ("Priority", value_text(pipeline.priority)),
        # Values may be secrets: names only.
        ("Environment", ", ".join(sorted(names)) if names else DASH),
    ]
    print_record(pairs)
