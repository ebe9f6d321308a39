"""The public surface type-checks as users use it, under mypy --strict and strict pyright.

`sync_usage.py` and `async_usage.py` are user scripts (never run here); both checkers must
find no error in them. `pyright --verifytypes` must find the package's public symbols at
least 95% typed. Pyright is a node tool: `make install` puts it in tools/node_modules (its
version is pinned in tools/package.json). Without it these tests fail; they never skip.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
PYRIGHT = ROOT / "tools" / "node_modules" / ".bin" / "pyright"
SCRIPTS = [HERE / "sync_usage.py", HERE / "async_usage.py"]
MIN_COMPLETENESS = 0.95

# A deliberate mistake each checker must report: proves the checkers read the package's
# types (an unresolved import would turn everything into Any and hide every error).
WRONG = """# pyright: strict
from datachain_studio import Studio


def first_job_name(studio: Studio) -> str:
    return studio.jobs.list()
"""


def _run(command: list[str], cwd: Path, timeout: float = 240) -> subprocess.CompletedProcess[str]:
    # pyright finds the interpreter (and so the installed packages) on PATH: this venv's first.
    # (`--pythonpath` would do for checking files, but `--verifytypes` then finds no py.typed.)
    path = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    try:
        return subprocess.run(
            command,
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            env={**os.environ, "PATH": path},
        )
    except FileNotFoundError as exc:  # no node on PATH, say
        pytest.fail(f"cannot run {command[0]}: {exc}. Install Node.js and run `make install`.")


def _pyright(*args: str, cwd: Path = ROOT) -> dict[str, Any]:
    if not PYRIGHT.exists():
        pytest.fail(
            f"pyright is not installed ({PYRIGHT} is missing): run `make install`, which runs "
            "`npm ci` in tools/ and installs the version pinned in tools/package.json"
        )
    done = _run([str(PYRIGHT), "--outputjson", *args], cwd)
    try:
        report: dict[str, Any] = json.loads(done.stdout)
    except ValueError:
        pytest.fail(
            f"pyright gave no JSON report (exit {done.returncode}):\n{done.stdout}\n{done.stderr}"
        )
    return report


def _problems(report: dict[str, Any]) -> list[str]:
    return [
        f"{Path(d['file']).name}:{d['range']['start']['line'] + 1}: {d['severity']}: "
        f"{d['message']} ({d.get('rule', '-')})"
        for d in report.get("generalDiagnostics", [])
        if d["severity"] in ("error", "warning")
    ]


def _mypy(*paths: Path, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    # From the repository root, so pyproject.toml's [tool.mypy] applies.
    return _run([sys.executable, "-m", "mypy", "--strict", *map(str, paths)], cwd)


def test_user_scripts_pass_mypy_strict() -> None:
    done = _mypy(*SCRIPTS)
    assert done.returncode == 0, f"mypy --strict found errors:\n{done.stdout}{done.stderr}"
    assert "Success: no issues found in 2 source files" in done.stdout, done.stdout


def test_user_scripts_pass_pyright_strict() -> None:
    report = _pyright("--project", str(HERE / "pyrightconfig.json"))
    problems = _problems(report)
    assert not problems, "pyright (strict) found problems:\n" + "\n".join(problems)
    assert report["summary"]["filesAnalyzed"] == len(SCRIPTS), report["summary"]


def test_checkers_catch_a_type_error(tmp_path: Path) -> None:
    """The two tests above can fail: a wrong return type is reported by both checkers."""
    wrong = tmp_path / "wrong_usage.py"
    wrong.write_text(WRONG)
    done = _mypy(wrong)
    assert done.returncode == 1, done.stdout + done.stderr
    assert 'got "list[JobOutput]", expected "str"' in done.stdout, done.stdout
    problems = _problems(_pyright(str(wrong), cwd=tmp_path))
    assert any('"list[JobOutput]"' in problem for problem in problems), problems


def test_public_api_is_at_least_95_percent_typed() -> None:
    report = _pyright("--verifytypes", "datachain_studio", "--ignoreexternal")
    assert "typeCompleteness" in report, f"pyright could not verify the package: {report}"
    completeness = report["typeCompleteness"]
    score = completeness["completenessScore"]
    ambiguous = [
        symbol["name"]
        for symbol in completeness["symbols"]
        if symbol["isExported"] and (symbol["isTypeAmbiguous"] or not symbol["isTypeKnown"])
    ]
    assert score >= MIN_COMPLETENESS, (
        f"pyright --verifytypes: {score:.1%} of the public symbols are fully typed, "
        f"below {MIN_COMPLETENESS:.0%}. Not fully typed: {ambiguous}"
    )
