"""Authentication, read-only tokens, teams and their isolation."""

from __future__ import annotations

import pytest

from datachain_studio import (
    AuthenticationError,
    BadRequestError,
    NotFoundError,
    PermissionDeniedError,
    Studio,
)
from datachain_studio.testing import StudioEmulator
from tests.emulator.helpers import JOBS, Api, detail

CLUSTERS = "/api/datachain/clusters/"
teams = pytest.mark.studio_emulator(
    tokens={"isat_other": "other-team", "isat_both": ["other-team", "emulator"]},
    read_only_tokens=["isat_reader"],
)


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer isat_wrong"},
        {"Authorization": "isat_emulator"},
        {"Authorization": "Basic isat_emulator"},
        {"Authorization": "Bearer"},
    ],
)
def test_no_valid_token_is_401(api: Api, headers: dict[str, str]) -> None:
    response = api("GET", CLUSTERS, token="", headers=headers)
    assert response.status_code == 401
    assert response.json() == {"detail": "Invalid token"}


def test_auth_is_checked_before_the_request(api: Api) -> None:
    response = api("POST", JOBS, token="isat_wrong", json={"priority": 9})
    assert response.status_code == 401


@pytest.mark.parametrize("scheme", ["Bearer", "bearer", "token", "Token"])
def test_both_schemes_are_accepted(api: Api, scheme: str) -> None:
    assert api("GET", CLUSTERS, scheme=scheme).status_code == 200


def test_the_client_works_with_either_scheme(studio_emulator: StudioEmulator) -> None:
    for scheme in ("bearer", "token"):
        with Studio(
            token=studio_emulator.token,
            url=studio_emulator.url,
            team=studio_emulator.team,
            auth_scheme=scheme,  # type: ignore[arg-type]
        ) as studio:
            assert len(studio.clusters.list()) == 2
    with Studio(token="isat_wrong", url=studio_emulator.url, team="emulator") as studio:
        with pytest.raises(AuthenticationError):
            studio.clusters.list()


@teams
def test_a_read_only_token_can_read_but_not_write(
    studio_emulator: StudioEmulator, api: Api
) -> None:
    with Studio(token="isat_reader", url=studio_emulator.url, team="emulator") as reader:
        assert reader.jobs.list() == []
        assert reader.access_groups.list() == []
        for write in (
            lambda: reader.jobs.create("print(1)"),
            lambda: reader.jobs.upload(b"x", filename="x"),
            lambda: reader.pipelines.trigger(["a"]),
            lambda: reader.access_groups.create("g"),
        ):
            with pytest.raises(PermissionDeniedError, match="read access only"):
                write()
    group_id = api("POST", "/api/datachain/rbac/access-groups/", json={"name": "g"}).json()["id"]
    for method in ("PATCH", "DELETE"):
        response = api(
            method, f"/api/datachain/rbac/access-groups/{group_id}/", token="isat_reader", json={}
        )
        assert response.status_code == 403, method


@teams
def test_an_unknown_team_is_404_and_another_teams_is_403(studio_emulator: StudioEmulator) -> None:
    url = studio_emulator.url
    with Studio(token="isat_emulator", url=url, team="nobody") as studio:
        with pytest.raises(NotFoundError, match="Team not found"):
            studio.jobs.list()
        with pytest.raises(NotFoundError, match="Team not found"):
            studio.access_groups.list()
    with Studio(token="isat_emulator", url=url, team="other-team") as studio:
        with pytest.raises(PermissionDeniedError, match="Not authorized for the team other-team"):
            studio.jobs.create("print(1)")


@teams
def test_teams_do_not_see_each_others_data(studio_emulator: StudioEmulator) -> None:
    url = studio_emulator.url
    with (
        Studio(token="isat_emulator", url=url, team="emulator") as mine,
        Studio(token="isat_other", url=url, team="other-team") as theirs,
    ):
        job = mine.jobs.create("print(1)")
        upload = mine.jobs.upload(b"x", filename="mine.txt")
        mine.access_groups.create("admins")
        definition = mine.pipelines.trigger(["a"])
        assert theirs.jobs.list() == []
        assert theirs.access_groups.list() == []
        assert theirs.pipelines.list() == []
        with pytest.raises(NotFoundError):
            theirs.jobs.logs(job.id)
        with pytest.raises(NotFoundError):
            theirs.jobs.cancel(job.id)
        with pytest.raises(NotFoundError):
            theirs.pipelines.get(definition.name)
        with pytest.raises(BadRequestError, match="not an upload of team other-team"):
            theirs.jobs.create("print(1)", files=[upload])
        theirs.access_groups.create("admins")  # the same name is fine in another team
        assert [g.name for g in mine.access_groups.list()] == ["admins"]
        assert theirs.jobs.create("print(2)").team == "other-team"


@teams
def test_a_token_of_two_teams_acts_for_its_own_unless_told(
    studio_emulator: StudioEmulator, api: Api
) -> None:
    api("POST", "/api/datachain/rbac/access-groups/", json={"name": "in-emulator"})
    mine = api("GET", "/api/datachain/rbac/access-groups/", token="isat_both").json()
    assert mine == []  # its own team, other-team, has none
    named = api(
        "GET",
        "/api/datachain/rbac/access-groups/",
        token="isat_both",
        params={"team_name": "emulator"},
    ).json()
    assert [g["name"] for g in named] == ["in-emulator"]
    created = api("POST", JOBS, token="isat_both", json={"query": "x", "query_type": "PYTHON"})
    assert created.json()["team"] == "other-team"


def test_errors_are_json(api: Api) -> None:
    response = api("GET", JOBS, params={"team_name": "nobody"})
    assert response.status_code == 404
    assert detail(response) == "Team not found"
