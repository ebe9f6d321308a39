"""Install a built distribution into a fresh venv and check that it works there (`make dist`).

    python .ci/smoke_dist.py dist/datachain_studio_client-0.1.0-py3-none-any.whl VENV_DIR
    python .ci/smoke_dist.py dist/datachain_studio_client-0.1.0.tar.gz VENV_DIR

Creates VENV_DIR anew with this interpreter, upgrades its pip and installs the file with the
`cli` and `testing` extras, every version fixed by constraints.txt (the sdist's build
dependencies too). Then, from an empty working directory and with `python -I` (so neither
the repository nor an editable install can be imported), `check` below runs inside the venv:
the package imports from the venv, its metadata holds the license, `datachain-studio --help`
and `python -m datachain_studio.testing --help` work, and a local Studio started on a free
port answers a `Studio` call before it is stopped.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TOKEN = "isat_smoke_dist_0123456789"
TEAM = "smoke"


def run(*command: str | Path, cwd: Path | None = None) -> str:
    result = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if result.returncode != 0:
        sys.exit(
            f"smoke test: {' '.join(map(str, command))} exited {result.returncode}\n"
            f"{result.stdout}{result.stderr}"
        )
    return result.stdout


def install(artifact: Path, venv: Path) -> Path:
    run(sys.executable, "-m", "venv", "--clear", venv)
    python = venv / "bin" / "python"
    constraints = REPO / "constraints.txt"
    quiet = ("--quiet", "--disable-pip-version-check", "--no-input")
    run(python, "-m", "pip", "install", *quiet, "-c", constraints, "--upgrade", "pip")
    requirement = f"datachain-studio-client[cli,testing] @ {artifact.resolve().as_uri()}"
    run(
        python,
        "-m",
        "pip",
        "install",
        *quiet,
        "-c",
        constraints,
        "--build-constraint",
        constraints,
        requirement,
    )
    return python


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 64
    artifact, venv = Path(argv[0]), Path(argv[1]).resolve()
    started = time.monotonic()
    python = install(artifact, venv)
    with tempfile.TemporaryDirectory() as empty:
        report = json.loads(
            run(python, "-I", Path(__file__).resolve(), "--inside", cwd=Path(empty))
        )
    report["seconds"] = round(time.monotonic() - started, 1)
    print(f"smoke test of {artifact.name}: ok {json.dumps(report)}")
    return 0


# --- inside the fresh venv ------------------------------------------------------------------


def check() -> dict[str, object]:
    import importlib.metadata
    import signal

    import datachain_studio
    from datachain_studio import Studio

    prefix = Path(sys.prefix).resolve()
    where = Path(datachain_studio.__file__).resolve()
    assert prefix in where.parents, f"datachain_studio imported from {where}, not the venv"
    assert REPO / "overrides" not in where.parents, f"{where}: the repository's sources"

    dist = importlib.metadata.distribution("datachain-studio-client")
    assert dist.version == datachain_studio.__version__, (
        dist.version,
        datachain_studio.__version__,
    )
    assert dist.metadata["License-Expression"] == "Apache-2.0", dist.metadata["License-Expression"]
    licenses = [f for f in dist.files or [] if f.name == "LICENSE"]
    assert licenses, "no LICENSE among the installed files"
    assert "Apache License" in licenses[0].read_text(encoding="utf-8")

    bin_dir = Path(sys.executable).parent
    console = subprocess.run(
        [bin_dir / "datachain-studio", "--help"], capture_output=True, text=True, timeout=60
    )
    assert console.returncode == 0 and "jobs" in console.stdout, console.stdout + console.stderr
    emulator_help = subprocess.run(
        [sys.executable, "-I", "-m", "datachain_studio.testing", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert emulator_help.returncode == 0 and "--port" in emulator_help.stdout, emulator_help

    server = subprocess.Popen(
        [
            sys.executable,
            "-I",
            "-m",
            "datachain_studio.testing",
            "--port",
            "0",
            "--token",
            TOKEN,
            "--team",
            TEAM,
            "--job-step-seconds",
            "0.05",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        first = server.stdout.readline()
        marker = "listening on "
        assert marker in first, first + (server.stderr.read() if server.stderr else "")
        url = first.split(marker, 1)[1].strip()
        with Studio(token=TOKEN, url=url, team=TEAM) as studio:
            clusters = [cluster.name for cluster in studio.clusters.list()]
            job = studio.jobs.create('print("smoke")', query_name="smoke.py")
            finished = studio.jobs.wait(job.id, wait_timeout=60, poll_interval=0.05)
    finally:
        server.send_signal(signal.SIGINT)
        try:
            code = server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            raise
    assert code == 0, f"the local Studio exited {code}"
    return {
        "version": dist.version,
        "imported_from": str(where.parent),
        "clusters": clusters,
        "job": str(finished.status),
    }


if __name__ == "__main__":
    if sys.argv[1:] == ["--inside"]:
        print(json.dumps(check()))
        sys.exit(0)
    sys.exit(main(sys.argv[1:]))
