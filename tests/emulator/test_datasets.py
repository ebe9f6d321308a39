"""Datasets in the local Studio, over raw HTTP: seeding, list and info as the official client
reads them, edit, removal and tombstones, versions saved by jobs, exports and their chunks
(served without a token), and durability across a restart. Every answer is checked against
openapi.yaml by the emulator itself (a violation fails the test on exit)."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import httpx2
import pytest

from datachain_studio.testing import DEFAULT_TEAM, DEFAULT_TOKEN, StudioEmulator
from tests.emulator.helpers import JOBS, Api, Clock
from tests.support.chunks import chunk_rows, chunk_table

DATASETS = "/api/datachain/datasets"
INFO = f"{DATASETS}/info"
JOB_VERSIONS = f"{DATASETS}/dataset_job_versions"
EXPORT = f"{DATASETS}/export"
EXPORT_STATUS = f"{DATASETS}/export-status"
ISO = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00")
DOGS = {"namespace": "dev", "project": "animals", "name": "dogs"}
ROWS = [{"file__path": f"dogs/{n}.jpg", "file__size": 100 * n, "breed": b} for n, b in
        enumerate(["beagle", "collie", "husky", "poodle", "pug"], 1)]  # fmt: skip

manual = pytest.mark.studio_emulator(job_step_seconds=None)


def seed(emulator: StudioEmulator, name: str = "dev.animals.dogs", **options: Any) -> Any:
    options.setdefault("versions", ["1.0.0", "1.0.1"])
    options.setdefault("rows", ROWS)
    return emulator.add_dataset(name, **options)


def info(api: Api, **params: Any) -> httpx2.Response:
    return api("GET", INFO, params=api.team(**{**DOGS, **params}))


def listed(api: Api, **params: Any) -> dict[str, list[str]]:
    """Full name -> versions, as `datachain dataset ls --studio --versions` shows them."""
    answer = api("GET", DATASETS, params=api.team(**params))
    assert answer.status_code == 200, answer.text
    return {
        f"{d['project']['namespace']['name']}.{d['project']['name']}.{d['name']}": [
            v["version"] for v in d["versions"]
        ]
        for d in answer.json()
    }


def versions_of(api: Api, job_id: str) -> list[tuple[str, str]]:
    answer = api("GET", JOB_VERSIONS, params=api.team(job_id=job_id))
    assert answer.status_code == 200, answer.text
    return [(v["dataset_name"], v["version"]) for v in answer.json()["dataset_versions"]]


def create_job(api: Api, query: str, **fields: Any) -> str:
    answer = api("POST", JOBS, json=api.team(query=query, query_type="PYTHON", **fields))
    assert answer.status_code == 200, answer.text
    return str(answer.json()["id"])


# --- list and info -------------------------------------------------------------------------


def test_list_and_info_carry_what_the_official_client_needs(
    studio_emulator: StudioEmulator, api: Api
) -> None:
    seeded = seed(studio_emulator, description="Dog pictures", attrs=["dogs", "size=any"])
    [entry] = api("GET", DATASETS, params=api.team()).json()
    # DatasetListRecord.from_dict (0.62): a dataset uuid, and these fields in every version.
    assert entry["uuid"] == seeded["uuid"] and entry["name"] == "dogs"
    assert entry["description"] == "Dog pictures" and entry["attrs"] == ["dogs", "size=any"]
    assert entry["project"]["name"] == "animals"
    assert entry["project"]["namespace"]["name"] == "dev"
    needed = {"id", "uuid", "dataset_id", "version", "status", "created_at", "finished_at",
              "error_message", "error_stack", "num_objects", "size"}  # fmt: skip
    for version in entry["versions"]:
        assert needed <= set(version)
        assert version["status"] == 4 and version["dataset_id"] == entry["id"]
        assert version["num_objects"] == 5 and version["size"] == 1500
        assert ISO.fullmatch(version["created_at"]) and ISO.fullmatch(version["finished_at"])
    assert [v["version"] for v in entry["versions"]] == ["1.0.0", "1.0.1"]

    answer = info(api)
    assert answer.status_code == 200
    data = answer.json()
    # DatasetRecord.from_dict (0.62): `_versions_loaded`; `_preview_loaded` and `preview`.
    assert data["_versions_loaded"] is True
    assert data["schema"] == {
        "file__path": {"type": "String"},
        "file__size": {"type": "Int64"},
        "breed": {"type": "String"},
    }
    for key in ("created_at", "finished_at"):
        assert ISO.fullmatch(data[key])
    for key in ("created_at",):
        assert ISO.fullmatch(data["project"][key])
        assert ISO.fullmatch(data["project"]["namespace"][key])
    for version in data["versions"]:
        assert version["_preview_loaded"] is True
        assert version["preview"] == ROWS
        assert version["schema"] == data["schema"]
    # The namespace and project are the same objects in every dataset of them.
    cats = seed(studio_emulator, "dev.animals.cats", versions=["1.0.0"], rows=[])
    assert cats["project"] == data["project"]
    birds = seed(studio_emulator, "dev.birds.owls", versions=["1.0.0"], rows=[])
    assert birds["project"]["namespace"] == data["project"]["namespace"]
    assert birds["project"]["id"] != data["project"]["id"]


def test_an_unknown_dataset_is_404_with_its_full_name(
    studio_emulator: StudioEmulator, api: Api
) -> None:
    seed(studio_emulator)
    answer = info(api, name="cats")
    assert answer.status_code == 404
    assert answer.json()["message"] == "Dataset dev.animals.cats not found"
    assert info(api, project="plants").status_code == 404
    assert info(api, namespace="prod").status_code == 404


def test_the_prefix_filters_the_list_by_name(studio_emulator: StudioEmulator, api: Api) -> None:
    seed(studio_emulator)
    seed(studio_emulator, "dev.animals.cats", versions=["1.0.0"])
    assert list(listed(api, prefix="ca")) == ["dev.animals.cats"]
    assert list(listed(api)) == ["dev.animals.dogs", "dev.animals.cats"]
    assert listed(api, prefix="zebra") == {}


def test_teams_do_not_see_each_others_datasets() -> None:
    with StudioEmulator(tokens={"isat_other": "other"}) as emulator:
        seed(emulator)
        seed(emulator, "dev.animals.cats", versions=["1.0.0"], team="other")
        api = Api(emulator)
        assert list(listed(api)) == ["dev.animals.dogs"]
        mine = api("GET", DATASETS, token="isat_other", params={"team_name": "other"}).json()
        assert [d["name"] for d in mine] == ["cats"]
        theirs = api("GET", INFO, params={**DOGS, "team_name": "other"})
        assert theirs.status_code == 403
        api.http.close()


def test_add_dataset_refuses_bad_seeds(studio_emulator: StudioEmulator) -> None:
    seed(studio_emulator)
    with pytest.raises(ValueError, match=r"has version 1\.0\.0 already"):
        seed(studio_emulator, versions=["1.0.2", "1.0.0"])
    with pytest.raises(ValueError, match="needs a namespace and a project"):
        studio_emulator.add_dataset("dogs")
    with pytest.raises(ValueError, match=r"MAJOR\.MINOR\.PATCH"):
        studio_emulator.add_dataset("dev.animals.cats", versions=["v1"])
    with pytest.raises(ValueError, match="cannot be sent as JSON"):
        studio_emulator.add_dataset("dev.animals.cats", rows=[{"x": object()}])
    with pytest.raises(ValueError, match="no team"):
        studio_emulator.add_dataset("dev.animals.cats", team="nobody")
    # Nothing of the refused seeds was kept; `exist_ok` leaves existing versions alone.
    again = seed(studio_emulator, versions=["1.0.1", "1.0.2"], rows=[], exist_ok=True)
    assert [(v["version"], v["num_objects"]) for v in again["versions"]] == [
        ("1.0.0", 5),
        ("1.0.1", 5),
        ("1.0.2", 0),
    ]


# --- edit ----------------------------------------------------------------------------------


def test_edit_renames_and_changes_description_and_attrs(
    studio_emulator: StudioEmulator, api: Api
) -> None:
    seed(studio_emulator, description="old", attrs=["a"])
    # The official client sends every key, null when not changed.
    body = {**DOGS, "new_name": "puppies", "description": "Young dogs", "attrs": ["b", "c=d"]}
    answer = api("POST", DATASETS, json=api.team(**body))
    assert answer.status_code == 200
    assert info(api).status_code == 404
    data = info(api, name="puppies").json()
    assert (data["description"], data["attrs"]) == ("Young dogs", ["b", "c=d"])
    unchanged = {"name": "puppies", "namespace": "dev", "project": "animals",
                 "new_name": None, "description": None, "attrs": None}  # fmt: skip
    assert api("POST", DATASETS, json=api.team(**unchanged)).status_code == 200
    data = info(api, name="puppies").json()
    assert (data["description"], data["attrs"]) == ("Young dogs", ["b", "c=d"])


def test_edit_refuses_a_name_clash_an_unknown_dataset_and_a_bad_name(
    studio_emulator: StudioEmulator, api: Api
) -> None:
    seed(studio_emulator)
    seed(studio_emulator, "dev.animals.cats", versions=["1.0.0"])
    seed(studio_emulator, "dev.pets.cats", versions=["1.0.0"])
    clash = api("POST", DATASETS, json=api.team(**DOGS, new_name="cats"))
    assert clash.status_code == 409
    assert clash.json()["message"] == "Dataset dev.animals.cats already exists"
    missing = api("POST", DATASETS, json=api.team(**{**DOGS, "name": "wolves"}, new_name="x"))
    assert missing.status_code == 404
    assert missing.json()["message"] == "Dataset dev.animals.wolves not found"
    bad = api("POST", DATASETS, json=api.team(**DOGS, new_name="a.b"))
    assert bad.status_code == 400
    assert info(api).json()["name"] == "dogs"  # nothing changed


# --- removal -------------------------------------------------------------------------------


def test_removing_a_version_leaves_a_tombstone(studio_emulator: StudioEmulator, api: Api) -> None:
    seed(studio_emulator)
    body = api.team(**DOGS, version="1.0.0", force=False)
    assert api("DELETE", DATASETS, json=body).status_code == 200
    assert listed(api) == {"dev.animals.dogs": ["1.0.1"]}
    assert [v["version"] for v in info(api).json()["versions"]] == ["1.0.1"]
    assert listed(api, include_removed="True") == {"dev.animals.dogs": ["1.0.0", "1.0.1"]}
    tomb = info(api, include_removed="True").json()["versions"][0]
    assert (tomb["version"], tomb["status"]) == ("1.0.0", 8)
    assert ISO.fullmatch(tomb["removed_at"])
    again = api("DELETE", DATASETS, json=body)
    assert again.status_code == 404
    assert again.json()["message"] == "Dataset dev.animals.dogs has no version 1.0.0"


def test_removing_a_whole_dataset_needs_force(studio_emulator: StudioEmulator, api: Api) -> None:
    seed(studio_emulator)
    body = api.team(**DOGS, version=None, force=False)
    refused = api("DELETE", DATASETS, json=body)
    assert refused.status_code == 400
    assert refused.json()["message"].startswith("Missing dataset version")
    assert listed(api) == {"dev.animals.dogs": ["1.0.0", "1.0.1"]}
    assert api("DELETE", DATASETS, json={**body, "force": True}).status_code == 200
    assert listed(api) == {}
    assert info(api).status_code == 404
    data = info(api, include_removed="true").json()
    assert data["status"] == 8 and {v["status"] for v in data["versions"]} == {8}
    assert listed(api, include_removed="true") == {"dev.animals.dogs": ["1.0.0", "1.0.1"]}
    gone = api("DELETE", DATASETS, json={**body, "force": True})
    assert gone.status_code == 404


def test_an_unknown_dataset_cannot_be_removed(studio_emulator: StudioEmulator, api: Api) -> None:
    answer = api("DELETE", DATASETS, json=api.team(**DOGS, version="1.0.0", force=True))
    assert answer.status_code == 404
    assert answer.json()["message"] == "Dataset dev.animals.dogs not found"


def test_a_read_only_token_cannot_edit_or_remove() -> None:
    with StudioEmulator(read_only_tokens=["isat_reader"]) as emulator:
        seed(emulator)
        api = Api(emulator)
        edit = api("POST", DATASETS, token="isat_reader", json=api.team(**DOGS, new_name="x"))
        assert edit.status_code == 403
        rm = api("DELETE", DATASETS, token="isat_reader", json=api.team(**DOGS, version="1.0.0"))
        assert rm.status_code == 403
        assert api("GET", DATASETS, token="isat_reader").status_code == 200
        api.http.close()


# --- jobs that save datasets ---------------------------------------------------------------


@manual
def test_a_job_creates_its_saved_versions_when_it_completes(
    studio_emulator: StudioEmulator, api: Api
) -> None:
    seed(studio_emulator)
    query = "\n".join(
        [
            "import datachain as dc",
            "# emulator: rows 3",
            "chain = dc.read_values(x=[1, 2, 3])",
            'chain.save("metrics")',  # short: the creator's namespace, project `default`
            'chain.save(name="dev.animals.dogs")',  # an existing dataset: next patch
            'chain.save("animals.cats", description="Cats", attrs=["c"])',  # two parts
            'chain.save("dev.animals.dogs", update_version="minor")',
            'chain.save("dev.animals.owls", version="2.5.0")',
            "chain.save(name_of_dataset)",  # not a literal: not known, skipped
        ]
    )
    job_id = create_job(api, query)
    studio_emulator.advance_job(job_id, 2)  # RUNNING
    assert versions_of(api, job_id) == []
    assert "@user1.default.metrics" not in listed(api)
    studio_emulator.finish_job(job_id)
    assert versions_of(api, job_id) == [
        ("@user1.default.metrics", "1.0.0"),
        ("dev.animals.dogs", "1.0.2"),
        ("@user1.animals.cats", "1.0.0"),
        ("dev.animals.dogs", "1.1.0"),
        ("dev.animals.owls", "2.5.0"),
    ]
    assert listed(api)["dev.animals.dogs"] == ["1.0.0", "1.0.1", "1.0.2", "1.1.0"]
    made = info(api, namespace="@user1", project="default", name="metrics").json()
    [version] = made["versions"]
    assert version["job_id"] == job_id and version["query_script"] == query
    assert version["num_objects"] == 3 and version["preview"] == [{"id": 1}, {"id": 2}, {"id": 3}]
    job = api("GET", JOBS, params=api.team(job_id=job_id)).json()[0]
    assert version["finished_at"].replace("+00:00", "Z") == job["finished_at"]
    cats = info(api, namespace="@user1", project="animals", name="cats").json()
    assert (cats["description"], cats["attrs"]) == ("Cats", ["c"])
    # Reading again creates nothing more.
    assert len(versions_of(api, job_id)) == 5


@manual
def test_failed_and_canceled_jobs_save_nothing(studio_emulator: StudioEmulator, api: Api) -> None:
    failed = create_job(api, 'dc.read_values(x=[1]).save("dogs")\n# emulator: fail boom')
    studio_emulator.advance_job(failed, 3)
    assert studio_emulator.job_status(failed) == "FAILED"
    canceled = create_job(api, 'dc.read_values(x=[1]).save("dogs")')
    assert api("POST", f"{JOBS}{canceled}/cancel", json=api.team()).status_code == 200
    fail_now = create_job(api, 'dc.read_values(x=[1]).save("dogs")')
    studio_emulator.fail_job(fail_now, "nope")
    for job_id in (failed, canceled, fail_now):
        assert versions_of(api, job_id) == []
    assert listed(api) == {}


@manual
def test_a_job_environment_and_a_query_that_is_not_python(
    studio_emulator: StudioEmulator, api: Api
) -> None:
    env = "DATACHAIN_PROJECT=team.reports"
    by_env = create_job(api, 'x.save("weekly")', environment=env)
    broken = create_job(api, 'this is not python (\nx.save( "raw" )\ny.save(name="z.raw")')
    for job_id in (by_env, broken):
        studio_emulator.finish_job(job_id)
    assert versions_of(api, by_env) == [("team.reports.weekly", "1.0.0")]
    assert versions_of(api, broken) == [
        ("@user1.default.raw", "1.0.0"),
        ("@user1.z.raw", "1.0.0"),
    ]


@manual
def test_a_version_saved_after_a_removal_bumps_past_the_tombstones(
    studio_emulator: StudioEmulator, api: Api
) -> None:
    seed(studio_emulator)
    removal = api.team(**DOGS, version=None, force=True)
    assert api("DELETE", DATASETS, json=removal).status_code == 200
    job_id = create_job(
        api, 'c.save("dev.animals.dogs")\nc.save("dev.animals.dogs", version="1.0.0")'
    )
    studio_emulator.finish_job(job_id)
    # The taken version 1.0.0 (removed) is not made again: that save is skipped.
    assert versions_of(api, job_id) == [("dev.animals.dogs", "1.0.2")]
    assert listed(api) == {"dev.animals.dogs": ["1.0.2"]}


def test_job_versions_of_an_unknown_job_is_404(api: Api) -> None:
    for job_id in ("1", "6f1c1d2e-0000-4000-8000-000000000000"):
        answer = api("GET", JOB_VERSIONS, params=api.team(job_id=job_id))
        assert answer.status_code == 404
        assert answer.json()["message"] == f"Job {job_id} not found"


@manual
def test_a_job_that_saves_nothing_has_no_versions(
    studio_emulator: StudioEmulator, api: Api
) -> None:
    job_id = create_job(api, "print('hi')")
    studio_emulator.finish_job(job_id)
    answer = api("GET", JOB_VERSIONS, params=api.team(job_id=job_id.upper()))
    assert answer.json() == {"dataset_versions": []}


# --- exports -------------------------------------------------------------------------------


def export(api: Api, version: str = "1.0.1", **params: Any) -> httpx2.Response:
    return api("GET", EXPORT, params=api.team(**DOGS, version=version, source="cli", **params))


def status(api: Api, export_id: int) -> dict[str, Any]:
    answer = api("GET", EXPORT_STATUS, params=api.team(export_id=export_id))
    assert answer.status_code == 200, answer.text
    return dict(answer.json())


def rows_of(response: httpx2.Response) -> list[dict[str, Any]]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/octet-stream"
    return chunk_rows(response.content)


@pytest.mark.studio_emulator(export_delay=None, export_chunk_rows=2)
def test_export_chunks_are_served_without_a_token_as_they_are_written(
    studio_emulator: StudioEmulator, api: Api
) -> None:
    seed(studio_emulator)
    answer = export(api)
    assert answer.status_code == 200
    export_id, urls = answer.json()["export_id"], answer.json()["signed_urls"]
    assert len(urls) == 3  # 5 rows, 2 a chunk
    assert all(url.startswith(f"{studio_emulator.url}/_exports/") for url in urls)
    assert status(api, export_id) == {"status": "pending", "files_done": 0, "num_files": 3}
    with httpx2.Client() as anonymous:  # no Authorization header
        assert [anonymous.get(url).status_code for url in urls] == [404, 404, 404]
        assert studio_emulator.advance_export(export_id) == 1
        assert rows_of(anonymous.get(urls[0])) == ROWS[:2]
        assert anonymous.get(urls[1]).status_code == 404
        assert status(api, export_id) == {"status": "running", "files_done": 1, "num_files": 3}
        studio_emulator.advance_export(export_id, 5)
        assert [rows_of(anonymous.get(url)) for url in urls] == [ROWS[:2], ROWS[2:4], ROWS[4:]]
        assert status(api, export_id)["status"] == "completed"
        assert anonymous.head(urls[2]).status_code == 200
        assert anonymous.post(urls[0]).status_code == 405
        # A wrong secret, or an index the export has not, is refused, not "not yet".
        wrong = urls[0].replace("/_exports/", "/_exports/x")
        assert anonymous.get(wrong).status_code == 403
        assert urls[0].endswith("/0.parquet.lz4")  # as real Studio's are named
        assert anonymous.get(urls[0].replace("/0.parquet", "/3.parquet")).status_code == 403
        assert anonymous.get(urls[0].replace(".parquet.lz4", ".jsonl")).status_code == 403
        assert anonymous.get(f"{studio_emulator.url}/_exports/").status_code == 403


def test_chunks_are_written_one_every_export_delay_seconds() -> None:
    clock = Clock()
    with StudioEmulator(clock=clock, export_delay=10, export_chunk_rows=2) as emulator:
        seed(emulator)
        api = Api(emulator)
        answer = export(api).json()
        urls = answer["signed_urls"]
        with httpx2.Client() as anonymous:
            assert anonymous.get(urls[0]).status_code == 404
            clock.advance(seconds=10)
            assert [anonymous.get(u).status_code for u in urls] == [200, 404, 404]
            clock.advance(seconds=25)
            assert status(api, answer["export_id"])["files_done"] == 3
            assert [anonymous.get(u).status_code for u in urls] == [200, 200, 200]
        api.http.close()


def test_export_at_once_by_default_and_an_empty_version_has_no_chunks(
    studio_emulator: StudioEmulator, api: Api
) -> None:
    seed(studio_emulator)
    seed(studio_emulator, versions=["2.0.0"], rows=[])
    full = export(api).json()
    assert status(api, full["export_id"]) == {"status": "completed", "files_done": 1,
                                              "num_files": 1}  # fmt: skip
    assert rows_of(httpx2.get(full["signed_urls"][0])) == ROWS
    empty = export(api, "2.0.0").json()
    assert empty["signed_urls"] == []
    assert status(api, empty["export_id"]) == {"status": "completed", "files_done": 0,
                                               "num_files": 0}  # fmt: skip


@pytest.mark.studio_emulator(export_chunk_rows=2)
def test_export_chunks_are_lz4_framed_parquet_typed_by_the_version_schema(
    studio_emulator: StudioEmulator, api: Api
) -> None:
    seen = dt.datetime(2024, 2, 23, 10, 42, 31, 842944, tzinfo=dt.UTC)
    rows = [
        {"file__path": "dogs/1.jpg", "file__size": 100, "good": True, "weight": 1.5,
         "seen": seen, "meta": {"a": [1, 2]}, "breed": None},
        {"file__path": "dogs/2.jpg", "file__size": 200, "good": False, "weight": 2.0,
         "seen": dt.datetime(2024, 2, 23, 10, 42, 31), "meta": [1], "breed": "pug"},
        {"file__path": "dogs/3.jpg", "file__size": 300, "good": None, "weight": None,
         "seen": None, "meta": None, "breed": "husky"},
    ]  # fmt: skip
    seed(studio_emulator, versions=["1.0.0"], rows=rows)
    urls = export(api, "1.0.0").json()["signed_urls"]
    tables = [chunk_table(httpx2.get(url).content) for url in urls]
    assert [table.num_rows for table in tables] == [2, 1]
    assert [(field.name, str(field.type)) for field in tables[0].schema] == [
        ("sys__id", "uint64"),
        ("sys__rand", "uint64"),
        ("file__path", "string"),
        ("file__size", "int64"),
        ("good", "bool"),
        ("weight", "double"),
        ("seen", "double"),  # DateTime: epoch seconds
        ("meta", "string"),  # JSON: its text
        ("breed", "string"),
    ]
    assert tables[1].schema == tables[0].schema  # the schema's types, not what nulls suggest
    got = [row for table in tables for row in table.to_pylist()]
    assert [row["sys__id"] for row in got] == [1, 2, 3]  # counted over the version
    assert all(0 <= row["sys__rand"] < 2**63 for row in got)
    # A time without an offset is taken as UTC.
    assert [row["seen"] for row in got] == [seen.timestamp(), seen.timestamp() - 0.842944, None]
    assert [row["meta"] for row in got] == ['{"a": [1, 2]}', "[1]", None]
    assert [row["good"] for row in got] == [True, False, None]
    assert [row["breed"] for row in got] == [None, "pug", "husky"]
    # The same chunk is the same bytes each time (sys__rand is fixed by version and row).
    again = export(api, "1.0.0").json()["signed_urls"]
    assert httpx2.get(again[1]).content == httpx2.get(urls[1]).content


def test_a_column_whose_values_do_not_fit_its_type_is_still_exported(
    studio_emulator: StudioEmulator, api: Api
) -> None:
    rows = [{"n": 1, "mixed": 1, "when": dt.datetime(2024, 1, 1, tzinfo=dt.UTC)},
            {"n": 2.5, "mixed": "a", "when": "not a time"}]  # fmt: skip
    seed(studio_emulator, versions=["1.0.0"], rows=rows)
    [url] = export(api, "1.0.0").json()["signed_urls"]
    table = chunk_table(httpx2.get(url).content)
    # Int64 by its first value, then a float: as pyarrow reads the values. Int64, then text:
    # each value's JSON text. DateTime, then text that is no time: the values as they are.
    assert str(table.schema.field("n").type) == "double"
    assert table.column("n").to_pylist() == [1.0, 2.5]
    assert table.column("mixed").to_pylist() == ["1", '"a"']
    assert table.column("when").to_pylist() == ["2024-01-01T00:00:00+00:00", "not a time"]


@pytest.mark.studio_emulator(export_delay=None)
def test_without_pyarrow_an_export_is_refused_with_the_extra_to_install(
    studio_emulator: StudioEmulator, api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(studio_emulator)
    started = export(api).json()
    studio_emulator.advance_export(started["export_id"], 5)
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # `import pyarrow` fails
    refused = export(api)
    assert refused.status_code == 501
    assert "pyarrow is not installed" in refused.json()["message"]
    assert "datachain-studio-client[testing]" in refused.json()["message"]
    chunk = httpx2.get(started["signed_urls"][0])
    assert chunk.status_code == 501 and "pyarrow" in chunk.json()["message"]
    monkeypatch.delitem(sys.modules, "pyarrow")
    assert rows_of(httpx2.get(started["signed_urls"][0])) == ROWS


def test_pyarrow_and_lz4_are_imported_only_when_an_export_is_written() -> None:
    script = """
import sys
import httpx2
from datachain_studio.testing import StudioEmulator

with StudioEmulator() as emulator:
    emulator.add_dataset("dev.animals.dogs", versions=["1.0.0"], rows=[{"n": 1}])
    with httpx2.Client(
        base_url=emulator.url, headers={"Authorization": f"token {emulator.token}"}
    ) as http:
        params = {"namespace": "dev", "project": "animals", "name": "dogs", "version": "1.0.0"}
        assert http.get("/api/datachain/datasets/info", params=params).status_code == 200
        before = sorted({"pyarrow", "lz4"} & set(sys.modules))
        assert http.get("/api/datachain/datasets/export", params=params).status_code == 200
        after = sorted({"pyarrow", "lz4"} & set(sys.modules))
print(before, after)
"""
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[0] == "[] ['lz4', 'pyarrow']"


@pytest.mark.studio_emulator(export_delay=None)
def test_export_errors(studio_emulator: StudioEmulator, api: Api) -> None:
    seed(studio_emulator)
    missing = export(api, "9.9.9")
    assert missing.status_code == 404
    assert missing.json()["message"] == "Dataset dev.animals.dogs has no version 9.9.9"
    other = api("GET", EXPORT, params=api.team(**{**DOGS, "name": "x"}, version="1.0.0"))
    assert other.status_code == 404
    unknown = api("GET", EXPORT_STATUS, params=api.team(export_id=999999))
    assert unknown.status_code == 404
    assert unknown.json()["message"] == "Export 999999 not found"
    # An export running when its version is removed ends: status `removed`, chunks 410.
    running = export(api, "1.0.0").json()
    removal = api.team(**DOGS, version="1.0.0")
    assert api("DELETE", DATASETS, json=removal).status_code == 200
    assert status(api, running["export_id"])["status"] == "removed"
    assert httpx2.get(running["signed_urls"][0]).status_code == 410
    # A removed version cannot be exported.
    removed = export(api, "1.0.0")
    assert removed.status_code == 404
    assert "is removed" in removed.json()["message"]


def test_another_teams_export_is_not_found() -> None:
    with StudioEmulator(tokens={"isat_other": "other"}) as emulator:
        seed(emulator)
        api = Api(emulator)
        made = export(api).json()
        theirs = api("GET", EXPORT_STATUS, token="isat_other",
                     params={"team_name": "other", "export_id": made["export_id"]})  # fmt: skip
        assert theirs.status_code == 404
        api.http.close()


# --- durability ----------------------------------------------------------------------------


def test_datasets_and_exports_survive_a_restart(tmp_path: Path) -> None:
    with StudioEmulator(data_dir=tmp_path, job_step_seconds=None, export_delay=None) as first:
        seed(first, description="kept", attrs=["a"])
        api = Api(first)
        job_id = create_job(api, 'c.save("dev.animals.dogs")')
        first.finish_job(job_id)
        assert versions_of(api, job_id) == [("dev.animals.dogs", "1.0.2")]
        api("DELETE", DATASETS, json=api.team(**DOGS, version="1.0.0"))
        api("POST", DATASETS, json=api.team(**DOGS, new_name="hounds"))
        made = api("GET", EXPORT, params=api.team(**{**DOGS, "name": "hounds"}, version="1.0.1"))
        export_id, [url] = made.json()["export_id"], made.json()["signed_urls"]
        first.advance_export(export_id)
        before = api("GET", DATASETS, params=api.team(include_removed="true")).json()
        api.http.close()
    with StudioEmulator(data_dir=tmp_path, job_step_seconds=None) as second:
        api = Api(second)
        assert api("GET", DATASETS, params=api.team(include_removed="true")).json() == before
        assert versions_of(api, job_id) == [("dev.animals.hounds", "1.0.2")]
        assert status(api, export_id)["status"] == "completed"
        moved = url.replace(url.split("/_exports/")[0], second.url)
        assert rows_of(httpx2.get(moved)) == ROWS
        # Ids go on from where they were.
        newer = seed(second, "dev.animals.cats", versions=["1.0.0"])
        assert newer["id"] > max(d["id"] for d in before)
        api.http.close()


def test_kill_9_keeps_seeded_and_saved_datasets(tmp_path: Path) -> None:
    """`python -m datachain_studio.testing --seed-datasets FILE --demo-datasets --data-dir`,
    killed with SIGKILL and started again: nothing acknowledged is lost, nothing seeded
    twice."""
    seeds = tmp_path / "seeds.json"
    seeds.write_text(json.dumps([{"name": "prod.zoo.lions", "versions": ["1.0.0"],
                                  "rows": [{"name": "leo"}], "attrs": ["big"]}]))  # fmt: skip
    data_dir = tmp_path / "studio"
    first = _Local(data_dir, seeds)
    try:
        api = first.api()
        assert listed(api) == {
            "dev.animals.dogs": ["1.0.0", "1.0.1"],
            "dev.animals.cats": ["1.0.0"],
            "prod.zoo.lions": ["1.0.0"],
        }
        job_id = create_job(api, 'c.save("prod.zoo.lions")')
        deadline = time.monotonic() + 20
        while versions_of(api, job_id) == []:
            assert time.monotonic() < deadline
            time.sleep(0.05)
        before = listed(api)
        api.http.close()
    finally:
        first.kill()
    second = _Local(data_dir, seeds)
    try:
        api = second.api()
        assert listed(api) == before
        assert before["prod.zoo.lions"] == ["1.0.0", "1.0.1"]
        assert versions_of(api, job_id) == [("prod.zoo.lions", "1.0.1")]
        api.http.close()
    finally:
        second.kill()


def test_a_bad_seed_file_stops_the_local_studio(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds.json"
    seeds.write_text(json.dumps([{"name": "no-namespace"}]))
    done = subprocess.run(
        [sys.executable, "-m", "datachain_studio.testing", "--seed-datasets", str(seeds),
         "--port", "0"],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 2
    assert "cannot seed datasets" in done.stderr and "namespace" in done.stderr


class _Local:
    """The local Studio in a process of its own, on a data directory, with seeds."""

    def __init__(self, data_dir: Path, seeds: Path) -> None:
        command = [sys.executable, "-m", "datachain_studio.testing", "--port", "0",
                   "--data-dir", str(data_dir), "--job-step-seconds", "0.05",
                   "--demo-datasets", "--seed-datasets", str(seeds)]  # fmt: skip
        self.process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        assert self.process.stdout is not None
        seen = []
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            seen.append(line)
            if "listening on" in line:
                self.url = line.split("listening on", 1)[1].strip()
                return
            if not line and self.process.poll() is not None:
                break
        raise AssertionError("the local Studio did not start:\n" + "".join(seen))

    def api(self) -> Api:
        # Api reads the token, team and URL of what it is given.
        where = SimpleNamespace(token=DEFAULT_TOKEN, team=DEFAULT_TEAM, url=self.url)
        return Api(cast(StudioEmulator, where))

    def kill(self) -> None:
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)
        if self.process.stdout is not None:
            self.process.stdout.close()
