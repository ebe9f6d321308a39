"""The official CLI's `auth logout` against the local Studio: `POST /api/device-logout` with
the config file's token revokes it, and the CLI removes token and team from that file
(official-client-beyond-reference.md, 4.3, 10.9)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from datachain_studio.testing import StudioEmulator
from tests.compat.helpers import TEAM, OfficialCli, api, local_studio

LEAVING = "isat_compat_leaving_7d2e"
LOGGED_OUT = "Logged out from Studio. (you can log back in with 'datachain auth login')"


@pytest.fixture(scope="module")
def emulator() -> Iterator[StudioEmulator]:
    with local_studio(job_step_seconds=None, tokens={LEAVING: TEAM}) as emulator:
        yield emulator


def test_auth_logout_revokes_the_token_and_forgets_it(
    emulator: StudioEmulator, official_cli: Callable[..., OfficialCli]
) -> None:
    cli = official_cli(emulator, token=LEAVING)
    jobs = {"team_name": emulator.team}
    with api(emulator, LEAVING) as http:
        assert http.get("/api/datachain/jobs/", params=jobs).status_code == 200

    result = cli.run("auth", "logout")
    assert result.lines == [LOGGED_OUT, ""], str(result)
    config = cli.config_file.read_text(encoding="utf-8")
    assert "token" not in config and "team" not in config, config
    assert emulator.url in config  # the rest of the file stays
    with api(emulator, LEAVING) as http:
        assert http.get("/api/datachain/jobs/", params=jobs).status_code == 401
    with api(emulator) as http:  # other tokens are not touched
        assert http.get("/api/datachain/jobs/", params=jobs).status_code == 200

    # Logging out again with the revoked token: Studio answers 401, the CLI says so and
    # forgets the token all the same.
    cli.write_config()
    again = cli.run("auth", "logout")
    assert again.lines == [LOGGED_OUT, ""], str(again)
    assert "Token was already revoked or is invalid on Studio." in again.err_lines, str(again)
    assert "token" not in cli.config_file.read_text(encoding="utf-8")
