"""`python -m datachain_studio.testing` in a subprocess."""

from __future__ import annotations

import http.server
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx2
import pytest

from datachain_studio.cli._app import run as cli_run
from datachain_studio.testing.__main__ import main as module_main
from datachain_studio.webhooks import EVENT_HEADER, SIGNATURE_HEADER, verify

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


# --- one set of options for both ways of starting it --------------------------------------------


def options_in(text: str) -> set[str]:
    return set(re.findall(r"(?<![\w-])--[a-z][a-z-]+", text))


def test_both_entry_points_take_the_same_options(capsys: pytest.CaptureFixture[str]) -> None:
    assert module_main(["--help"]) == 0
    module_help = capsys.readouterr().out
    assert cli_run(["emulator", "--help"]) == 0
    command_help = capsys.readouterr().out
    assert module_help.startswith("Usage: python -m datachain_studio.testing ")
    assert command_help.startswith("Usage: datachain-studio emulator ")
    assert options_in(module_help) == options_in(command_help)
    wanted = {"--data-dir", "--extra-token", "--read-only-token", "--webhook-url",
              "--webhook-secret", "--storage", "--seed-datasets", "--body-timeout"}  # fmt: skip
    assert wanted <= options_in(module_help)

    # The same words, but for the name and the exit statuses each keeps.
    def bare(text: str) -> str:
        text = text.replace("python -m datachain_studio.testing", "PROG")
        text = text.replace("datachain-studio emulator", "PROG")
        return " ".join(text.split("Exit status:")[0].split())

    assert bare(module_help) == bare(command_help)


class Hooks(http.server.ThreadingHTTPServer):
    """Webhook deliveries: (event, body, signature) of each, answered 204."""

    def __init__(self) -> None:
        self.received: list[tuple[str, bytes, str]] = []
        hooks = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                event = self.headers.get(EVENT_HEADER, "")
                hooks.received.append((event, body, self.headers.get(SIGNATURE_HEADER, "")))
                self.send_response(204)
                self.end_headers()

            def log_message(self, format: str, *args: object) -> None:
                pass

        super().__init__(("127.0.0.1", 0), Handler)


def test_the_module_delivers_signed_webhooks() -> None:
    hooks = Hooks()
    thread = threading.Thread(target=hooks.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{hooks.server_address[1]}/hooks"
    try:
        with emulator_process("--webhook-url", url, "--webhook-secret", "whsec_module") as (
            process,
            _,
            banner,
        ):
            deadline = time.monotonic() + 20
            while not hooks.received:
                assert time.monotonic() < deadline, "no PING came"
                time.sleep(0.05)
            process.send_signal(signal.SIGINT)
            process.communicate(timeout=10)
        assert process.returncode == 0
        event, body, signature = hooks.received[0]
        assert event == "PING"
        verify(body, signature, "whsec_module")  # raises if the signature is not right
        assert f"webhooks: signed JOB and PING events to {url}" in banner
        assert "whsec_module" not in banner
    finally:
        hooks.shutdown()
        hooks.server_close()
