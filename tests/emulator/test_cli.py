"""`python -m datachain_studio.testing` in a subprocess."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx2
import pytest

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")


@contextmanager
def emulator_process(*args: str) -> Iterator[tuple[subprocess.Popen[str], str, str]]:
    """Start the CLI on a free port; yield it, its URL and the banner it printed."""
    command = [sys.executable, "-m", "datachain_studio.testing", "--port", "0", *args]
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert process.stdout is not None
        banner = ""
        while "Press Ctrl-C" not in banner and process.poll() is None:
            banner += process.stdout.readline()
        found = re.search(r"listening on (http://127\.0\.0\.1:\d+)", banner)
        assert found, banner + (process.stderr.read() if process.stderr else "")
        url = found.group(1)
        deadline = time.monotonic() + 10
        while True:  # wait until it answers
            try:
                httpx2.get(url + "/api/datachain/clusters/", timeout=1)
                break
            except httpx2.TransportError:
                assert time.monotonic() < deadline, "the emulator did not answer"
                time.sleep(0.05)
        yield process, url, banner
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)


def test_the_cli_serves_until_ctrl_c() -> None:
    with emulator_process("--token", "isat_cli", "--team", "cli-team") as (process, url, banner):
        response = httpx2.post(
            url + "/api/datachain/rbac/access-groups/",
            json={"name": "from-the-cli"},
            headers={"Authorization": "token isat_cli"},
        )
        assert response.status_code == 201
        listed = httpx2.get(
            url + "/api/datachain/rbac/access-groups/",
            params={"team_name": "cli-team"},
            headers={"Authorization": "Bearer isat_cli"},
        )
        assert [g["name"] for g in listed.json()] == ["from-the-cli"]
        assert httpx2.get(url + "/api/datachain/clusters/").status_code == 401
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=10)
    assert process.returncode == 0, err
    assert "team:  cli-team" in banner
    assert "token: (as given)" in banner and "isat_cli" not in banner
    assert out.strip() == "Stopped."


def test_the_cli_stops_cleanly_on_sigterm() -> None:
    with emulator_process("--read-only-token", "isat_ro") as (process, url, banner):
        response = httpx2.post(
            url + "/api/datachain/jobs/",
            json={"query": "x", "query_type": "PYTHON", "team_name": "emulator"},
            headers={"Authorization": "Bearer isat_ro"},
        )
        assert response.status_code == 403
        process.terminate()
        out, _ = process.communicate(timeout=10)
    assert process.returncode == 0
    assert "isat_emulator (the default)" in banner and out.strip() == "Stopped."


def test_the_cli_refuses_a_bad_extra_token() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "datachain_studio.testing", "--extra-token", "nothing"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 2
    assert "TOKEN=TEAM" in result.stderr


def test_the_cli_refuses_a_body_timeout_that_is_not_positive() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "datachain_studio.testing", "--body-timeout", "0"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 2
    assert "body_timeout must be a positive number" in result.stderr


def test_datachain_studio_emulator_refuses_it_too() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "datachain_studio", "emulator", "--body-timeout", "-1"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 64
    assert "body_timeout must be a positive number" in result.stderr
