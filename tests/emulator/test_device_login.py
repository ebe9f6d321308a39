"""The local Studio's device sign-in: start without a token, poll, approve, revoke."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx2
import pytest

from datachain_studio.testing import StudioEmulator
from tests.emulator.helpers import Api, Clock

START = "/api/device-login"
TOKEN_PATH = "/api/device-login/token"
LOGOUT = "/api/device-logout"
APPROVE = "/_local/device/approve"
CLUSTERS = "/api/datachain/clusters/"


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def emu(clock: Clock) -> Iterator[StudioEmulator]:
    with StudioEmulator(
        clock=clock,
        device_login_seconds=60,
        tokens={"isat_two_teams": ["emulator", "other-team"], "isat_other": "other-team"},
        read_only_tokens=["isat_reader"],
    ) as emulator:
        yield emulator


@pytest.fixture
def http(emu: StudioEmulator) -> Iterator[httpx2.Client]:
    with httpx2.Client(base_url=emu.url, timeout=30) as client:
        yield client


def start(http: httpx2.Client, **body: Any) -> dict[str, Any]:
    response = http.post(START, json={"client_name": "DataChain", **body})
    assert response.status_code == 200, response.text
    data: dict[str, Any] = response.json()
    return data


def poll(http: httpx2.Client, started: dict[str, Any]) -> httpx2.Response:
    return http.post(started["token_uri"], json={"code": started["device_code"]})


def test_start_needs_no_token_and_hands_out_absolute_uris(
    emu: StudioEmulator, http: httpx2.Client
) -> None:
    started = start(http, token_name="laptop", expires_in_days=30)
    assert started["token_uri"] == emu.url + TOKEN_PATH
    assert started["verification_uri"] == emu.url + "/auth/device-login"
    assert started["token_name"] == "laptop"
    assert started["expires_in"] == 60
    assert len(started["user_code"]) == 8 and started["user_code"].isupper()
    assert len(started["device_code"]) >= 32
    unnamed = start(http)
    assert unnamed["token_name"].startswith("datachain-")
    assert unnamed["device_code"] != started["device_code"]


def test_polling_is_pending_until_approved_then_gives_a_working_token_once(
    emu: StudioEmulator, http: httpx2.Client
) -> None:
    started = start(http)
    pending = poll(http, started)
    assert pending.status_code == 400
    assert pending.json()["detail"] == "authorization_pending"
    token = emu.approve_device(started["user_code"].lower())  # any case, as typed
    assert not emu.token_is_valid(token)  # not before the client has it
    granted = poll(http, started)
    assert granted.status_code == 200
    assert granted.json()["access_token"] == token
    assert token.startswith("isat_") and emu.token_is_valid(token)
    again = poll(http, started)
    assert again.status_code == 400 and again.json()["detail"] == "authorization_expired"
    works = http.get(CLUSTERS, headers={"Authorization": f"token {token}"})
    assert works.status_code == 200


def test_the_new_token_is_for_the_teams_asked_for(emu: StudioEmulator, http: httpx2.Client) -> None:
    started = start(http, team_names=["other-team"])
    token = emu.approve_device(started["user_code"], token="isat_two_teams")
    poll(http, started)
    auth = {"Authorization": f"Bearer {token}"}
    assert http.get(CLUSTERS, headers=auth).status_code == 200  # its own team: other-team
    mine = http.get(CLUSTERS, params={"team_name": "emulator"}, headers=auth)
    assert mine.status_code == 403


def test_approval_refuses_teams_the_approver_is_not_in(
    emu: StudioEmulator, http: httpx2.Client
) -> None:
    started = start(http, team_names=["other-team"])
    with pytest.raises(ValueError, match="other-team"):
        emu.approve_device(started["user_code"])  # the default token is only in `emulator`
    with pytest.raises(KeyError):
        emu.approve_device("NOSUCHCODE")
    with pytest.raises(ValueError, match="not a valid token"):
        emu.approve_device(started["user_code"], token="isat_unknown")
    emu.approve_device(started["user_code"], token="isat_other")
    with pytest.raises(ValueError, match="approved already"):
        emu.approve_device(started["user_code"], token="isat_other")


def test_approval_over_http_needs_a_valid_token(emu: StudioEmulator, http: httpx2.Client) -> None:
    started = start(http)
    body = {"user_code": started["user_code"]}
    assert http.post(APPROVE, json=body).status_code == 401
    wrong = http.post(APPROVE, json=body, headers={"Authorization": "token isat_wrong"})
    assert wrong.status_code == 401
    odd = http.post(APPROVE, json={"code": 1}, headers={"Authorization": f"token {emu.token}"})
    assert odd.status_code == 422
    unknown = http.post(
        APPROVE, json={"user_code": "ZZZZZZZZ"}, headers={"Authorization": f"token {emu.token}"}
    )
    assert unknown.status_code == 404
    approved = http.post(APPROVE, json=body, headers={"Authorization": f"token {emu.token}"})
    assert approved.status_code == 200
    assert approved.json() == {"message": "Approved", "teams": ["emulator"]}
    assert poll(http, started).status_code == 200
    assert http.get(APPROVE).status_code == 405


def test_the_verification_page_says_how_to_approve(http: httpx2.Client) -> None:
    started = start(http)
    page = http.get(started["verification_uri"], params={"code": started["user_code"]})
    assert page.status_code == 200
    assert APPROVE in page.json()["message"] and page.json()["user_code"] == started["user_code"]


def test_codes_expire_on_the_emulators_clock(
    emu: StudioEmulator, http: httpx2.Client, clock: Clock
) -> None:
    started = start(http)
    clock.advance(seconds=59)
    assert poll(http, started).json()["detail"] == "authorization_pending"
    clock.advance(seconds=2)
    expired = poll(http, started)
    assert expired.status_code == 400 and expired.json()["detail"] == "authorization_expired"
    with pytest.raises(KeyError):
        emu.approve_device(started["user_code"])


def test_unknown_codes_and_bad_requests(http: httpx2.Client) -> None:
    unknown = http.post(TOKEN_PATH, json={"code": "never-issued"})
    assert unknown.status_code == 400 and unknown.json()["detail"] == "authorization_expired"
    assert http.post(TOKEN_PATH, json={}).status_code == 422
    scopes = http.post(START, json={"client_name": "x", "scopes": ["datasets", "ROOT"]})
    assert scopes.status_code == 400
    assert scopes.json()["message"] == "Following scopes are not valid: ROOT"
    team = http.post(START, json={"client_name": "x", "team_names": ["ghosts"]})
    assert team.status_code == 400 and "ghosts" in team.json()["message"]
    assert http.post(START, json={"token_name": "x"}).status_code == 422  # no client_name
    days = http.post(START, json={"client_name": "x", "expires_in_days": 0})
    assert days.status_code == 422


def test_logout_revokes_the_token_that_calls_it(emu: StudioEmulator, http: httpx2.Client) -> None:
    started = start(http)
    token = emu.approve_device(started["user_code"])
    poll(http, started)
    auth = {"Authorization": f"token {token}"}
    revoked = http.post(LOGOUT, headers=auth)
    assert revoked.status_code == 200
    assert revoked.json() == {"detail": "Token revoked successfully"}
    assert http.get(CLUSTERS, headers=auth).status_code == 401
    again = http.post(LOGOUT, headers=auth)
    assert again.status_code == 401 and again.json() == {"detail": "Invalid token"}
    assert http.post(LOGOUT).status_code == 401
    assert not emu.token_is_valid(token)
    assert http.get(CLUSTERS, headers={"Authorization": f"token {emu.token}"}).status_code == 200


def test_a_read_only_token_may_revoke_itself(emu: StudioEmulator) -> None:
    api = Api(emu)
    try:
        assert api("POST", LOGOUT, token="isat_reader").status_code == 200
        assert api("GET", CLUSTERS, token="isat_reader").status_code == 401
    finally:
        api.http.close()


def test_tokens_made_and_revoked_survive_a_restart(tmp_path: Path) -> None:
    data = tmp_path / "studio"
    with StudioEmulator(data_dir=data, tokens={"isat_spare": "emulator"}) as emu:
        with httpx2.Client(base_url=emu.url, timeout=30) as http:
            started = start(http)
            token = emu.approve_device(started["user_code"])
            assert poll(http, started).status_code == 200
            assert http.post(LOGOUT, headers={"Authorization": "token isat_spare"}).is_success
            pending = start(http)  # not approved: in memory only
    with StudioEmulator(data_dir=data, tokens={"isat_spare": "emulator"}) as emu:
        assert emu.token_is_valid(token)
        assert not emu.token_is_valid("isat_spare")  # given again, but revoked
        assert emu.token_is_valid(emu.token)
        with pytest.raises(KeyError):
            emu.approve_device(pending["user_code"])
        with httpx2.Client(base_url=emu.url, timeout=30) as http:
            auth = {"Authorization": f"token {token}"}
            assert http.get(CLUSTERS, headers=auth).status_code == 200
            assert http.post(LOGOUT, headers=auth).status_code == 200
    with StudioEmulator(data_dir=data, tokens={"isat_spare": "emulator"}) as emu:
        assert not emu.token_is_valid(token)


def test_the_ttl_must_be_positive() -> None:
    with pytest.raises(ValueError, match="device_login_seconds"):
        StudioEmulator(device_login_seconds=0)
