"""What README.md tells of the local Studio is what it does: the comment lines a job's query
steers its run with, and the body of the HTTP route that approves a device sign-in."""

from __future__ import annotations

import re
from pathlib import Path

import httpx2

from datachain_studio import Studio
from datachain_studio.testing import FAIL_MARKER, LOG_MARKER, StudioEmulator
from datachain_studio.testing._dataset_model import ROWS_MARKER
from datachain_studio.testing._handlers.signin import APPROVE_PATH

README = " ".join((Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8").split())


def test_the_readme_names_every_query_directive() -> None:
    for marker in (FAIL_MARKER, LOG_MARKER, ROWS_MARKER):
        assert f"`{marker} " in README, marker


def test_the_log_directive_writes_its_text_as_the_readme_says(studio: Studio) -> None:
    assert "each `# emulator: log <text>` writes `<text>` to its log" in README
    job = studio.jobs.create("print(1)\n# emulator: log hello from the query\n")
    studio.jobs.wait(job.id, timeout=30)
    lines = [str(line.message) for line in studio.jobs.logs(job.id).logs]
    assert "hello from the query" in lines


def test_the_approval_route_takes_the_body_the_readme_shows() -> None:
    shown = re.search(r"`POST (\S+)` with the approving user's token", README)
    assert shown and shown.group(1) == APPROVE_PATH
    assert '`{"user_code": "<code>", "teams": ["<team>", ...]}`' in README
    assert '`{"message": "Approved", "teams": [...]}`' in README
    with StudioEmulator(tokens={"isat_both": ["emulator", "other-team"]}) as emu:
        with httpx2.Client(base_url=emu.url, timeout=30) as http:
            started = http.post("/api/device-login", json={"client_name": "DataChain"}).json()
            approved = http.post(
                APPROVE_PATH,
                json={"user_code": started["user_code"], "teams": ["other-team"]},
                headers={"Authorization": "Bearer isat_both"},
            )
            assert approved.json() == {"message": "Approved", "teams": ["other-team"]}
            token = http.post(started["token_uri"], json={"code": started["device_code"]})
            assert token.status_code == 200, token.text
