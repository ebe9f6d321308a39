"""Instructions a one-job call costs, counted by valgrind: the figure wall time on a loaded
machine cannot give (`make bench`'s one-job row moves by about ±0.06 from run to run).

    python bench/count.py [--calls 1000]

Starts `bench/server.py`, then runs this script's child under `valgrind --tool=callgrind`
twice per side, making 0 and then `--calls` calls after five warm-up calls, with
`PYTHONHASHSEED=0`; a call costs the difference over `--calls`. Sides: ours,
`Studio.jobs.list(limit=1)[0].id` (the first read fills the job), and raw httpx2 `get` +
`json.loads` + `["id"]`. Needs valgrind (Debian: `apt install valgrind`); takes about a
minute.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def child(side: str, calls: int, url: str) -> None:
    if side == "ours":
        from datachain_studio import Studio

        studio = Studio(token="bench-token", url=url, team="bench")

        def call() -> object:
            return studio.jobs.list(limit=1)[0].id

    else:
        import json

        import httpx2

        client = httpx2.Client()
        params = {"team_name": "bench", "limit": 1}
        headers = {"Authorization": "Bearer bench-token"}

        def call() -> object:
            response = client.get(f"{url}/api/datachain/jobs/", params=params, headers=headers)
            return json.loads(response.content)[0]["id"]

    for _ in range(5 + calls):
        call()


def instructions(side: str, calls: int, url: str) -> int:
    env = {
        **os.environ,
        "PYTHONHASHSEED": "0",
        "PYTHONPATH": os.pathsep.join([str(ROOT / "overrides"), str(ROOT / "generated")]),
    }
    done = subprocess.run(
        [
            "valgrind",
            "--tool=callgrind",
            "--callgrind-out-file=/dev/null",
            sys.executable,
            __file__,
            "--child",
            side,
            str(calls),
            url,
        ],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    found = re.search(r"Collected : (\d+)", done.stderr)
    if found is None:
        raise SystemExit(f"no count in valgrind's output:\n{done.stderr[-2000:]}")
    return int(found.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=1000)
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        side, calls, url = args.child
        child(side, int(calls), url)
        return
    server = subprocess.Popen(
        [sys.executable, str(HERE / "server.py")], stdout=subprocess.PIPE, text=True
    )
    try:
        assert server.stdout is not None
        url = f"http://127.0.0.1:{server.stdout.readline().strip()}"
        per_call = {}
        for side in ("raw", "ours"):
            counts = [instructions(side, calls, url) for calls in (0, args.calls)]
            per_call[side] = (counts[1] - counts[0]) / args.calls
            print(f"{side:4} {per_call[side] / 1e6:.4f}M instructions a call")
        print(f"ours / raw: {per_call['ours'] / per_call['raw']:.3f}")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
