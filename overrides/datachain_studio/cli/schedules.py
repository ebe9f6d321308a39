"""`datachain-studio schedules`: start pipeline runs on a cron schedule."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from ._context import (
    OrderedGroup,
    State,
    json_option,
    parse_moment,
    pass_state,
    split_pipeline,
    wants_json,
)
from ._output import (
    echo,
    format_time,
    print_json,
    print_record,
    print_table,
    status_text,
    value_text,
)

if TYPE_CHECKING:
    from rich.console import RenderableType

    from ..types import PipelineScheduleOutput

_START = click.option(
    "--start-time",
    metavar="TIME",
    help="No runs before TIME: ISO 8601, '2030-06-01 9:30', 'June 1 9am', 'tomorrow 9:00', +2h. "
    "Local time unless it names a zone. A date without a year, or a time without a day, is its "
    "next occurrence; a time in the past is refused.",
)
_ID = click.argument("schedule_id", metavar="SCHEDULE_ID", type=int)


@click.group(cls=OrderedGroup)
def schedules() -> None:
    """Start pipeline runs on a cron schedule."""


@schedules.command("ls")
@json_option
@pass_state
def list_schedules(state: State, as_json: bool) -> None:
    """List the team's schedules."""
    found = state.studio.schedules.list()
    if wants_json(state, as_json):
        print_json(found)
        return
    print_table(
        ["ID", "NAME", "CRON", "NEXT RUN", "START AFTER", "CREATED BY"],
        (
            [
                str(item.id),
                value_text(item.schedule_name),
                value_text(item.cron_expression),
                format_time(item.next_run),
                format_time(item.start_after),
                value_text(getattr(item.created_by, "username", None)),
            ]
            for item in found
        ),
        empty="No schedules.",
    )


@schedules.command("create")
@click.option(
    "--pipeline",
    "pipeline",
    required=True,
    metavar="PIPELINE",
    help="The pipeline definition to run: its name or id.",
)
@click.option(
    "--cron", required=True, metavar="EXPR", help='Five cron fields, quoted: "0 3 * * *".'
)
@click.option("--name", metavar="NAME", help="A name for the schedule.")
@_START
@json_option
@pass_state
def create(
    state: State,
    pipeline: str,
    cron: str,
    name: str | None,
    start_time: str | None,
    as_json: bool,
) -> None:
    """Schedule runs of a pipeline.

    \b
    Example:
      datachain-studio schedules create --pipeline keen-otter --cron "0 3 * * *" --name nightly
    """
    pipeline_name, pipeline_id = split_pipeline(pipeline)
    schedule = state.studio.schedules.create(
        cron,
        pipeline_id=pipeline_id,
        pipeline_name=pipeline_name,
        schedule_name=name,
        start_after=parse_moment(start_time) if start_time else None,
    )
    _print(state, as_json, schedule, f"Created schedule {schedule.id}")


@schedules.command("update")
@_ID
@click.option("--name", metavar="NAME", help="A new name.")
@click.option("--cron", metavar="EXPR", help="A new cron expression.")
@_START
@json_option
@pass_state
def update(
    state: State,
    schedule_id: int,
    name: str | None,
    cron: str | None,
    start_time: str | None,
    as_json: bool,
) -> None:
    """Change a schedule's name, cron expression or start time."""
    if name is None and cron is None and start_time is None:
        raise click.UsageError("Nothing to change: give --name, --cron or --start-time.")
    schedule = state.studio.schedules.update(
        schedule_id,
        schedule_name=name,
        cron_expression=cron,
        start_after=parse_moment(start_time) if start_time else None,
    )
    _print(state, as_json, schedule, f"Updated schedule {schedule_id}")


@schedules.command("pause")
@_ID
@json_option
@pass_state
def pause(state: State, schedule_id: int, as_json: bool) -> None:
    """Pause a schedule: no runs start until it is resumed."""
    schedule = state.studio.schedules.update(schedule_id, pause_pipeline=True)
    _print(state, as_json, schedule, f"Paused schedule {schedule_id}")


@schedules.command("resume")
@_ID
@json_option
@pass_state
def resume(state: State, schedule_id: int, as_json: bool) -> None:
    """Resume a paused schedule."""
    schedule = state.studio.schedules.update(schedule_id, pause_pipeline=False)
    _print(state, as_json, schedule, f"Resumed schedule {schedule_id}")


@schedules.command("get")
@_ID
@json_option
@pass_state
def get(state: State, schedule_id: int, as_json: bool) -> None:
    """Show a schedule, its pipeline and its latest run."""
    schedule = state.studio.schedules.get(schedule_id)
    _print(state, as_json, schedule, None)


@schedules.command("delete")
@_ID
@json_option
@pass_state
def delete(state: State, schedule_id: int, as_json: bool) -> None:
    """Delete a schedule (its pipeline stays)."""
    state.studio.schedules.delete(schedule_id)
    if wants_json(state, as_json):
        print_json({"deleted": "schedule", "id": schedule_id})
        return
    echo(f"Deleted schedule {schedule_id}")


def _print(
    state: State, as_json: bool, schedule: PipelineScheduleOutput, headline: str | None
) -> None:
    if wants_json(state, as_json):
        print_json(schedule)
        return
    if headline:
        echo(headline)
    pipeline = schedule.pipeline if schedule.pipeline else None
    latest = schedule.latest_run if schedule.latest_run else None
    latest_text: RenderableType = "-"
    if latest is not None:
        latest_text = status_text(latest.status)
        latest_text.append(f"  {value_text(latest.name)}, {format_time(latest.created_at)}")
    pairs: list[tuple[str, RenderableType]] = [
        ("ID", str(schedule.id)),
        ("Name", value_text(schedule.schedule_name)),
        ("Cron", value_text(schedule.cron_expression)),
        ("Next run", format_time(schedule.next_run)),
        ("Start after", format_time(schedule.start_after)),
        ("Pipeline", value_text(getattr(pipeline, "name", None))),
        ("Latest run", latest_text),
        ("Created", format_time(schedule.created_at)),
        ("Created by", value_text(getattr(schedule.created_by, "username", None))),
    ]
    print_record(pairs)
