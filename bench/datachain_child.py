"""The datachain peer of `bench/run.py`: runs in the venv of `make datachain-venv`, not in .venv.

    .venv-datachain/bin/python bench/datachain_child.py

The official client, `datachain.remote.studio.StudioClient().get_jobs(limit=N)`, against the
canned server that `bench/run.py` started: the URL, token and team come from
`DATACHAIN_STUDIO_URL`, `DATACHAIN_STUDIO_TOKEN` and `DATACHAIN_STUDIO_TEAM`, as datachain
reads them (`bench/run.py` sets them, points `DATACHAIN_GLOBAL_CONFIG_DIR` and
`DATACHAIN_SYSTEM_CONFIG_DIR` at a temporary directory and runs this child there, since
datachain makes a `.datachain/` in its working directory). `get_jobs` is one
`requests.request("GET", ...)` (a new session, so a new connection, per call) and
`json.loads` of the body; the jobs are plain dicts.

It prints `ready <datachain version>` once it has made one warm-up call, then reads lines
`LIMIT CALLS READ` on stdin: for each, it makes CALLS calls of `get_jobs(limit=LIMIT)`, after
each, when READ is 1, reading every key of every job and step object once (`bench/peers.py`'s
`read_every_key`, the raw side's own reading), and prints one JSON line, `{"wall": seconds,
"cpu": seconds, "jobs": count}`. It ends at end of input. No import of this project's
packages: this venv does not have them (`bench/peers.py` imports only the standard library).
"""

import gc
import json
import sys
import time
from importlib import metadata

from peers import read_every_key  # bench/, this script's folder, is first on sys.path


def main() -> None:
    from datachain.remote.studio import StudioClient

    client = StudioClient()
    response = client.get_jobs(limit=1)
    if not response.ok or len(response.data) != 1:
        raise SystemExit(f"datachain get_jobs failed: {response!r}")
    print("ready", metadata.version("datachain"), flush=True)
    for line in sys.stdin:
        limit, calls, read = (int(word) for word in line.split())
        gc.collect()
        wall, cpu = time.perf_counter(), time.process_time()
        for _ in range(calls):
            jobs = client.get_jobs(limit=limit).data
            if read:
                read_every_key(jobs)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        print(json.dumps({"wall": wall, "cpu": cpu, "jobs": len(jobs)}), flush=True)


if __name__ == "__main__":
    main()
