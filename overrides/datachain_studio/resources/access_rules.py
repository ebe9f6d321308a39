"""Access rules (RBAC): a permission on a resource for a user or a group.

Studio scopes these by the token's team; `team=` (or the client's team) is sent as
`team_name` in the query when given.

Retry policy: `list`, `update` and `delete` are retried on any transient failure; `create`
only when Studio cannot have acted on the request.
"""

from __future__ import annotations

import uuid
from typing import TypeAlias

from datachain_studio_api.api.access_rules import (
    create_access_rule,
    delete_access_rule,
    list_access_rules,
    update_access_rule,
)
from datachain_studio_api.models import AccessRuleInput, AccessRuleOutput, AccessRuleUpdateInput

from .. import _validation as check
from .._base_client import APICall
from .._exceptions import InvalidRequestError
from ._base import Resource, Team

RuleId: TypeAlias = str | uuid.UUID
"""A rule's id: a `uuid.UUID` (as `AccessRuleOutput.id` is) or its text."""
GroupId: TypeAlias = str | uuid.UUID
"""A group's id: a `uuid.UUID` (as `AccessGroupOutput.id` is) or its text."""


def _resource_id(value: object) -> str | int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, uuid.UUID | str):
        return check.text_id(value, "resource_id")
    raise InvalidRequestError(f"resource_id must be a string or an integer, got {value!r}")


class _AccessRulesCalls(Resource):
    def _create(
        self,
        resource_type: str,
        resource_id: object,
        permission: str,
        user_id: int | None,
        group_id: object,
        team: Team,
    ) -> APICall[AccessRuleOutput]:
        check.one_of(user_id=user_id, group_id=group_id)
        body = AccessRuleInput(
            resource_type=check.text_id(resource_type, "resource_type"),
            resource_id=_resource_id(resource_id),
            permission=check.text_id(permission, "permission"),
            user_id=None if user_id is None else check.int_id(user_id, "user_id"),
            group_id=check.optional_uuid_id(group_id, "group_id"),
        )
        request = create_access_rule.request(body=body, team_name=self._optional_team(team))
        return APICall.of(request, idempotent=False)

    def _list(self, team: Team) -> APICall[list[AccessRuleOutput]]:
        request = list_access_rules.request(team_name=self._optional_team(team))
        return APICall.of(request, idempotent=True)

    def _update(self, rule_id: object, permission: str, team: Team) -> APICall[AccessRuleOutput]:
        request = update_access_rule.request(
            check.uuid_id(rule_id, "rule_id"),
            body=AccessRuleUpdateInput(permission=check.text_id(permission, "permission")),
            team_name=self._optional_team(team),
        )
        return APICall.of(request, idempotent=True)

    def _delete(self, rule_id: object, team: Team) -> APICall[None]:
        request = delete_access_rule.request(
            check.uuid_id(rule_id, "rule_id"), team_name=self._optional_team(team)
        )
        return APICall.of(request, idempotent=True)
