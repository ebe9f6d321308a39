"""Results and names a user expects (issue 20): full names, the prefix that matches them,
when a version was removed, and statuses and entry kinds as enums. Each test failed before
its fix."""

from __future__ import annotations

import asyncio
import pickle
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from datachain_studio import AsyncStudio, Studio
from datachain_studio.testing import StudioEmulator
from datachain_studio.types import (
    Dataset,
    DatasetVersion,
    DatasetVersionStatus,
    DirType,
    ParseError,
    StorageEntry,
)


def _project() -> str:
    return f"p{uuid.uuid4().hex[:8]}"


# --- full names ----------------------------------------------------------------------------


def test_a_dataset_has_its_full_name(studio: Studio, studio_emulator: StudioEmulator) -> None:
    project = _project()
    studio_emulator.add_dataset(f"dev.{project}.dogs")
    listed = [d for d in studio.datasets.list() if d.project.name == project]
    assert [d.full_name for d in listed] == [f"dev.{project}.dogs"]
    got = studio.datasets.get(listed[0].full_name)  # what a method takes
    assert got.full_name == f"dev.{project}.dogs"
    assert got.name == "dogs"


def test_the_full_name_is_derived_not_sent() -> None:
    data = {"name": "dogs", "project": {"name": "animals", "namespace": {"name": "@jane"}}}
    dataset = Dataset.from_dict({**data, "versions": []})
    assert dataset.full_name == "@jane.animals.dogs"
    assert "full_name" not in dataset.to_dict()
    built = Dataset.from_dict(dataset.to_dict())
    assert built.full_name == dataset.full_name
    # A loosely read answer without a part: None, as a required field left out reads.
    assert Dataset.from_dict({"name": "dogs", "project": {"name": "x"}}).full_name is None
    assert Dataset.from_dict({"name": "dogs", "project": "x"}).full_name is None


# --- the prefix matches full names ---------------------------------------------------------


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_the_prefix_matches_the_full_name(
    mode: str, studio: Studio, async_studio: AsyncStudio, studio_emulator: StudioEmulator
) -> None:
    project = _project()
    for name in ("dogs", "dingos", "cats"):
        studio_emulator.add_dataset(f"dev.{project}.{name}")
    studio_emulator.add_dataset(f"prod.{project}.dogs")

    def names(prefix: str) -> list[str]:
        if mode == "sync":
            found = studio.datasets.list(prefix=prefix)
        else:
            found = asyncio.run(async_studio.datasets.list(prefix=prefix))
        return sorted(d.full_name for d in found if d.project.name == project)

    assert names("dev") == [f"dev.{project}.{n}" for n in ("cats", "dingos", "dogs")]
    assert names(f"dev.{project}.") == names("dev")
    assert names(f"dev.{project}.d") == [f"dev.{project}.dingos", f"dev.{project}.dogs"]
    assert names("prod") == [f"prod.{project}.dogs"]
    assert names("dogs") == []  # a bare name is not what the tables show


# --- removed versions ----------------------------------------------------------------------


def test_a_removed_version_says_when_in_the_list(
    studio: Studio, studio_emulator: StudioEmulator
) -> None:
    name = f"dev.{_project()}.dogs"
    studio_emulator.add_dataset(name, versions=["1.0.0", "2.0.0"])
    studio.datasets.delete(name, version="1.0.0")

    listed = next(d for d in studio.datasets.list(include_removed=True) if d.full_name == name)
    old, new = listed.versions
    assert old.status is DatasetVersionStatus.REMOVED
    assert old.removed_at is not None and old.removed_at.tzinfo is not None
    assert new.status is DatasetVersionStatus.COMPLETE and new.removed_at is None
    got = studio.datasets.get(name, include_removed=True).versions[0]
    assert got.removed_at == old.removed_at  # the list and the dataset agree


# --- enums open to later values ------------------------------------------------------------


def test_a_version_status_is_an_open_int_enum() -> None:
    complete = DatasetVersion.from_dict({"version": "1.0.0", "status": 4})
    assert complete.status is DatasetVersionStatus.COMPLETE
    assert complete.status == 4 and complete.status in DatasetVersionStatus
    later = DatasetVersion.from_dict({"version": "1.0.0", "status": 11})
    assert isinstance(later.status, DatasetVersionStatus)
    assert later.status == 11 and later.status not in DatasetVersionStatus
    assert 11 not in DatasetVersionStatus and 8 in DatasetVersionStatus
    assert later.status.name == "11"
    assert pickle.loads(pickle.dumps(later.status)) is later.status
    assert pickle.loads(pickle.dumps(later)) == later
    assert later.to_dict()["status"] == 11  # as received
    assert DatasetVersion.validate({"version": "1.0.0", "status": 11}).status == 11
    with pytest.raises(ParseError, match="or another integer"):
        DatasetVersion.validate({"version": "1.0.0", "status": "COMPLETE"})
    built = DatasetVersion(version="1.0.0", status=DatasetVersionStatus.REMOVED)
    assert built.to_dict() == {"version": "1.0.0", "status": 8}
    assert DatasetVersion(version="1.0.0", status=12).to_dict()["status"] == 12


def test_a_storage_entry_kind_is_an_open_int_enum() -> None:
    def kind(value: object) -> object:
        entry = StorageEntry.from_dict({"name": "x", "dir_type": value, "last_modified": None})
        return entry.dir_type

    assert kind(0) is DirType.FILE and not kind(0)  # a file is falsy, as the official CLI reads
    assert kind(1) is DirType.DIR and kind(5) is DirType.TAR_ARCHIVE
    later = kind(7)
    assert isinstance(later, DirType) and later == 7 and later not in DirType


def test_the_local_studio_answers_with_the_enums(
    studio: Studio, studio_emulator: StudioEmulator, tmp_path: Path
) -> None:
    pytest.importorskip("msgpack")
    folder = tmp_path / "bucket"
    (folder / "dogs").mkdir(parents=True)
    (folder / "dogs" / "dog1").write_bytes(b"woof")
    with (
        StudioEmulator(storage={"s3://bucket": folder}) as emu,
        Studio(token=emu.token, url=emu.url, team=emu.team) as client,
    ):
        entries = {e.name: e.dir_type for e in client.storage.ls("s3://bucket/")}
        assert entries == {"dogs": DirType.DIR}
        assert isinstance(entries["dogs"], DirType)
    name = f"dev.{_project()}.dogs"
    studio_emulator.add_dataset(name)
    (version,) = studio.datasets.get(name).versions
    assert version.status is DatasetVersionStatus.COMPLETE


# --- a client dropped without close() ------------------------------------------------------

_DROPPED = """
import gc
from datachain_studio import Studio
from datachain_studio.testing import StudioEmulator

with StudioEmulator() as emu:
    studio = Studio(token=emu.token, url=emu.url, team=emu.team)
    shared = studio.with_options(timeout=20)
    shared.clusters.list()
    del shared
    gc.collect()
    studio.clusters.list()  # what `with_options` gave shared the connections: still open
    closed = Studio(token=emu.token, url=emu.url, team=emu.team)
    closed.clusters.list()
    closed.close()
    del studio, closed
    gc.collect()
    print("done")
"""


def test_a_dropped_studio_closes_its_connections_quietly() -> None:
    done = subprocess.run(
        [sys.executable, "-X", "dev", "-W", "error::ResourceWarning", "-c", _DROPPED],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "done"
    assert "ResourceWarning" not in done.stderr, done.stderr
    assert "unclosed" not in done.stderr, done.stderr
