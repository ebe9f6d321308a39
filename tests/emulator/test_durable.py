"""Durable state: with a data directory, a local Studio killed with `kill -9` and started again
on the same directory has every job, upload, pipeline, schedule and RBAC object it had
acknowledged. Without one (the default, and what tests use) nothing is written."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from datachain_studio import NotFoundError, Studio
from datachain_studio.testing import DataDirError, StudioEmulator
from datachain_studio.testing._handlers import HANDLERS
from datachain_studio.testing._handlers.base import Context
from datachain_studio.testing._state import Credential, Group, State, User
from datachain_studio.testing._store import SqliteStore

TOKEN = "isat_durable"
TEAM = "durable"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Local:
    """`python -m datachain_studio.testing --data-dir DIR` in a process of its own."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.port = free_port()
        self.process: subprocess.Popen[str] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Studio:
        command = [sys.executable, "-m", "datachain_studio.testing", "--data-dir",
                   str(self.data_dir), "--port", str(self.port), "--token", TOKEN,
                   "--team", TEAM, "--job-step-seconds", "0.05"]  # fmt: skip
        self.process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        assert self.process.stdout is not None
        deadline = time.monotonic() + 30
        seen = []
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            seen.append(line)
            if "listening on" in line:
                return Studio(token=TOKEN, url=self.url, team=TEAM, max_retries=0)
            if not line and self.process.poll() is not None:
                break
        raise AssertionError("the local Studio did not start:\n" + "".join(seen))

    def kill(self) -> None:
        assert self.process is not None
        os.kill(self.process.pid, signal.SIGKILL)  # no chance to flush or close anything
        self.process.wait(timeout=10)
        assert self.process.returncode == -signal.SIGKILL

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
        if self.process is not None and self.process.stdout is not None:
            self.process.stdout.close()


@pytest.fixture
def local(tmp_path: Path) -> Iterator[Local]:
    server = Local(tmp_path / "studio")
    yield server
    server.stop()


def snapshot(studio: Studio) -> dict[str, Any]:
    jobs = studio.jobs.list(limit=100)
    pipelines = studio.pipelines.list(limit=100)
    schedules = studio.schedules.list()
    groups = studio.access_groups.list()
    return {
        "jobs": {str(j.id): (j.name, j.query) for j in jobs},
        "pipelines": {str(p.pipeline_id): (p.name, p.is_definition, p.total) for p in pipelines},
        "schedules": {s.id: (s.schedule_name, s.cron_expression, s.next_run) for s in schedules},
        "groups": {str(g.id): (g.name, g.member_count) for g in groups},
        "members": {
            str(g.id): [(m.user_id, m.role) for m in studio.access_groups.list_members(g.id)]
            for g in groups
        },
        "rules": {str(r.id): (r.resource_id, r.permission) for r in studio.access_rules.list()},
    }


def test_kill_9_loses_nothing_acknowledged(local: Local) -> None:
    studio = local.start()
    upload = studio.jobs.upload(b"a,b\n1,2\n", filename="data.csv")
    job = studio.jobs.create("print(1)", query_name="first", files=[upload])
    studio.jobs.create("print(2)", query_name="second")
    definition = studio.pipelines.trigger(["raw", "clean"])
    run = studio.pipelines.run(str(definition.pipeline_id))
    reviewed = studio.pipelines.trigger(["x"], review=True)
    schedule = studio.schedules.create(
        "0 * * * *", pipeline_name=definition.name, schedule_name="hourly"
    )
    studio.schedules.update(schedule.id, cron_expression="30 * * * *")
    group = studio.access_groups.create("analysts", description="they analyse")
    studio.access_groups.add_member(group.id, user_id=7, role="write")
    studio.access_rules.create(
        resource_type="dataset", resource_id=12, permission="read", group_id=group.id
    )
    gone = studio.access_groups.create("temporary")
    studio.access_groups.delete(gone.id)
    before = snapshot(studio)
    local.kill()

    studio = local.start()
    after = snapshot(studio)
    assert after == before
    assert studio.pipelines.get(reviewed.name).status == "PAUSED"
    assert studio.pipelines.get(run.name).is_definition is False
    assert studio.schedules.get(schedule.id).cron_expression == "30 * * * *"
    # The upload: its bytes are on disk under the data directory and jobs can use it.
    stored = list((local.data_dir / "uploads").iterdir())
    assert [p.read_bytes() for p in stored] == [b"a,b\n1,2\n"]
    again = studio.jobs.create("print(3)", files=[upload])
    assert again.id not in {job.id}
    # Counters went on: new ids do not collide with the old ones.
    newer = studio.schedules.create("0 0 * * *", pipeline_name=definition.name)
    assert newer.id not in (schedule.id, upload.id)
    # Jobs went on moving after the restart.
    deadline = time.monotonic() + 10
    while studio.jobs.get(job.id).status != "COMPLETE":
        assert time.monotonic() < deadline
        time.sleep(0.05)
    local.kill()

    studio = local.start()
    assert studio.jobs.get(job.id).status == "COMPLETE"
    assert studio.schedules.get(newer.id).cron_expression == "0 0 * * *"


def test_without_a_data_dir_nothing_is_kept(tmp_path: Path) -> None:
    with StudioEmulator(token=TOKEN, team=TEAM) as emulator:
        assert emulator.state.store is None
        Studio(token=TOKEN, url=emulator.url, team=TEAM).jobs.create("print(1)")
    assert list(tmp_path.iterdir()) == []


def test_a_restart_with_the_same_seeds_seeds_nothing_twice(tmp_path: Path) -> None:
    """Seeds are applied once to a data directory: what a user changed since (description,
    attributes, a removed version, a new name) stays as they left it; only versions the
    seed file gained since are added."""
    seeds = tmp_path / "seeds.json"
    lions = {"name": "dev.zoo.lions", "versions": ["1.0.0", "1.0.1"], "rows": [{"n": 1}],
             "description": "from the seed", "attrs": ["seeded"]}  # fmt: skip
    tigers = {"name": "dev.zoo.tigers", "rows": [{"n": 2}], "description": "striped"}
    seeds.write_text(json.dumps([lions, tigers]), encoding="utf-8")
    data_dir = tmp_path / "studio"

    def started() -> StudioEmulator:
        emulator = StudioEmulator(token=TOKEN, team=TEAM, data_dir=data_dir)
        emulator.seed_datasets(seeds)
        return emulator

    with started() as first, Studio(token=TOKEN, url=first.url, team=TEAM) as studio:
        studio.datasets.update("dev.zoo.lions", description="edited", attrs=["mine"])
        studio.datasets.delete("dev.zoo.lions", version="1.0.1")
        studio.datasets.update("dev.zoo.tigers", new_name="stripes")
    lions["versions"] = ["1.0.0", "1.0.1", "2.0.0"]  # the seed file gained a version
    seeds.write_text(json.dumps([lions, tigers]), encoding="utf-8")
    with started() as second, Studio(token=TOKEN, url=second.url, team=TEAM) as studio:
        again = studio.datasets.get("dev.zoo.lions", include_removed=True)
        assert (again.description, again.attrs) == ("edited", ["mine"])
        live = studio.datasets.get("dev.zoo.lions")
        assert sorted(v.version for v in live.versions) == ["1.0.0", "2.0.0"]
        assert studio.datasets.get("dev.zoo.stripes").description == "striped"
        with pytest.raises(NotFoundError):  # renamed: not seeded again under its old name
            studio.datasets.get("dev.zoo.tigers", include_removed=True)


# --- one local Studio per data directory, and one it can write -------------------------------

# How each way of starting the local Studio says that it cannot use its data directory.
ENTRY_POINTS = [
    (["-m", "datachain_studio.testing"], 1),
    (["-m", "datachain_studio", "emulator"], 69),
]


def refused_start(entry: list[str], data_dir: Path, prefix: list[str] | None = None) -> str:
    """Start the local Studio on `data_dir` expecting it to refuse: its stderr."""
    command = [*(prefix or []), sys.executable, *entry, "--data-dir", str(data_dir),
               "--port", "0"]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    expected = dict((tuple(e), code) for e, code in ENTRY_POINTS)[tuple(entry)]
    assert done.returncode == expected, (done.returncode, done.stdout, done.stderr)
    assert "Traceback" not in done.stderr and "listening on" not in done.stdout
    assert done.stderr.count("\n") == 1, done.stderr  # one line
    return done.stderr


def test_a_second_local_studio_on_the_same_data_dir_refuses_to_start(local: Local) -> None:
    studio = local.start()
    job = studio.jobs.create("print(1)")
    assert local.process is not None
    for entry, _ in ENTRY_POINTS:
        said = refused_start(entry, local.data_dir)
        assert f"another local Studio (process {local.process.pid}) is using " in said
        assert str(local.data_dir.resolve()) in said and "--data-dir" in said
    assert studio.jobs.get(job.id).query == "print(1)"  # the first one serves on
    local.kill()  # kill -9: its lock goes with it, and does not block the next one
    studio = local.start()
    assert studio.jobs.get(job.id).query == "print(1)"


def test_one_emulator_per_data_dir_in_one_process_too(tmp_path: Path) -> None:
    first = StudioEmulator(data_dir=tmp_path)
    with pytest.raises(DataDirError, match="another local Studio"):
        StudioEmulator(data_dir=tmp_path)
    first.stop()  # lets go of the directory
    with StudioEmulator(data_dir=tmp_path):
        pass
    with pytest.raises(ValueError, match="webhook_url"):  # a failed start lets go too
        StudioEmulator(data_dir=tmp_path, webhook_url="ftp://x")
    StudioEmulator(data_dir=tmp_path).stop()


@pytest.mark.parametrize(("entry", "status"), ENTRY_POINTS)
def test_a_data_dir_that_cannot_be_made_is_one_line_and_no_traceback(
    tmp_path: Path, entry: list[str], status: int
) -> None:
    a_file = tmp_path / "a-file"
    a_file.write_text("not a folder")
    said = refused_start(entry, a_file / "studio")
    assert f"cannot keep state in {a_file / 'studio'}: Not a directory" in said
    said = refused_start(entry, a_file)
    assert f"cannot keep state in {a_file}: it is not a directory" in said


def read_only_prefix(folder: Path) -> list[str]:
    """A command prefix running what follows with `folder` read-only: a read-only bind
    mount of it (as root, who may write anything whatever the modes say), else the folder's
    write permissions taken away."""
    if os.geteuid() != 0:
        for path in [folder, *folder.rglob("*")]:
            path.chmod(path.stat().st_mode & ~0o222)
        return []
    script = 'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" && exec "$@"'
    prefix = ["unshare", "-m", "sh", "-c", script, str(folder)]
    probe = subprocess.run([*prefix, "true"], capture_output=True, timeout=30, check=False)
    if probe.returncode != 0:
        pytest.skip(f"no read-only mount for a root test run here: {probe.stderr!r}")
    return prefix


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions and mounts")
def test_a_data_dir_on_a_read_only_disk_is_refused_at_the_start(local: Local) -> None:
    studio = local.start()
    studio.jobs.create("print(1)")
    local.kill()
    prefix = read_only_prefix(local.data_dir)
    try:
        for entry, _ in ENTRY_POINTS:
            said = refused_start(entry, local.data_dir, prefix)
            assert f"cannot keep state in {local.data_dir.resolve()}: " in said
            assert "Read-only file system" in said or "Permission denied" in said
    finally:
        for path in [local.data_dir, *local.data_dir.rglob("*")]:
            path.chmod(path.stat().st_mode | 0o200)


# --- the store on its own ------------------------------------------------------------------


def state(directory: Path) -> State:
    user = User(1, "user1")
    return State(
        [Credential(TOKEN, user, (TEAM,))],
        clock=lambda: dt.datetime(2026, 5, 4, 10, 7, 30, tzinfo=dt.UTC),
        step=None,
        upload_dir=directory / "tmp",
        store=SqliteStore(directory),
    )


def call(st: State, operation: str, body: Any = None, **params: Any) -> Any:
    with st.lock:
        team = st.teams[TEAM]
        st.catch_up(team)
        ctx = Context(st, team, st.users[1], params, body, None, "http://x")
        return HANDLERS[operation](ctx).body


def test_a_crashed_request_is_rolled_back_to_the_last_commit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    st = state(tmp_path)
    made = call(st, "create_access_group", {"name": "kept", "team_name": TEAM})

    def crash(self: Group) -> dict[str, Any]:
        raise RuntimeError("crash after the change")

    monkeypatch.setattr(Group, "to_json", crash)  # the handler changes the group, then crashes
    with pytest.raises(RuntimeError):
        call(
            st, "update_access_group", {"name": "changed", "description": "d"}, group_id=made["id"]
        )
    monkeypatch.undo()
    group = st.teams[TEAM].groups[made["id"]]
    assert (group.name, group.description) == ("kept", None)  # rolled back
    assert st.store is not None
    st.store.close()
    assert state(tmp_path).teams[TEAM].groups[made["id"]].name == "kept"


def test_objects_come_back_equal(tmp_path: Path) -> None:
    st = state(tmp_path)
    job = call(st, "create_job", {"query": "print(1)", "query_type": "PYTHON", "team_name": TEAM})
    definition = call(st, "trigger_pipeline", {"datasets": ["a", "b"], "team_name": TEAM})
    name = definition["pipeline"]["name"]
    schedule = call(
        st,
        "create_pipeline_schedule",
        {"pipeline_name": name, "cron_expression": "0 * * * *", "team_name": TEAM},
    )
    sid = schedule["schedule"]["id"]
    seen = (
        call(st, "list_jobs"),
        call(st, "get_pipeline", name=name),
        call(st, "get_pipeline_schedule", schedule_id=sid),
        st.teams[TEAM].jobs[job["id"]].logs,
    )
    assert st.store is not None
    st.store.close()  # one store on a directory at a time
    again = state(tmp_path)
    assert call(again, "list_jobs") == seen[0]
    assert call(again, "list_jobs")[0]["id"] == job["id"]
    assert call(again, "get_pipeline", name=name) == seen[1]
    assert call(again, "get_pipeline_schedule", schedule_id=sid) == seen[2]
    assert again.teams[TEAM].jobs[job["id"]].logs == seen[3]
    assert again.next_id() == st.next_id()
