"""The pytest plugin, enabled the documented way, in a pytest run of its own."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

CONFTEST = 'pytest_plugins = ["datachain_studio.testing.pytest_plugin"]\n'
TESTS = """
import asyncio

import httpx2
import pytest
from datachain_studio.testing._handlers import HANDLERS
from datachain_studio.testing._handlers.base import Reply


def test_state_is_fresh_one(studio):
    studio.access_groups.create("g")
    assert len(studio.access_groups.list()) == 1


def test_state_is_fresh_two(studio):
    assert studio.access_groups.list() == []


@pytest.mark.studio_emulator(job_step_seconds=None, team="inner", token="isat_inner")
def test_the_marker_configures_the_emulator(studio, studio_emulator):
    assert (studio.team, studio_emulator.token) == ("inner", "isat_inner")
    job = studio.jobs.create("print(1)")
    assert studio.jobs.get(job.id).status == "CREATED"


def test_async_studio(async_studio):
    assert asyncio.run(async_studio.clusters.list())[0].name == "default"
    assert asyncio.run(async_studio.jobs.list()) == []


def test_a_contract_violation_fails_the_test_at_teardown(studio_emulator, monkeypatch):
    monkeypatch.setitem(HANDLERS, "list_clusters", lambda ctx: Reply(200, [{}]))
    response = httpx2.get(
        studio_emulator.url + "/api/datachain/clusters/",
        headers={"Authorization": "Bearer " + studio_emulator.token},
    )
    assert response.status_code == 500
"""


def test_the_plugin_in_a_project_of_its_own(tmp_path: Path) -> None:
    (tmp_path / "pytest.ini").write_text("[pytest]\naddopts = --strict-markers\n")
    (tmp_path / "conftest.py").write_text(CONFTEST)
    (tmp_path / "test_inner.py").write_text(textwrap.dedent(TESTS))
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    summary = result.stdout.strip().splitlines()[-1]
    assert "5 passed, 1 error" in summary, result.stdout + result.stderr
    assert "ERROR at teardown of test_a_contract_violation_fails_the_test_at_teardown" in (
        result.stdout
    )
    assert "ContractViolationError" in result.stdout
    assert "list_clusters -> 200" in result.stdout
