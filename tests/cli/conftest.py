"""Fixtures for the command line's tests: a local Studio, and the real console script run
against it in subprocesses.

Every run goes through `Cli.run` (or `Cli.many`, which runs several at once), which checks
that the token appears in neither stdout nor stderr and, for `--json` runs, that stdout is
one JSON document. The environment is cleaned of DATACHAIN_* and XDG_* variables and HOME
is a temporary folder, so no real config is read.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from datachain_studio import Studio
from datachain_studio.testing import StudioEmulator

TOKEN = "isat_cli_7c3e9b1d5a_do_not_print"
COMMAND = [sys.executable, "-m", "datachain_studio"]
POLL = ("--poll-interval", "0.05")


@dataclass
class Result:
    args: tuple[str, ...]
    code: int
    out: str
    err: str
    data: Any = field(default=None)

    def __str__(self) -> str:
        return (
            f"datachain-studio {' '.join(self.args)} -> {self.code}\n"
            f"--- stdout\n{self.out}--- stderr\n{self.err}"
        )


def assert_no_secret(*texts: str | None) -> None:
    for text in texts:
        assert TOKEN not in (text or ""), "the token leaked into the output"


class Cli:
    """Runs `python -m datachain_studio` against a local Studio."""

    def __init__(self, emulator: StudioEmulator, home: Path) -> None:
        self.emulator = emulator
        self.home = home
        self.cwd = home / "work"
        self.cwd.mkdir(exist_ok=True)
        system = home / "system-config"
        system.mkdir(exist_ok=True)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DATACHAIN_", "XDG_"))}
        env.update(
            HOME=str(home),
            DATACHAIN_SYSTEM_CONFIG_DIR=str(system),
            DATACHAIN_STUDIO_URL=emulator.url,
            DATACHAIN_STUDIO_TOKEN=TOKEN,
            DATACHAIN_STUDIO_TEAM=emulator.team,
            PYTHONUNBUFFERED="1",
        )
        env.pop("COLUMNS", None)
        # Let the subprocesses cache bytecode (a session may turn that off): each would
        # otherwise compile the package anew, a third of its start-up time.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        self.env = env

    def environment(self, **changes: str | None) -> dict[str, str]:
        env = dict(self.env)
        for key, value in changes.items():
            if value is None:
                env.pop(key, None)
            else:
                env[key] = value
        return env

    def run(
        self,
        *args: str,
        code: int | None = 0,
        env: dict[str, str] | None = None,
        timeout: float = 60,
    ) -> Result:
        """Run one command and check its exit code (`code=None`: any)."""
        done = subprocess.run(
            [*COMMAND, *args],
            capture_output=True,
            text=True,
            env=env or self.env,
            cwd=self.cwd,
            timeout=timeout,
            check=False,
        )
        result = Result(tuple(args), done.returncode, done.stdout, done.stderr)
        assert_no_secret(result.out, result.err)
        if code is not None:
            assert result.code == code, str(result)
        if "--json" in args and result.code in (0, 1, 2) and result.out.strip():
            result.data = json.loads(result.out)
        return result

    def many(self, *commands: Sequence[str], code: int | None = 0) -> list[Result]:
        """Run independent commands at once; results in the same order."""
        with ThreadPoolExecutor(max_workers=4) as pool:
            futures = [pool.submit(self.run, *command, code=code) for command in commands]
            return [future.result() for future in futures]

    def both(self, *args: str, code: int | None = 0) -> tuple[Result, Result]:
        """The same command as a table and with --json, at once."""
        table, as_json = self.many(args, (*args, "--json"), code=code)
        return table, as_json

    def start(self, *args: str, env: dict[str, str] | None = None) -> Running:
        """Start a long command (`jobs run` that follows) without waiting for it."""
        process = subprocess.Popen(
            [*COMMAND, *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env or self.env,
            cwd=self.cwd,
        )
        return Running(process, tuple(args))


class Running:
    """A command still running: read its stderr as it comes, signal it, collect it."""

    def __init__(self, process: subprocess.Popen[str], args: tuple[str, ...]) -> None:
        self.process = process
        self.args = args
        self.err_lines: list[str] = []

    def wait_for_err(self, text: str, timeout: float = 30) -> str:
        """Read stderr until a line containing `text`; return that line."""
        assert self.process.stderr is not None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            line = self.process.stderr.readline()
            if not line:
                break
            self.err_lines.append(line)
            if text in line:
                return line
        self.process.kill()
        raise AssertionError(f"{text!r} never appeared on stderr: {''.join(self.err_lines)}")

    def signal(self, signum: signal.Signals) -> None:
        self.process.send_signal(signum)

    def finish(self, code: int, timeout: float = 30) -> Result:
        try:
            out, err = self.process.communicate(timeout=timeout)
        finally:
            if self.process.poll() is None:
                self.process.kill()
        result = Result(self.args, self.process.returncode, out, "".join(self.err_lines) + err)
        assert_no_secret(result.out, result.err)
        assert result.code == code, str(result)
        if "--json" in self.args and result.out.strip():
            result.data = json.loads(result.out)
        return result


@pytest.fixture(scope="session")
def emulator() -> Iterator[StudioEmulator]:
    """A local Studio whose jobs take 0.05 s a step, shared by the whole CLI suite."""
    with StudioEmulator(token=TOKEN, job_step_seconds=0.05) as emu:
        yield emu


@pytest.fixture(scope="session")
def still_emulator() -> Iterator[StudioEmulator]:
    """A local Studio where nothing moves unless a test moves it (pipelines stay RUNNING)."""
    with StudioEmulator(token=TOKEN, job_step_seconds=None) as emu:
        yield emu


@pytest.fixture(scope="session")
def cli(emulator: StudioEmulator, tmp_path_factory: pytest.TempPathFactory) -> Cli:
    return Cli(emulator, tmp_path_factory.mktemp("cli-home"))


@pytest.fixture(scope="session")
def still_cli(still_emulator: StudioEmulator, tmp_path_factory: pytest.TempPathFactory) -> Cli:
    return Cli(still_emulator, tmp_path_factory.mktemp("cli-home-still"))


@pytest.fixture(scope="session")
def client(emulator: StudioEmulator) -> Iterator[Studio]:
    """The Python client, for setting up what a test needs faster than the CLI would."""
    with Studio(token=TOKEN, url=emulator.url, team=emulator.team) as client:
        yield client


@pytest.fixture(scope="session")
def still_client(still_emulator: StudioEmulator) -> Iterator[Studio]:
    with Studio(token=TOKEN, url=still_emulator.url, team=still_emulator.team) as client:
        yield client
