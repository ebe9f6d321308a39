"""A tour of the Studio API: upload, run a job, follow it, pipelines, schedules, access control.

Runs against whatever `Studio()` finds: the local Studio (`make demo` starts one and points
the environment at it), or a real Studio with `DATACHAIN_STUDIO_TOKEN`,
`DATACHAIN_STUDIO_URL` and `DATACHAIN_STUDIO_TEAM` set (or after `datachain auth login`).
Everything it creates, it deletes again at the end.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

from datachain_studio import Studio, StudioError

QUERY = """\
import csv
rows = list(csv.DictReader(open("numbers.csv")))
print(f"read {len(rows)} rows")
print("total:", sum(int(row["n"]) for row in rows))
"""


def step(title: str) -> None:
    print(f"\n== {title}")


def show(label: str, value: object) -> None:
    print(f"   {label:<14} {value}")


def main() -> int:
    studio = Studio()
    show("studio", studio.url)
    show("team", studio.team)
    cleanup = []
    try:
        step("Upload a file")
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder, "numbers.csv")
            path.write_text("n\n" + "\n".join(str(n) for n in range(1, 101)) + "\n")
            upload = studio.jobs.upload(path)
        show("file", f"{upload.filename} ({upload.size} bytes, id {upload.id}, {upload.state})")

        step("Run a job that uses it, and follow its logs")
        job = studio.jobs.create(QUERY, query_name="sum-numbers.py", files=[upload])
        show("job", f"{job.id} ({job.status})")
        for line in studio.jobs.follow(job.id, poll_interval=0.5, wait_timeout=600):
            print(f"   | {line}")
        job = studio.jobs.get(job.id)
        show("finished", f"{job.status} (exit code {job.exit_code})")

        step("Compute clusters")
        for cluster in studio.clusters.list():
            default = " (default)" if cluster.default else ""
            show(
                str(cluster.name), f"{cluster.status}, up to {cluster.max_workers} workers{default}"
            )

        step("Build a pipeline from a dataset and run it")
        definition = studio.pipelines.trigger(["numbers"])
        show("definition", f"{definition.name} ({len(definition.job_runs)} job(s))")
        run = studio.pipelines.run(str(definition.pipeline_id))
        show("run", f"{run.name} ({run.status})")

        step("Schedule it nightly, then pause the schedule")
        schedule = studio.schedules.create(
            "0 2 * * *",
            pipeline_name=definition.name,
            schedule_name="nightly-numbers",
            start_after=dt.datetime.now(dt.UTC),
        )
        cleanup.append(lambda: studio.schedules.delete(schedule.id))
        show(
            "schedule",
            f"{schedule.schedule_name}: '{schedule.cron_expression}', next {schedule.next_run}",
        )
        paused = studio.schedules.update(schedule.id, pause_pipeline=True)
        show("paused", f"next run {paused.next_run or '(none while paused)'}")

        step("Access control: a group, a member and a rule")
        group = studio.access_groups.create("demo-analysts", description="made by quickstart.py")
        cleanup.append(lambda: studio.access_groups.delete(group.id))
        member = studio.access_groups.add_member(group.id, user_id=1, role="read")
        show("group", f"{group.name} with {member.username or member.user_id} as {member.role}")
        rule = studio.access_rules.create(
            resource_type="namespace", resource_id="demo", permission="read", group_id=group.id
        )
        cleanup.append(lambda: studio.access_rules.delete(rule.id))
        target = f"{rule.resource_type} {rule.resource_id}"
        show("rule", f"{rule.group_name or group.name} may {rule.permission} {target}")
    except StudioError as error:
        print(f"\nfailed: {error}", file=sys.stderr)
        return 1
    finally:
        step("Clean up")
        for undo in reversed(cleanup):
            try:
                undo()
            except StudioError as error:
                print(f"   could not clean up: {error}", file=sys.stderr)
        show("deleted", f"{len(cleanup)} object(s)")
        studio.close()
    print("\ndone")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    sys.exit(main())
