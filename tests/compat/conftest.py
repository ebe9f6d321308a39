"""The official-client compatibility suite: the `datachain` 0.62.0 command line (from PyPI) run
end to end against the local Studio.

The official client lives in a venv of its own (about 780 MB): `$DATACHAIN_COMPAT_VENV`, else
`<repo>/.venv-datachain`, which `make datachain-venv` builds (`make test` builds it first).
Without it every test here fails and says so: this suite is the proof of compatibility, so
it must not pass by skipping.

Each command runs in a subprocess whose environment is made from scratch (nothing of the
developer's own config or proxies leaks in): `DATACHAIN_STUDIO_URL` is the local Studio's
URL; a temporary HOME and `DATACHAIN_GLOBAL_CONFIG_DIR` hold a config file with
`[studio] token, team, url` (several commands want the token in a config file and refuse an
environment-only one: official-client-beyond-reference.md, 10, "Token gate quirk"); the
working directory is a temporary folder (datachain makes its local `.datachain` catalog
there); analytics are off. Each start of datachain costs 1-2 s of imports, so each module
shares one local Studio and one such home between its tests where state allows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from datachain_studio.testing import StudioEmulator
from tests.compat.helpers import OfficialCli, local_studio


@pytest.fixture(scope="module")
def still() -> Iterator[StudioEmulator]:
    """A local Studio of the module where jobs and pipelines move only when a test moves
    them (`advance_job`, `finish_job`, `fail_job`): each status stays put until then."""
    with local_studio(job_step_seconds=None) as emulator:
        yield emulator


@pytest.fixture(scope="module")
def still_cli(still: StudioEmulator, tmp_path_factory: pytest.TempPathFactory) -> OfficialCli:
    """The official CLI in a home of its own, logged in to `still`."""
    return OfficialCli(still, tmp_path_factory.mktemp("compat"))


@pytest.fixture(scope="module")
def official_cli(
    tmp_path_factory: pytest.TempPathFactory,
) -> Callable[..., OfficialCli]:
    """`official_cli(emulator, token=..., team=...)`: the official CLI in a new home, its
    config file holding that token and team (by default the emulator's)."""

    def make(
        emulator: StudioEmulator, *, token: str | None = None, team: str | None = None
    ) -> OfficialCli:
        return OfficialCli(emulator, tmp_path_factory.mktemp("compat"), token=token, team=team)

    return make
