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
from .._base_client import APICall, call_from_kwargs
from ._base import Resource, Team, given

Members = list[AccessGroupMemberOutput]
GroupId: TypeAlias = str | uuid.UUID
"""A group's id: a `uuid.UUID` (as `AccessGroupOutput.id` is) or its text."""


class _AccessGroupsCalls(Resource):
    def _create(self, name: str, description: str | None, team: Team) -> APICall[AccessGroupOutput]:
        body = AccessGroupInput(
            name=check.text_id(name, "name"),
            description=given(check.optional_text(description, "description")),
        )
        kwargs = create_access_group._get_kwargs(body=body, team_name=self._optional_team(team))
        return call_from_kwargs(kwargs, AccessGroupOutput, idempotent=False)

    def _list(self, team: Team) -> APICall[list[AccessGroupOutput]]:
        kwargs = list_access_groups._get_kwargs(team_name=self._optional_team(team))
        return call_from_kwargs(kwargs, list[AccessGroupOutput], idempotent=True)

    def _update(
        self, group_id: object, name: str | None, description: str | None, team: Team
    ) -> APICall[AccessGroupOutput]:
        body = AccessGroupUpdateInput(
            name=given(None if name is None else check.text_id(name, "name")),
            description=given(check.optional_text(description, "description")),
        )
        kwargs = update_access_group._get_kwargs(
            check.uuid_id(group_id, "group_id"), body=body, team_name=self._optional_team(team)
        )
        return call_from_kwargs(kwargs, AccessGroupOutput, idempotent=True)

    def _delete(self, group_id: GroupId, team: Team) -> APICall[None]:
        kwargs = delete_access_group._get_kwargs(
            check.uuid_id(group_id, "group_id"), team_name=self._optional_team(team)
        )
        return call_from_kwargs(kwargs, None, idempotent=True)

    def _list_members(
        self, group_id: GroupId, team: Team
    ) -> APICall[list[AccessGroupMemberOutput]]:
        kwargs = list_access_group_members._get_kwargs(
            check.uuid_id(group_id, "group_id"), team_name=self._optional_team(team)
        )
        return call_from_kwargs(kwargs, list[AccessGroupMemberOutput], idempotent=True)

    def _add_member(
        self, group_id: GroupId, user_id: int, role: str, team: Team
    ) -> APICall[AccessGroupMemberOutput]:
        body = AccessGroupMemberInput(
            user_id=check.int_id(user_id, "user_id"), role=check.text_id(role, "role")
        )
        kwargs = add_access_group_member._get_kwargs(
            check.uuid_id(group_id, "group_id"), body=body, team_name=self._optional_team(team)
        )
        return call_from_kwargs(kwargs, AccessGroupMemberOutput, idempotent=False)

    def _update_member(
        self, group_id: GroupId, user_id: int, role: str, team: Team
    ) -> APICall[AccessGroupMemberOutput]:
        kwargs = update_access_group_member._get_kwargs(
            check.uuid_id(group_id, "group_id"),
            check.int_id(user_id, "user_id"),
            body=AccessGroupMemberUpdateInput(role=check.text_id(role, "role")),
            team_name=self._optional_team(team),
        )
        return call_from_kwargs(kwargs, AccessGroupMemberOutput, idempotent=True)

    def _remove_member(self, group_id: GroupId, user_id: int, team: Team) -> APICall[None]:
        kwargs = remove_access_group_member._get_kwargs(
            check.uuid_id(group_id, "group_id"),
            check.int_id(user_id, "user_id"),
            team_name=self._optional_team(team),
        )
        return call_from_kwargs(kwargs, None, idempotent=True)
