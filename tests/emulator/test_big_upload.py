"""A 1 GiB upload to the emulator, in a process of its own: memory stays flat on both sides."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

CHILD = textwrap.dedent(
    """
    import hashlib, json, resource, sys, time
    from datachain_studio import Studio
    from datachain_studio.testing import StudioEmulator

    with StudioEmulator() as emulator:
        studio = Studio(token=emulator.token, url=emulator.url, team=emulator.team, timeout=300)
        studio.jobs.upload(b"warm-up", filename="w.bin")
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        began = time.perf_counter()
        upload = studio.jobs.upload(sys.argv[1])
        took = time.perf_counter() - began
        after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        stored = emulator.upload_path(upload.id).stat().st_size
        studio.close()
    print(json.dumps({"growth_kib": after - before, "size": upload.size, "stored": stored,
                      "seconds": took}))
    """
)


@pytest.mark.slow
def test_a_1_gib_upload_to_the_emulator_streams_to_disk(tmp_path: Path) -> None:
    path = tmp_path / "big.bin"
    with path.open("wb") as handle:
        handle.truncate(1 << 30)
    completed = subprocess.run(
        [sys.executable, "-c", CHILD, str(path)],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "TMPDIR": str(tmp_path)},
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    figures = json.loads(completed.stdout)
    print(
        f"\n1 GiB upload to the emulator: {figures['seconds']:.1f} s, "
        f"peak RSS growth {figures['growth_kib'] / 1024:.1f} MiB (client and server)"
    )
    assert figures["size"] == figures["stored"] == 1 << 30
    assert figures["growth_kib"] < 64 * 1024
