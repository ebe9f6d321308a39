"""The official CLI's dataset commands against the local Studio: `dataset ls --studio` (the
list, and one dataset), `dataset edit`, `dataset rm --studio` (official-client-beyond-
reference.md, 2.1-2.4, 10.7).

The datasets are made the way Studio makes them: a job whose query saves them
(`.save("name")`) creates their first version when it completes."""

from __future__ import annotations

from typing import Any

import pytest

from datachain_studio.testing import StudioEmulator
from tests.compat.helpers import OfficialCli, api

SEEDED = ("dogs", "cats", "birds", "fish")


def served_datasets(emulator: StudioEmulator) -> list[dict[str, Any]]:
    with api(emulator) as http:
        response = http.get("/api/datachain/datasets", params={"team_name": emulator.team})
    assert response.status_code == 200, response.text
    datasets: list[dict[str, Any]] = response.json()
    return datasets


def full_name(dataset: dict[str, Any]) -> str:
    project = dataset["project"]
    return f"{project['namespace']['name']}.{project['name']}.{dataset['name']}"


@pytest.fixture(scope="module")
def names(still: StudioEmulator) -> dict[str, str]:
    """Each seeded dataset's short name -> `namespace.project.name`, as Studio lists it."""
    with api(still) as http:
        for name in SEEDED:
            response = http.post(
                "/api/datachain/jobs/",
                json={
                    "query": f'import datachain as dc\ndc.read_values(n=[1, 2]).save("{name}")\n',
                    "query_type": "PYTHON",
                    "query_name": f"make_{name}.py",
                    "team_name": still.team,
                },
            )
            assert response.status_code == 200, response.text
            still.finish_job(response.json()["id"])
    found = {dataset["name"]: full_name(dataset) for dataset in served_datasets(still)}
    assert set(found) >= set(SEEDED), found
    return {name: found[name] for name in SEEDED}


def table(lines: list[str]) -> list[list[str]]:
    """The rows of a tabulate `simple` table (after the dashes), split on runs of blanks."""
    for number, line in enumerate(lines):
        if line and set(line) <= {"-", " "}:
            return [row.split() for row in lines[number + 1 :] if row]
    raise AssertionError("no table in:\n" + "\n".join(lines))


def test_dataset_ls_studio_lists_every_dataset_with_its_latest_version(
    still_cli: OfficialCli, names: dict[str, str], still: StudioEmulator
) -> None:
    result = still_cli.run("dataset", "ls", "--studio")
    assert result.lines[0].split() == ["Name", "Latest", "Version"], str(result)
    rows = table(result.lines)
    assert [names["dogs"], "v1.0.0"] in rows, str(result)
    # One row per dataset Studio lists, each under its full name.
    assert sorted(row[0] for row in rows) == sorted(
        full_name(dataset) for dataset in served_datasets(still)
    )


def test_dataset_ls_of_one_dataset_lists_its_versions(
    still_cli: OfficialCli, names: dict[str, str]
) -> None:
    result = still_cli.run("dataset", "ls", names["dogs"], "--studio")
    assert table(result.lines) == [["dogs", "v1.0.0"]], str(result)


def test_dataset_ls_of_an_unknown_dataset_says_it_is_not_found(
    still_cli: OfficialCli, names: dict[str, str]
) -> None:
    namespace, project, _ = names["dogs"].split(".")
    missing = f"{namespace}.{project}.wolves"
    result = still_cli.run("dataset", "ls", missing, "--studio", code=1)
    (error,) = [line for line in result.err_lines if line]
    assert error.startswith("Error: ") and "not found" in error.lower(), str(result)


def test_dataset_edit_renames_and_describes_in_studio(
    still_cli: OfficialCli, names: dict[str, str], still: StudioEmulator
) -> None:
    result = still_cli.run(
        "dataset",
        "edit",
        names["cats"],
        "--new-name",
        "kittens",
        "--description",
        "Small cats",
        "--attrs",
        "a",
        "b=c",
    )
    assert result.lines == ["Dataset 'cats' updated in Studio", ""], str(result)
    namespace, project, _ = names["cats"].split(".")
    with api(still) as http:
        response = http.get(
            "/api/datachain/datasets/info",
            params={
                "namespace": namespace,
                "project": project,
                "name": "kittens",
                "team_name": still.team,
            },
        )
    assert response.status_code == 200, response.text
    edited = response.json()
    assert (edited["name"], edited["description"], edited["attrs"]) == (
        "kittens",
        "Small cats",
        ["a", "b=c"],
    )
    assert "cats" not in {dataset["name"] for dataset in served_datasets(still)}


def test_dataset_rm_studio_removes_a_version_or_with_force_the_dataset(
    still_cli: OfficialCli, names: dict[str, str], still: StudioEmulator
) -> None:
    # Without a version nor --force the CLI sends `version: null, force: false`; what Studio
    # does then is not known (the local Studio refuses, as datachain's own removal does), so
    # both explicit forms are used here.
    one, every = still_cli.many(
        ("dataset", "rm", f"{names['birds']}@1.0.0", "--studio"),
        ("dataset", "rm", names["fish"], "--force", "--studio"),
    )
    assert one.lines == ["Dataset 'birds' removed from Studio", ""], str(one)
    assert every.lines == ["Dataset 'fish' removed from Studio", ""], str(every)
    assert not {"birds", "fish"} & {dataset["name"] for dataset in served_datasets(still)}
    listed = still_cli.run("dataset", "ls", "--studio")
    assert not {names["birds"], names["fish"]} & {row[0] for row in table(listed.lines)}
