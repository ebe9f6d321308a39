"""Access groups, their members, and access rules."""

from __future__ import annotations

import pytest

from datachain_studio import ConflictError, NotFoundError, Studio
from tests.emulator.helpers import Api, detail

GROUPS = "/api/datachain/rbac/access-groups/"
RULES = "/api/datachain/rbac/access-rules/"
MISSING = "306db4e0-7449-4501-b76f-075576fe2d8f"


def test_group_crud(studio: Studio) -> None:
    group = studio.access_groups.create("production-team", description="prod")
    assert (group.name, group.description, group.member_count) == ("production-team", "prod", 0)
    with pytest.raises(ConflictError):
        studio.access_groups.create("production-team")
    other = studio.access_groups.create("staging")
    assert [g.name for g in studio.access_groups.list()] == ["production-team", "staging"]
    renamed = studio.access_groups.update(group.id, name="prod")
    assert (renamed.name, renamed.description) == ("prod", "prod")  # left out: kept
    assert studio.access_groups.update(group.id, description="d").name == "prod"
    with pytest.raises(ConflictError):
        studio.access_groups.update(group.id, name="staging")
    assert studio.access_groups.delete(other.id) is None
    assert [g.id for g in studio.access_groups.list()] == [group.id]
    with pytest.raises(NotFoundError):
        studio.access_groups.delete(other.id)
    with pytest.raises(NotFoundError):
        studio.access_groups.update(MISSING, name="x")


def test_statuses_and_bodies_on_the_wire(api: Api) -> None:
    created = api("POST", GROUPS, json={"name": "g"})
    assert created.status_code == 201
    group_id = created.json()["id"]
    assert api("PATCH", f"{GROUPS}{group_id}/", json={"name": "h"}).status_code == 200
    deleted = api("DELETE", f"{GROUPS}{group_id}/")
    assert deleted.status_code == 204
    assert deleted.content == b""
    assert "content-type" not in deleted.headers
    missing = api("DELETE", f"{GROUPS}{group_id}/")
    assert missing.status_code == 404
    assert "not found" in detail(missing)


def test_members(studio: Studio) -> None:
    group = studio.access_groups.create("g")
    member = studio.access_groups.add_member(group.id, user_id=7, role="write")
    assert (member.user_id, member.role, member.username) == (7, "write", "user7")
    assert member.email == "user7@example.com"
    studio.access_groups.add_member(group.id, user_id=1, role="read")
    with pytest.raises(ConflictError):
        studio.access_groups.add_member(group.id, user_id=7, role="read")
    assert [m.user_id for m in studio.access_groups.list_members(group.id)] == [1, 7]
    assert studio.access_groups.list()[0].member_count == 2
    assert studio.access_groups.update_member(group.id, 7, role="admin").role == "admin"
    assert studio.access_groups.remove_member(group.id, 7) is None
    with pytest.raises(NotFoundError):
        studio.access_groups.remove_member(group.id, 7)
    with pytest.raises(NotFoundError):
        studio.access_groups.update_member(group.id, 7, role="read")
    with pytest.raises(NotFoundError):
        studio.access_groups.list_members(MISSING)
    with pytest.raises(NotFoundError):
        studio.access_groups.add_member(MISSING, user_id=1, role="read")
    assert [m.username for m in studio.access_groups.list_members(group.id)] == ["user1"]


def test_rules(studio: Studio) -> None:
    group = studio.access_groups.create("readers")
    for_user = studio.access_rules.create(
        resource_type="namespace", resource_id="ns1", permission="write", user_id=3
    )
    assert (for_user.user_id, for_user.user_email, for_user.group_id) == (
        3,
        "user3@example.com",
        None,
    )
    for_group = studio.access_rules.create(
        resource_type="dataset", resource_id=12, permission="read", group_id=group.id
    )
    assert for_group.group_id == group.id and for_group.group_name == "readers"
    assert for_group.resource_id == 12
    assert [r.id for r in studio.access_rules.list()] == [for_user.id, for_group.id]
    assert studio.access_rules.update(for_user.id, permission="admin").permission == "admin"
    assert studio.access_rules.delete(for_user.id) is None
    with pytest.raises(NotFoundError):
        studio.access_rules.delete(for_user.id)
    with pytest.raises(NotFoundError):
        studio.access_rules.update(for_user.id, permission="read")
    with pytest.raises(NotFoundError):
        studio.access_rules.create(
            resource_type="dataset", resource_id=1, permission="read", group_id=MISSING
        )
    # Deleting a group deletes its rules.
    studio.access_groups.delete(group.id)
    assert studio.access_rules.list() == []


def test_a_rule_needs_exactly_one_of_user_and_group(api: Api) -> None:
    group_id = api("POST", GROUPS, json={"name": "g"}).json()["id"]
    base = {"resource_type": "namespace", "resource_id": "ns", "permission": "read"}
    for extra in ({}, {"user_id": 1, "group_id": group_id}, {"user_id": None, "group_id": None}):
        response = api("POST", RULES, json={**base, **extra})
        assert response.status_code == 400, extra
        assert "user_id or group_id" in detail(response)
    assert api("POST", RULES, json={**base, "user_id": 1}).status_code == 201


def test_rbac_uses_the_tokens_team_unless_told(studio: Studio, api: Api) -> None:
    studio.access_groups.create("g")
    without = api("GET", GROUPS).json()
    with_team = api("GET", GROUPS, params={"team_name": "emulator"}).json()
    assert [g["name"] for g in without] == [g["name"] for g in with_team] == ["g"]
