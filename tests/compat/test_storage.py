"""The official CLI's `ls --studio PATH...` against the local Studio: `POST datachain/ls`,
answered in msgpack with datetimes as extension type 42 (official-client-beyond-reference.md,
3, 10.8). The storage `s3://pets` is a local folder."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from datachain_studio.testing import StudioEmulator
from tests.compat.helpers import OfficialCli, local_studio

MODIFIED = dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def emulator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StudioEmulator]:
    root = tmp_path_factory.mktemp("pets")
    for name in ("dogs/rex.jpg", "dogs/fido.jpg", "dogs/puppies/tiny.jpg", "cats/tom.jpg"):
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(name.encode())
    stamp = MODIFIED.timestamp()
    for path in [*root.rglob("*")]:
        os.utime(path, (stamp, stamp))
    empty = tmp_path_factory.mktemp("empty")
    with local_studio(job_step_seconds=None, storage={"s3://pets": root}) as emulator:
        emulator.add_storage("gs://busy", Path(empty), indexing=True)
        yield emulator


@pytest.fixture(scope="module")
def cli(emulator: StudioEmulator, tmp_path_factory: pytest.TempPathFactory) -> OfficialCli:
    return OfficialCli(emulator, tmp_path_factory.mktemp("compat-storage"))


def test_ls_studio_lists_a_folder_of_a_storage(cli: OfficialCli) -> None:
    result = cli.run("ls", "--studio", "s3://pets/dogs")
    assert result.lines == ["s3://pets/dogs:", "fido.jpg", "puppies/", "rex.jpg", ""], str(result)


def test_ls_studio_long_shows_the_modification_times(cli: OfficialCli) -> None:
    result = cli.run("ls", "--studio", "-l", "s3://pets/dogs")
    stamp = MODIFIED.strftime("%Y-%m-%d %H:%M").ljust(19)  # the CLI runs with TZ=UTC
    # 0.62.0 shell-quotes the whole long line (time and name), a folder's `/` left outside.
    assert result.lines == [
        "s3://pets/dogs:",
        f"'{stamp} fido.jpg'",
        f"'{stamp} puppies'/",
        f"'{stamp} rex.jpg'",
        "",
    ], str(result)


def test_ls_studio_of_several_paths_and_their_errors(cli: OfficialCli) -> None:
    # An error of one path is shown under it and the others are still listed, exit 0;
    # `data: null` is "Indexing in progress".
    result = cli.run("ls", "--studio", "s3://pets/cats", "s3://pets/birds", "gs://busy")
    lines = result.lines
    assert lines[:3] == ["s3://pets/cats:", "tom.jpg", ""], str(result)
    assert lines[3] == "s3://pets/birds:", str(result)
    assert lines[4].startswith("  Error: ") and "s3://pets/birds" in lines[4], str(result)
    assert lines[-4:] == ["gs://busy:", "  Error: Indexing in progress", "", ""], str(result)
