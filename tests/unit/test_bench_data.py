"""The canned answers of `make bench` keep to the contract, so that every row can read them
(strict mode included)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

from datachain_studio._parsing import parse
from datachain_studio.types import JobOutput
from tests.spec import SPEC

BENCH = Path(__file__).resolve().parents[2] / "bench"


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_canned_jobs_are_the_contracts_examples_and_read_strictly() -> None:
    server = _load("server")
    assert SPEC["components"]["schemas"]["JobOutput"]["examples"] == server.JOB_EXAMPLES
    jobs = parse(json.loads(server.jobs_body(12)), list[JobOutput], strict=True)
    assert len(jobs) == 12 and len({job.id for job in jobs}) == 12
    assert all(job.url and job.url.endswith(str(job.id)) for job in jobs)
