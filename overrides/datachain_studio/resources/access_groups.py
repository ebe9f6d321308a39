"""Access groups (RBAC) and their members.

Studio scopes these by the token's team; `team=` (or the client's team) is sent as
`team_name` in the query when given.

Retry policy: `list`, `list_members`, `update`, `update_member`, `delete` and
`remove_member` are retried on any transient failure; `create` and `add_member` only when
Studio cannot have acted on the request.
"""

from __future__ import annotations

import uuid
from typing import TypeAlias

from datachain_studio_api.api.access_groups import (
    add_access_group_member,
    create_access_group,
    delete_access_group,
    list_access_group_members,
    list_access_groups,
    remove_access_group_member,
    update_access_group,
    update_access_group_member,
)
from datachain_studio_api.models import (
    AccessGroupInput,
    AccessGroupMemberInput,
    AccessGroupMemberOutput,
    AccessGroupMemberUpdateInput,
    AccessGroupOutput,
    AccessGroupUpdateInput,
)

from .. import _validation as check
from .._base_client import APICall
from ._base import Resource, Team

Members = list[AccessGroupMemberOutput]
GroupId: TypeAlias = str | uuid.UUID
"""A group's id: a `uuid.UUID` (as `AccessGroupOutput.id` is) or its text."""


class _AccessGroupsCalls(Resource):
    def _create(self, name: str, description: str | None, team: Team) -> APICall[AccessGroupOutput]:
        body = AccessGroupInput(
            name=check.text_id(name, "name"),
            description=check.optional_text(description, "description"),
        )
        request = create_access_group.request(body=body, team_name=self._optional_team(team))
        return APICall.of(request, idempotent=False)

    def _list(self, team: Team) -> APICall[list[AccessGroupOutput]]:
        request = list_access_groups.request(team_name=self._optional_team(team))
        return APICall.of(request, idempotent=True)

    def _update(
        self, group_id: object, name: str | None, description: str | None, team: Team
    ) -> APICall[AccessGroupOutput]:
        body = AccessGroupUpdateInput(
            name=None if name is None else check.text_id(name, "name"),
            description=check.optional_text(description, "description"),
        )
        request = update_access_group.request(
            check.uuid_id(group_id, "group_id"), body=body, team_name=self._optional_team(team)
        )
        return APICall.of(request, idempotent=True)

    def _delete(self, group_id: GroupId, team: Team) -> APICall[None]:
        request = delete_access_group.request(
            check.uuid_id(group_id, "group_id"), team_name=self._optional_team(team)
        )
        return APICall.of(request, idempotent=True)

    def _list_members(
        self, group_id: GroupId, team: Team
    ) -> APICall[list[AccessGroupMemberOutput]]:
        request = list_access_group_members.request(
            check.uuid_id(group_id, "group_id"), team_name=self._optional_team(team)
        )
        return APICall.of(request, idempotent=True)

    def _add_member(
        self, group_id: GroupId, user_id: int, role: str, team: Team
    ) -> APICall[AccessGroupMemberOutput]:
        body = AccessGroupMemberInput(
            user_id=check.int_id(user_id, "user_id"), role=check.text_id(role, "role")
        )
        request = add_access_group_member.request(
            check.uuid_id(group_id, "group_id"), body=body, team_name=self._optional_team(team)
        )
        return APICall.of(request, idempotent=False)

    def _update_member(
        self, group_id: GroupId, user_id: int, role: str, team: Team
    ) -> APICall[AccessGroupMemberOutput]:
        request = update_access_group_member.request(
            check.uuid_id(group_id, "group_id"),
            check.int_id(user_id, "user_id"),
            body=AccessGroupMemberUpdateInput(role=check.text_id(role, "role")),
            team_name=self._optional_team(team),
        )
        return APICall.of(request, idempotent=True)

    def _remove_member(self, group_id: GroupId, user_id: int, team: Team) -> APICall[None]:
        request = remove_access_group_member.request(
            check.uuid_id(group_id, "group_id"),
            check.int_id(user_id, "user_id"),
            team_name=self._optional_team(team),
        )
        return APICall.of(request, idempotent=True)
