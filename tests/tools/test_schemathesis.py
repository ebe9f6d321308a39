"""Schemathesis fuzzes the local Studio (`StudioEmulator`) against openapi.yaml.

Every phase (examples, coverage, fuzzing, stateful) and every check schemathesis has
(`--checks all`) run against an emulator served by this process, bounded and seeded so the
run is the same each time: at most `MAX_EXAMPLES` cases per operation in the examples and
fuzzing phases, `STATEFUL_EXAMPLES` stateful scenarios, a fixed seed, no shrinking, no
example database, no cache, one worker, and emulator jobs that only move when driven.

The pinned `st` CLI runs in a subprocess (the tool's stable interface: all phases and checks,
and a JSON report with the figures); the emulator runs in a thread of this process, so its
own record of contract violations is checked too. schemathesis_hooks.py beside this file
helps `create_job` bodies get accepted, so that the stateful phase reaches real jobs.

Configuration (written to a temporary schemathesis.toml):
- `team_name`, in the query and in JSON bodies, is always the emulator's team: any other
  team is 404 "Team not found", which would hide everything behind it. Path ids stay random,
  so most `{job_id}`-like paths answer 404, which the contract documents.
- `positive_data_acceptance` also accepts 400. In this API 422 is the answer to a request
  that breaks the schema, and 400 the answer to one that keeps to it but breaks a rule the
  schema cannot say (cross-field rules, state: "pipeline is COMPLETE", a bad cron
  expression, an unknown upload id). A schema-valid request must never get 422.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from datachain_studio.testing import StudioEmulator
from tests.spec import SPEC_PATH, operations
from tests.tools._summary import report

PINNED_VERSION = "4.32.5"  # keep in step with the dev extra in pyproject.toml
SEED = 20260101
MAX_EXAMPLES = 30
STATEFUL_EXAMPLES = 30
RUN_TIMEOUT = 240  # seconds; the run takes 25-30 s on the project's 2-core machine, idle
OPERATIONS = len(list(operations()))
HOOKS = Path(__file__).with_name("schemathesis_hooks.py")

# Failures to tolerate, each with why: (code, operation prefix) -> reason. Empty: every
# check passes on every case.
KNOWN_FAILURES: dict[tuple[str, str], str] = {}

CONFIG = """\
# Written by tests/tools/test_schemathesis.py for one run.
[cache]
enabled = false

[generation]
database = "none"
no-shrink = true

# Stateful scenarios chain calls along links (create a job, then read its logs, cancel it):
# the only phase where use_after_free and ensure_resource_availability check anything.
[phases.stateful.generation]
max-examples = {stateful_examples}

[parameters]
team_name = "{team}"
"body.team_name" = "{team}"

[checks.positive_data_acceptance]
expected-statuses = ["2xx", "3xx", "400", "401", "403", "404", "409", "429", "5xx"]
"""


@dataclass(frozen=True)
class Run:
    report: dict[str, Any]
    output: str
    seconds: float
    emulator_problems: list[str]

    @property
    def failures(self) -> list[tuple[str, str, str]]:
        """(code, title, operation) of every failure, as the JSON report groups them."""
        return [
            (item["code"], item["title"], operation)
            for item in self.report["failures"]
            for operation in item["operations"]
        ]

    def describe(self) -> str:
        tail = "\n".join(self.output.splitlines()[-400:])
        return f"schemathesis output (last 400 lines):\n{tail}"


def _known(code: str, operation: str) -> str | None:
    for (known_code, prefix), reason in KNOWN_FAILURES.items():
        if code == known_code and operation.startswith(prefix):
            return reason
    return None


def _require_schemathesis() -> None:
    if importlib.util.find_spec("schemathesis") is None:
        pytest.fail(
            f"schemathesis is not installed in {sys.prefix}: run `make install` "
            f"(the dev extra pins schemathesis=={PINNED_VERSION})",
            pytrace=False,
        )
    installed = importlib.metadata.version("schemathesis")
    if installed != PINNED_VERSION:
        pytest.fail(
            f"schemathesis {installed} is installed, this test is tuned for {PINNED_VERSION}: "
            "run `make install`, or move the pin here and in pyproject.toml together",
            pytrace=False,
        )


@pytest.fixture(scope="module")
def run(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Run:
    _require_schemathesis()
    work = tmp_path_factory.mktemp("schemathesis")
    config = work / "schemathesis.toml"
    json_report = work / "report.json"
    # Jobs move only when driven: the answers depend on the requests alone, not on timing.
    emulator = StudioEmulator(job_step_seconds=None, check_on_exit=False)
    with emulator:
        config.write_text(
            CONFIG.format(team=emulator.team, stateful_examples=STATEFUL_EXAMPLES), encoding="utf-8"
        )
        command = [
            sys.executable,
            "-m",
            "schemathesis.cli",
            "--config-file",
            str(config),
            "run",
            str(SPEC_PATH),
            "--url",
            emulator.url,
            "--header",
            f"Authorization: Bearer {emulator.token}",
            "--checks",
            "all",
            "--phases",
            "examples,coverage,fuzzing,stateful",
            "--max-examples",
            str(MAX_EXAMPLES),
            "--seed",
            str(SEED),
            "--workers",
            "1",
            "--request-timeout",
            "10",
            "--report",
            "json",
            "--report-json-path",
            str(json_report),
            "--no-color",
        ]
        env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "120", "SCHEMATHESIS_HOOKS": str(HOOKS)}
        started = time.monotonic()
        try:
            done = subprocess.run(
                command,
                cwd=work,
                env=env,
                stdin=subprocess.DEVNULL,
                capture_output=True,
                text=True,
                timeout=RUN_TIMEOUT,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            pytest.fail(f"schemathesis ran longer than {RUN_TIMEOUT} s:\n{exc.stdout!r}")
        seconds = time.monotonic() - started
    output = done.stdout + done.stderr
    (work / "output.txt").write_text(output, encoding="utf-8")
    if not json_report.exists():
        pytest.fail(
            f"schemathesis wrote no report (exit code {done.returncode}):\n{output}",
            pytrace=False,
        )
    data = json.loads(json_report.read_text(encoding="utf-8"))
    problems = [str(v) for v in emulator.contract_violations] + emulator.errors
    result = Run(data, output, seconds, problems)
    report(
        request.config,
        f"schemathesis: {data['operations']['tested']} operations, "
        f"{data['test_cases']['generated']} cases, "
        f"{data['test_cases']['unique_failures']} failures "
        f"({len(result.failures) - len(_unknown(result))} known, for the lead) "
        f"in {seconds:.1f} s (seed {data['seed']}, max {MAX_EXAMPLES} examples)",
    )
    return result


def _unknown(run: Run) -> list[tuple[str, str, str]]:
    return [f for f in run.failures if _known(f[0], f[2]) is None]


def test_every_operation_and_phase_ran(run: Run) -> None:
    data = run.report
    assert data["schemathesis_version"] == PINNED_VERSION
    assert data["seed"] == SEED
    assert data["stop_reason"] == "completed", run.describe()
    assert data["complete"] is True, run.describe()
    assert data["operations"]["selected"] == OPERATIONS
    assert data["operations"]["tested"] == OPERATIONS, run.describe()
    assert data["operations"]["errored"] == 0, run.describe()
    assert data["operations"]["skipped"] == 0, data["operations"]["skip_reasons"]
    assert data["errors"] == [], run.describe()
    for phase in ("examples", "coverage", "fuzzing", "stateful"):
        assert data["phases"][phase]["skip_reason"] is None, (phase, data["phases"][phase])
    assert data["test_cases"]["generated"] >= OPERATIONS * MAX_EXAMPLES, data["test_cases"]


def test_the_emulator_kept_its_contract(run: Run) -> None:
    """A response of the emulator that breaks openapi.yaml is answered 500 and recorded."""
    assert run.emulator_problems == []


def test_no_check_fails(run: Run) -> None:
    """Every check on every case passes, apart from the known failures listed above."""
    unknown = _unknown(run)
    assert not unknown, (
        "schemathesis failures:\n  "
        + "\n  ".join(f"{code} {title}: {operation}" for code, title, operation in unknown)
        + "\n\n"
        + run.describe()
    )
