"""Helpers of the official-client compatibility suite (see conftest.py): find the official
`datachain`, run it against a local Studio, read what it prints."""

from __future__ import annotations

import contextlib
import functools
import os
import queue
import re
import subprocess
import threading
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx2
import pytest

from datachain_studio.testing import StudioEmulator

ROOT = Path(__file__).resolve().parents[2]
VENV_VARIABLE = "DATACHAIN_COMPAT_VENV"
VERSION = "0.62.0"
TIMEOUT = 120.0  # per command: a `job run` that falls back to REST polling waits 1+2+4+... s
TOKEN = "isat_compat_3f1c9a7e"
TEAM = "compat-team"


def official_datachain() -> Path:
    """The `datachain` executable of the compatibility venv; the test fails without it."""
    return _checked_datachain(Path(os.environ.get(VENV_VARIABLE) or ROOT / ".venv-datachain"))


@functools.cache  # once per venv, not once per command; a failure is not cached
def _checked_datachain(venv: Path) -> Path:
    """`venv`'s `datachain`, once it is there and is `VERSION`; `pytest.fail` otherwise."""
    executable = venv / "bin" / "datachain"
    if not (executable.is_file() and os.access(executable, os.X_OK)):
        pytest.fail(
            f"The official datachain client is not installed: {executable} is missing. "
            f"Run `make datachain-venv` (`make test` does it first), or set {VENV_VARIABLE} "
            f"to a venv with datachain=={VERSION}.",
            pytrace=False,
        )
    found = sorted(
        path.name.removeprefix("datachain-").removesuffix(".dist-info")
        for path in venv.glob("lib/python*/site-packages/datachain-*.dist-info")
    )
    if found != [VERSION]:
        pytest.fail(
            f"{venv} has datachain {', '.join(found) or '(none)'}, not {VERSION}: "
            f"run `make datachain-venv` again.",
            pytrace=False,
        )
    return executable


def screen(text: str) -> list[str]:
    """The lines a terminal would show: a carriage return overwrites the line (the CLI's
    `\\r>>>> WebSocket closed, reconnecting ...` and its erasure), trailing blanks dropped."""
    return [line.rsplit("\r", 1)[-1].rstrip() for line in text.split("\n")]


@dataclass
class Result:
    """One finished run of the official CLI."""

    args: tuple[str, ...]
    code: int
    out: str
    err: str

    @property
    def lines(self) -> list[str]:
        return screen(self.out)

    @property
    def err_lines(self) -> list[str]:
        return screen(self.err)

    def __str__(self) -> str:
        return (
            f"datachain {' '.join(self.args)} -> exit {self.code}\n"
            f"--- stdout\n{self.out}\n--- stderr\n{self.err}"
        )


def grid(lines: list[str]) -> list[list[str]]:
    """The cells of a tabulate `grid` table (`job ls`, `pipeline list`...), header row first."""
    rows = [line.strip("|").split("|") for line in lines if line[:1] == "|"]
    return [[cell.strip() for cell in row] for row in rows]


JOB_CREATED = re.compile(r"^Job (\S+) created$")


def created_job_id(lines: list[str]) -> str:
    """The job id of the line `Job <id> created`."""
    for line in lines:
        match = JOB_CREATED.match(line)
        if match:
            return match.group(1)
    raise AssertionError("no 'Job <id> created' line in:\n" + "\n".join(lines))


class OfficialCli:
    """Runs the official `datachain` command line against a local Studio, in a home of its
    own whose global config file holds `[studio] token, team, url`."""

    def __init__(
        self,
        emulator: StudioEmulator,
        root: Path,
        *,
        token: str | None = None,
        team: str | None = None,
    ) -> None:
        self.emulator = emulator
        self.token = emulator.token if token is None else token
        self.team = emulator.team if team is None else team
        self.home = root / "home"
        self.config_dir = self.home / "datachain-config"
        self.cwd = root / "work"
        system = root / "system-config"
        for folder in (self.home, self.config_dir, self.cwd, system):
            folder.mkdir(parents=True, exist_ok=True)
        self.config_file = self.config_dir / "config"
        self.write_config()
        self.env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(self.home),
            "LANG": "C.UTF-8",
            "TZ": "UTC",
            "DATACHAIN_GLOBAL_CONFIG_DIR": str(self.config_dir),
            "DATACHAIN_SYSTEM_CONFIG_DIR": str(system),
            "DATACHAIN_STUDIO_URL": emulator.url,
            "DATACHAIN_NO_ANALYTICS": "1",
            "ITERATIVE_DO_NOT_TRACK": "1",
            "NO_COLOR": "1",
            "PYTHONUNBUFFERED": "1",  # lines of a running `job run` come as they are printed
            "NO_PROXY": "*",
        }

    def write_config(self) -> None:
        self.config_file.write_text(
            "[studio]\n"
            f'token = "{self.token}"\n'
            f'team = "{self.team}"\n'
            f'url = "{self.emulator.url}"\n',
            encoding="utf-8",
        )

    def command(self, args: Sequence[str]) -> list[str]:
        return [str(official_datachain()), *args]

    def run(self, *args: str, code: int | None = 0, timeout: float = TIMEOUT) -> Result:
        """Run one command to its end and check its exit code (`code=None`: any)."""
        done = subprocess.run(
            self.command(args),
            capture_output=True,
            text=True,
            env=self.env,
            cwd=self.cwd,
            timeout=timeout,
            check=False,
        )
        result = Result(tuple(args), done.returncode, done.stdout, done.stderr)
        if code is not None:
            assert result.code == code, str(result)
        return result

    def many(self, *commands: Sequence[str], code: int | None = 0) -> list[Result]:
        """Run independent commands two at a time (each is mostly import time)."""
        with ThreadPoolExecutor(max_workers=2) as pool:
            futures = [pool.submit(self.run, *command, code=code) for command in commands]
            return [future.result() for future in futures]

    def start(self, *args: str) -> Running:
        """Start a command that keeps running (`job run` following its job)."""
        process = subprocess.Popen(
            self.command(args),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=self.env,
            cwd=self.cwd,
        )
        return Running(process, tuple(args))

    def write(self, name: str, text: str) -> Path:
        """A file in the working directory (a query for `job run`)."""
        path = self.cwd / name
        path.write_text(text, encoding="utf-8")
        return path


class Running:
    """A command still running: its stdout read line by line as it comes."""

    def __init__(self, process: subprocess.Popen[str], args: tuple[str, ...]) -> None:
        self.process = process
        self.args = args
        self.out: list[str] = []
        self._lines: queue.Queue[str | None] = queue.Queue()
        self._err: list[str] = []
        self._readers = [
            threading.Thread(target=self._read_out, daemon=True),
            threading.Thread(target=self._read_err, daemon=True),
        ]
        for reader in self._readers:
            reader.start()

    def _read_out(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self._lines.put(line)
        self._lines.put(None)

    def _read_err(self) -> None:
        assert self.process.stderr is not None
        self._err.extend(self.process.stderr)

    def __enter__(self) -> Running:
        return self

    def __exit__(self, *exc_info: object) -> None:
        """Never leave it behind (a test that failed half-way): it would retry for minutes."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)

    def wait_for(self, wanted: str, timeout: float = 30) -> None:
        """Read stdout until a line (as a terminal shows it) equals `wanted`."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            try:
                line = self._lines.get(timeout=max(left, 0.0)) if left > 0 else None
            except queue.Empty:
                line = None
            if line is None:
                self.process.kill()
                shown = "".join(self.out)
                raise AssertionError(
                    f"datachain {' '.join(self.args)}: {wanted!r} never came "
                    f"(exit {self.process.poll()}):\n--- stdout\n{shown}\n"
                    f"--- stderr\n{''.join(self._err)}"
                )
            self.out.append(line)
            if wanted in screen(line):
                return

    def finish(self, code: int, timeout: float = TIMEOUT) -> Result:
        """Wait for the end; check the exit code; the whole stdout and stderr."""
        try:
            self.process.wait(timeout=timeout)
        finally:
            if self.process.poll() is None:
                self.process.kill()
        for reader in self._readers:
            reader.join(timeout=5)
        while True:
            try:
                line = self._lines.get_nowait()
            except queue.Empty:
                break
            if line is not None:
                self.out.append(line)
        result = Result(self.args, self.process.returncode, "".join(self.out), "".join(self._err))
        assert result.code == code, str(result)
        return result


def api(emulator: StudioEmulator, token: str | None = None) -> httpx2.Client:
    """Plain HTTP to the local Studio, to check what a command changed."""
    return httpx2.Client(
        base_url=emulator.url,
        headers={"Authorization": f"token {token or emulator.token}"},
        trust_env=False,
        timeout=30,
    )


@contextlib.contextmanager
def local_studio(**options: Any) -> Iterator[StudioEmulator]:
    """A local Studio on a free port with this suite's token and team, checked for contract
    violations and crashed handlers when it stops."""
    options.setdefault("token", TOKEN)
    options.setdefault("team", TEAM)
    with StudioEmulator(**options) as emulator:
        yield emulator
