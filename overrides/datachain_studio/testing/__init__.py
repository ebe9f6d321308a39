"""A local stand-in for DataChain Studio, for tests and demos: `StudioEmulator`.

It serves all the operations of openapi.yaml over real HTTP on loopback, keeps state across
calls, checks every request against the contract (422 when it breaks it) and every response
too (one that breaks it is a recorded bug, answered 500).

    from datachain_studio import Studio
    from datachain_studio.testing import StudioEmulator

    with StudioEmulator() as emu:
        with Studio(token=emu.token, url=emu.url, team=emu.team) as studio:
            job = studio.jobs.create("print('hi')")
            print(studio.jobs.wait(job.id, poll_interval=0.05).status)   # COMPLETE

In pytest: `pytest_plugins = ["datachain_studio.testing.pytest_plugin"]` in the root
conftest.py gives the fixtures `studio_emulator`, `studio` and `async_studio`. From a shell:
`python -m datachain_studio.testing --port 8765` (`--help` for the options).

How it behaves:
- Auth: `Authorization: Bearer <token>` or `token <token>`; otherwise 401
  `{"detail": "Invalid token"}`. Read-only tokens get 403 on every POST, PATCH and DELETE.
  An unknown team is 404 `{"detail": "Team not found"}`; a known team the token is not in
  is 403 `Not authorized for the team <team>`. Teams never see each other's objects; calls
  without `team_name` act for the token's own team.
- Jobs go CREATED -> QUEUED -> RUNNING -> COMPLETE, one step per `job_step_seconds`,
  logging as they go; a line `# emulator: fail <message>` in the query ends it FAILED
  (exit code 1), `# emulator: log <text>` writes a log line. Tests can drive jobs with
  `advance_job`, `finish_job` and `fail_job`.
- Two clusters are seeded: `default` (id 1) and `gpu-pool` (id "k3f9x2mq7a").
- Datasets: seed them with `add_dataset` or `seed_datasets` (from a shell:
  `--seed-datasets FILE.json`, `--demo-datasets`). A job whose query calls `.save("name")`
  creates a version of that dataset when it completes (a short name goes to `@<username>`'s
  project `default`). Exports hand out chunk URLs the emulator serves itself, without a token,
  as real Studio does: LZ4-compressed Parquet (pyarrow and lz4, imported when an export is
  written); `export_delay` paces them.
- Pipelines: `trigger` makes one job per dataset, each depending on the one before; runs
  step like jobs. Schedules compute `next_run` in UTC and start runs when the emulator's
  clock passes it (pass `clock=` to move time in a test).

Needs the `testing` extra: `pip install 'datachain-studio-client[testing]'`.
"""

from ._app import ContractViolation
from ._emulator import (
    DEFAULT_TEAM,
    DEFAULT_TOKEN,
    ContractViolationError,
    StudioEmulator,
    WebhookDelivery,
)
from ._jobs import FAIL_MARKER, LOG_MARKER
from ._store import DataDirError

__all__ = [
    "DEFAULT_TEAM",
    "DEFAULT_TOKEN",
    "FAIL_MARKER",
    "LOG_MARKER",
    "ContractViolation",
    "ContractViolationError",
    "DataDirError",
    "StudioEmulator",
    "WebhookDelivery",
]
