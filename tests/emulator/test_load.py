"""Load: many clients connecting at once, each doing a mix of calls, with no error at all.

The old standard-library server listened with socketserver's backlog of 5: 32 clients
connecting at once waited about a second for SYN retries, and some creates were reset after
being sent. Every client here has retries off, so a reset or a refused connection fails the
test instead of being retried away.
"""

from __future__ import annotations

import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx2
import pytest

from datachain_studio import Studio
from datachain_studio.testing import StudioEmulator

CLIENTS = 64
ROUNDS = 2
UPLOAD = (b"\x00\r\n--" * (1024 * 1024 // 5 + 1))[: 1024 * 1024]  # 1 MiB, delimiter-like bytes
assert len(UPLOAD) == 1024 * 1024


@pytest.mark.studio_emulator(job_step_seconds=None)
def test_64_concurrent_clients_with_mixed_calls_see_no_error(
    studio_emulator: StudioEmulator,
) -> None:
    emulator = studio_emulator
    start = threading.Barrier(CLIENTS)
    errors: list[str] = []
    calls = [0] * CLIENTS

    def client(number: int) -> None:
        # Its own connections (no shared pool), opened at the same moment as the others'.
        with (
            httpx2.Client(trust_env=False, timeout=30) as http,
            Studio(
                token=emulator.token,
                url=emulator.url,
                team=emulator.team,
                http_client=http,
                max_retries=0,
            ) as studio,
        ):
            start.wait(timeout=30)
            for round_ in range(ROUNDS):
                try:
                    job = studio.jobs.create(f"print({number}, {round_})")
                    assert job.id in {j.id for j in studio.jobs.list(limit=CLIENTS * ROUNDS)}
                    upload = studio.jobs.upload(UPLOAD, filename=f"data-{number}-{round_}.bin")
                    assert upload.size == len(UPLOAD)
                    studio.jobs.cancel(job.id)
                    group = studio.access_groups.create(f"group-{number}-{round_}")
                    assert group.id in {g.id for g in studio.access_groups.list()}
                    studio.access_groups.delete(group.id)
                    calls[number] += 7
                except Exception as exc:
                    errors.append(f"client {number}, round {round_}: {type(exc).__name__}: {exc}")

    began = time.monotonic()
    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        list(pool.map(client, range(CLIENTS)))
    elapsed = time.monotonic() - began
    print(f"\n{sum(calls)} calls by {CLIENTS} clients in {elapsed:.2f} s")
    assert errors == []
    assert sum(calls) == CLIENTS * ROUNDS * 7
    assert elapsed < 30
    team = emulator.state.teams[emulator.team]
    assert len(team.jobs) == CLIENTS * ROUNDS
    assert {job.status for job in team.jobs.values()} <= {"CANCELING", "CANCELED"}
    assert len(team.uploads) == CLIENTS * ROUNDS
    assert emulator.contract_violations == [] and emulator.errors == []


def test_64_clients_connecting_at_once_are_all_accepted_at_once() -> None:
    """Raw connects: with a backlog of 5 some of them waited for a SYN retry (1 s)."""
    with StudioEmulator() as emulator:
        began = time.monotonic()
        sockets = [socket.create_connection(("127.0.0.1", emulator.port), timeout=5)]
        try:
            sockets += [
                socket.create_connection(("127.0.0.1", emulator.port), timeout=5)
                for _ in range(CLIENTS * 4 - 1)
            ]
            connected = time.monotonic() - began
            request = (
                b"GET /api/datachain/clusters/ HTTP/1.1\r\nHost: studio\r\n"
                b"Authorization: Bearer isat_emulator\r\n\r\n"
            )
            for sock in sockets:
                sock.sendall(request)
            for sock in sockets:
                assert sock.recv(12) == b"HTTP/1.1 200"
        finally:
            for sock in sockets:
                sock.close()
    assert connected < 0.5, f"{len(sockets)} connections took {connected:.2f} s"
