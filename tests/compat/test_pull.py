"""The official client pulls a Studio dataset from the local Studio: `datachain dataset pull`
and `read_dataset` of a dataset only Studio has (official-client-beyond-reference.md, 2.2,
2.6-2.8, 10.7). Both export the version, wait for its chunks (the local Studio writes one
every `EXPORT_DELAY` seconds, so the client meets 404s first), read each one as LZ4-framed
Parquet and save the rows in the client's local catalog, which a script then reads back."""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import subprocess
from collections.abc import Iterator
from typing import Any

import pytest

from datachain_studio.testing import StudioEmulator
from tests.compat.helpers import TIMEOUT, OfficialCli, local_studio, official_datachain

EXPORT_DELAY = 0.3  # seconds between two chunks the local Studio writes
SEEN = dt.datetime(2024, 2, 23, 10, 42, 31, 842944, tzinfo=dt.UTC)
ROWS = [
    {"file__path": "dogs/1.jpg", "file__size": 101, "breed": "beagle", "good": True,
     "weight": 10.5, "seen": SEEN, "tags": {"colour": "tan"}},
    {"file__path": "dogs/2.jpg", "file__size": 102, "breed": None, "good": False,
     "weight": 30.0, "seen": SEEN + dt.timedelta(days=1), "tags": ["a", "b"]},
    {"file__path": "dogs/3.jpg", "file__size": 103, "breed": "husky", "good": True,
     "weight": 20.25, "seen": None, "tags": None},
    {"file__path": "dogs/4.jpg", "file__size": 104, "breed": "poodle", "good": None,
     "weight": None, "seen": SEEN, "tags": {}},
    {"file__path": "dogs/5.jpg", "file__size": 105, "breed": "pug", "good": False,
     "weight": 5.0, "seen": SEEN, "tags": [1]},
]  # fmt: skip
NEWER = [{**row, "breed": "mixed"} for row in ROWS[:3]]
READ = """
import json
import sys

import datachain as dc

name, version = sys.argv[1], sys.argv[2]
rows = dc.read_dataset(name, version=version).to_records()
print("ROWS " + json.dumps(sorted(rows, key=lambda row: row["file__path"]), default=str))
"""


def same_rows(got: list[dict[str, Any]], sent: list[dict[str, Any]]) -> bool:
    """Whether the rows the official client read back (`json.dumps(default=str)`: times as
    `str(datetime)`) are the rows seeded. A time may be 1 microsecond off: epoch seconds in a
    float64 keep about a quarter of one in this century, and the client converts them with
    `pandas.to_datetime(unit="s")`, as real Studio's chunks make it do. A null float comes
    back as NaN (the client's `Float` reads a null so, whatever the source)."""
    if len(got) != len(sent):
        return False
    for back, row in zip(got, sent, strict=True):
        if back.keys() != row.keys():
            return False
        for key, value in row.items():
            if isinstance(value, dt.datetime):
                moment = dt.datetime.fromisoformat(back[key])
                if abs(moment - value) > dt.timedelta(microseconds=1):
                    return False
            elif value is None and isinstance(back[key], float):
                if not math.isnan(back[key]):
                    return False
            elif back[key] != value:
                return False
    return True


@pytest.fixture(scope="module")
def pulling() -> Iterator[StudioEmulator]:
    """A local Studio with `dev.animals.dogs` 1.0.0 (5 rows) and 1.0.1 (3 rows), exported two
    rows a chunk, one chunk every `EXPORT_DELAY` seconds."""
    with local_studio(export_chunk_rows=2, export_delay=EXPORT_DELAY) as emulator:
        emulator.add_dataset("dev.animals.dogs", versions=["1.0.0"], rows=ROWS)
        emulator.add_dataset("dev.animals.dogs", versions=["1.0.1"], rows=NEWER)
        yield emulator


@pytest.fixture(scope="module")
def puller(pulling: StudioEmulator, tmp_path_factory: pytest.TempPathFactory) -> OfficialCli:
    return OfficialCli(pulling, tmp_path_factory.mktemp("compat-pull"))


def read_back(cli: OfficialCli, name: str, version: str) -> tuple[list[dict[str, Any]], str]:
    """The rows `dc.read_dataset(name, version=version)` gives in the official client's venv
    (sorted by path), and what else it printed."""
    python = official_datachain().parent / "python"
    done = subprocess.run(
        [str(python), "-c", READ, name, version],
        capture_output=True,
        text=True,
        env=cli.env,
        cwd=cli.cwd,
        timeout=TIMEOUT,
        check=False,
    )
    assert done.returncode == 0, f"--- stdout\n{done.stdout}\n--- stderr\n{done.stderr}"
    [line] = [line for line in done.stdout.splitlines() if line.startswith("ROWS ")]
    rows: list[dict[str, Any]] = json.loads(line.removeprefix("ROWS "))
    return rows, done.stdout


def test_dataset_pull_saves_the_exported_rows_locally(puller: OfficialCli) -> None:
    result = puller.run("dataset", "pull", "ds://dev.animals.dogs@v1.0.0")
    assert result.lines[:2] == [
        "Creating namespace dev and project animals",
        "Dataset ds://dev.animals.dogs@v1.0.0 saved locally as ds://dev.animals.dogs@v1.0.0",
    ], str(result)
    assert re.search(r"studio_export=[0-3]/3 ", result.err), str(result)  # three chunks
    rows, _ = read_back(puller, "dev.animals.dogs", "1.0.0")
    assert same_rows(rows, ROWS), rows  # every type back as it was: times, JSON, nulls
    again = puller.run("dataset", "pull", "ds://dev.animals.dogs@v1.0.0")
    assert again.lines[0] == (
        "Dataset already available locally as ds://dev.animals.dogs@v1.0.0"
    ), str(again)


def test_read_dataset_pulls_a_version_only_studio_has(puller: OfficialCli) -> None:
    rows, printed = read_back(puller, "dev.animals.dogs", "1.0.1")
    assert "Dataset not found in local catalog, trying to get from studio" in printed
    assert "saved locally as ds://dev.animals.dogs@v1.0.1" in printed
    assert same_rows(rows, NEWER), rows
