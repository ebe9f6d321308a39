"""Start the local Studio, run a script against it, stop it.

    python examples/run_with_local_studio.py examples/quickstart.py

The script runs in its own process with `DATACHAIN_STUDIO_URL`, `DATACHAIN_STUDIO_TOKEN` and
`DATACHAIN_STUDIO_TEAM` pointing at the local Studio, exactly as it would at a real one.
Exits with the script's exit code, or 3 if the local Studio saw traffic that broke the
contract.
"""

from __future__ import annotations

import os
import subprocess
import sys

from datachain_studio.testing import ContractViolationError, StudioEmulator


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 64
    try:
        with StudioEmulator(job_step_seconds=0.4) as emulator:
            print(f"local Studio at {emulator.url} (team {emulator.team})", flush=True)
            env = {
                **os.environ,
                "DATACHAIN_STUDIO_URL": emulator.url,
                "DATACHAIN_STUDIO_TOKEN": emulator.token,
                "DATACHAIN_STUDIO_TEAM": emulator.team,
            }
            return subprocess.call([sys.executable, *argv], env=env)
    except ContractViolationError as error:
        print(f"the local Studio saw traffic that breaks openapi.yaml: {error}", file=sys.stderr)
        return 3


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
