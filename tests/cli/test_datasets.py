"""`datachain-studio datasets ...` against the local Studio (each test seeds its own names:
the emulator is shared by the whole CLI suite)."""

from __future__ import annotations

import uuid
from pathlib import Path

from datachain_studio import Studio
from tests.cli.conftest import Cli
from tests.support.chunks import file_rows

ROWS = [{"id": i, "breed": f"breed-{i}"} for i in range(5)]


def seed(cli: Cli, *versions: str, rows: list[dict[str, object]] | None = None) -> str:
    """A fresh dataset with these versions; its full name."""
    name = f"dev.cli{uuid.uuid4().hex[:8]}.dogs"
    cli.emulator.add_dataset(
        name,
        versions=list(versions or ("1.0.0",)),
        rows=ROWS if rows is None else rows,
        description="Dog pictures",
        attrs=["dogs"],
    )
    return name


def test_ls_lists_datasets_with_their_latest_version(cli: Cli) -> None:
    name = seed(cli, "1.0.0", "1.2.0", "1.10.0")
    project = name.split(".")[1]
    cli.emulator.add_dataset(f"dev.{project}.ds_query_4711", versions="1.0.0")
    table, as_json = cli.both("datasets", "ls", "--prefix", f"dev.{project}.")

    row = next(line for line in table.out.splitlines() if line.startswith(name))
    assert row.split()[1:4] == ["v1.10.0", "3", "5"]  # latest by semver, versions, rows
    assert "ds_query_4711" not in table.out

    mine = [d for d in as_json.data if d["project"]["name"] == project]
    assert [d["name"] for d in mine] == ["dogs"]  # the temporary dataset is left out
    assert [v["version"] for v in mine[0]["versions"]] == ["1.0.0", "1.2.0", "1.10.0"]
    assert mine[0]["project"]["namespace"]["name"] == "dev"
    assert "attrs" in mine[0] and "_versions_loaded" in mine[0]  # every declared key


def test_info_shows_the_dataset_and_its_versions(cli: Cli) -> None:
    name = seed(cli, "1.0.0", "2.0.0")
    table, as_json = cli.both("datasets", "info", name)
    assert f"Name         {name}" in table.out
    assert "Dog pictures" in table.out
    assert "v1.0.0" in table.out and "v2.0.0" in table.out and "COMPLETE" in table.out
    assert as_json.data["name"] == "dogs"
    assert [v["num_objects"] for v in as_json.data["versions"]] == [5, 5]


def test_info_needs_a_full_name_and_a_known_dataset(cli: Cli) -> None:
    short = cli.run("datasets", "info", "dogs", code=64)
    assert "full name, namespace.project.name" in short.err
    versioned = cli.run("datasets", "info", "dev.animals.dogs@v1.0.0", code=64)
    assert "drop '@v1.0.0'" in versioned.err
    missing = cli.run("datasets", "info", f"dev.nowhere{uuid.uuid4().hex[:6]}.cats", code=66)
    assert "not found" in missing.err


def test_edit_renames_and_changes_description_and_attributes(cli: Cli, client: Studio) -> None:
    name = seed(cli)
    prefix = name.rsplit(".", 1)[0]
    result = cli.run(
        "datasets",
        "edit",
        name,
        "--new-name",
        "puppies",
        "--description",
        "Young dogs",
        "--attrs",
        "young",
        "--attrs",
        "size=small",
    )
    assert f"Updated dataset {name} (now {prefix}.puppies)" in result.out
    after = client.datasets.get(f"{prefix}.puppies")
    assert (after.description, after.attrs) == ("Young dogs", ["young", "size=small"])

    as_json = cli.run("--json", "datasets", "edit", f"{prefix}.puppies", "--description", "")
    assert as_json.data == {
        "updated": "dataset",
        "name": f"{prefix}.puppies",
        "new_name": None,
        "description": "",
        "attrs": None,
    }
    assert client.datasets.get(f"{prefix}.puppies").description == ""
    nothing = cli.run("datasets", "edit", f"{prefix}.puppies", code=64)
    assert "needs something to change" in nothing.err


def test_rm_removes_a_version_then_the_dataset(cli: Cli, client: Studio) -> None:
    name = seed(cli, "1.0.0", "1.0.1", "1.0.2")
    assert cli.run("datasets", "rm", f"{name}@v1.0.2").out.strip() == (
        f"Removed version 1.0.2 of {name}"
    )
    as_json = cli.run("datasets", "rm", name, "--version", "1.0.1", "--json")
    assert as_json.data == {"removed": "dataset", "name": name, "version": "1.0.1"}
    assert [v.version for v in client.datasets.get(name).versions] == ["1.0.0"]
    clash = cli.run("datasets", "rm", f"{name}@v1.0.0", "--version", "2.0.0", code=64)
    assert "give one" in clash.err

    refused = cli.run("datasets", "rm", name, code=65)  # every version: the local Studio asks force
    assert "Error:" in refused.err
    assert cli.run("datasets", "rm", name, "--force").out.strip() == f"Removed dataset {name}"
    cli.run("datasets", "info", name, code=66)


def test_export_prints_the_chunk_urls(cli: Cli) -> None:
    name = seed(cli)
    table, as_json = cli.both("datasets", "export", f"{name}@v1.0.0")
    urls = table.out.split()
    assert urls and all(url.startswith(cli.emulator.url + "/") for url in urls)
    assert " chunk" in table.err
    assert isinstance(as_json.data["export_id"], int) and as_json.data["signed_urls"]
    missing = cli.run("datasets", "export", name, code=64)
    assert f"as {name}@v1.0.0" in missing.err


def test_download_writes_the_rows_into_a_folder(cli: Cli, tmp_path: Path) -> None:
    name = seed(cli, "1.0.0", "1.1.0")
    out = tmp_path / "new" / "dogs"
    result = cli.run("datasets", "download", f"{name}@v1.1.0", "-o", str(out))
    paths = [Path(line) for line in result.out.splitlines()]
    assert paths and all(path.parent == out for path in paths)
    assert paths[0].name == "dogs@v1.1.0_00000.parquet.lz4"
    assert file_rows(paths) == ROWS
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in paths)  # no .part
    assert f"Downloaded {name}@v1.1.0" in result.err

    again = cli.run("--json", "datasets", "download", f"{name}@1.0.0", "-o", str(out))
    assert again.data["name"] == name and again.data["version"] == "1.0.0"
    assert isinstance(again.data["export_id"], int)
    assert again.data["bytes"] == sum(Path(f).stat().st_size for f in again.data["files"])


def test_download_of_an_unknown_dataset_leaves_nothing(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "never"
    result = cli.run(
        "datasets",
        "download",
        f"dev.none{uuid.uuid4().hex[:6]}.cats@v1.0.0",
        "-o",
        str(out),
        code=66,
    )
    assert "not found" in result.err
    assert not out.exists()
    cli.run("datasets", "download", "dev.animals.dogs", code=64)
