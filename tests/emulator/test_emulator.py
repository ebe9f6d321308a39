"""The emulator's configuration and lifecycle."""

from __future__ import annotations

import ast
import datetime as dt
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx2
import pytest

import datachain_studio
from datachain_studio import Studio
from datachain_studio.testing import DEFAULT_TEAM, DEFAULT_TOKEN, StudioEmulator
from tests.emulator.helpers import Api


def test_defaults_and_url() -> None:
    emulator = StudioEmulator()
    with pytest.raises(RuntimeError, match="not running"):
        _ = emulator.url
    with emulator:
        assert (emulator.token, emulator.team) == (DEFAULT_TOKEN, DEFAULT_TEAM)
        assert (emulator.token, emulator.team) == ("isat_emulator", "emulator")
        assert emulator.url == f"http://127.0.0.1:{emulator.port}"
        assert emulator.port > 0
        with Studio(token=emulator.token, url=emulator.url, team=emulator.team) as studio:
            assert studio.jobs.list() == []
    with pytest.raises(RuntimeError, match="started once"):
        emulator.start()


def test_token_and_team_can_be_chosen() -> None:
    with StudioEmulator(token="isat_mine", team="my-team") as emulator:
        api = Api(emulator)
        assert api("GET", "/api/datachain/jobs/", params={"team_name": "my-team"}).json() == []
        assert api("GET", "/api/datachain/clusters/", token="isat_emulator").status_code == 401


def test_bad_token_configuration_is_refused() -> None:
    with pytest.raises(ValueError, match="non-empty"):
        StudioEmulator(tokens={"isat_x": ""})
    with pytest.raises(ValueError, match="non-empty"):
        StudioEmulator(token="")


def test_custom_clusters() -> None:
    cluster = {
        "id": 7,
        "name": "tiny",
        "status": "ACTIVE",
        "cloud_provider": "GCP",
        "is_active": True,
        "default": True,
        "max_workers": 1,
    }
    with (
        StudioEmulator(clusters=[cluster]) as emulator,
        Studio(token=emulator.token, url=emulator.url, team=emulator.team) as studio,
    ):
        assert [c.name for c in studio.clusters.list()] == ["tiny"]
        assert studio.jobs.create("x").compute_cluster_id == 7


def test_stop_closes_connections_and_deletes_uploads() -> None:
    with StudioEmulator() as emulator:
        api = Api(emulator)
        upload = api(
            "POST",
            "/api/datachain/jobs/files",
            params={"team_name": "emulator"},
            files={"file": ("a.txt", b"abc")},
        ).json()
        stored = emulator.upload_path(upload["id"])
        assert stored.read_bytes() == b"abc"
    assert not stored.exists()
    with pytest.raises(httpx2.TransportError):
        api("GET", "/api/datachain/clusters/")  # the kept-alive connection is gone too


# The modules of the `testing` extra (not h11 and wsproto, which httpx2[ws] brings too).
TESTING_EXTRA = (
    "yaml",
    "jsonschema",
    "referencing",
    "uvicorn",
    "python_multipart",
    "multipart",
)


def test_the_core_package_does_not_need_the_testing_extra() -> None:
    package = Path(datachain_studio.__file__).parent
    for source in package.rglob("*.py"):
        relative = source.relative_to(package)
        # The local Studio itself, and the CLI command that starts it (it imports the
        # testing extra only when run, and says how to install it when it is missing).
        if "testing" in relative.parts or relative.as_posix() == "cli/emulator.py":
            continue
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""] + [alias.name for alias in node.names]
            for name in names:
                assert not name.startswith(TESTING_EXTRA), source
                assert "testing" not in name.split("."), source
    code = (
        "import sys, datachain_studio; from datachain_studio import Studio; "
        "Studio(token='t', url='http://127.0.0.1:1', team='t').jobs; "
        # wsproto is a dependency, imported only when a log stream is opened.
        f"print(sorted(m for m in {(*TESTING_EXTRA, 'wsproto', 'datachain_studio.testing')!r} "
        "if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=30, check=True
    )
    assert result.stdout.strip() == "[]"


def test_concurrent_requests_keep_the_state_consistent(studio_emulator: StudioEmulator) -> None:
    api = Api(studio_emulator)  # one httpx2.Client, shared by the threads

    def create(n: int) -> str:
        response = api(
            "POST", "/api/datachain/jobs/", json=api.team(query=f"print({n})", query_type="PYTHON")
        )
        return str(response.json()["id"])

    with ThreadPoolExecutor(max_workers=8) as pool:
        created = list(pool.map(create, range(40)))
    listed = api("GET", "/api/datachain/jobs/", params=api.team(limit=100)).json()
    assert len(set(created)) == 40
    assert {job["id"] for job in listed} == set(created)
    times = [dt.datetime.fromisoformat(job["created_at"]) for job in listed]
    assert times == sorted(times, reverse=True)  # newest first
    assert studio_emulator.contract_violations == []
