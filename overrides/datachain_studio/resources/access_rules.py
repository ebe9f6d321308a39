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
from .._base_client import APICall, Timeout
from .._exceptions import InvalidRequestError
from ._base import AsyncResource, Resource, SyncResource, Team

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


class AccessRules(_AccessRulesCalls, SyncResource):
    """`studio.access_rules`: who may do what with which resource."""

    def create(
        self,
        *,
        resource_type: str,
        resource_id: str | int,
        permission: str,
        user_id: int | None = None,
        group_id: GroupId | None = None,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> AccessRuleOutput:
        """Grant a user (`user_id`) or a group (`group_id`) `permission` on a resource.

        Args:
            resource_type: What kind of resource, e.g. `"namespace"`, `"project"`,
                `"dataset"` (non-empty text).
            resource_id: Which resource of that kind: its id, as text or an integer.
            permission: The permission, e.g. `"read"`, `"write"`, `"admin"` (non-empty
                text; Studio decides which exist).
            user_id: The user to grant it to: their user id, an integer. Give it or
                `group_id`, not both.
            group_id: The group to grant it to: a `uuid.UUID` (`AccessGroupOutput.id`) or
                its text. Give it or `user_id`, not both.
            team: The team to act for; by default the client's `team`, else the team of
                the token.
            timeout: Seconds one attempt may take (a positive number, or an `httpx.Timeout`
                with every part set); by default the client's.
            max_retries: How many times a failure is retried (a whole number from 0 up);
                by default the client's. Only failures where Studio cannot have acted on
                the request are retried, so it is never done twice.

        Returns:
            The new rule, as an `AccessRuleOutput`.

        Raises:
            InvalidRequestError: Neither or both of `user_id` and `group_id` are given,
                `resource_type`, `resource_id` or `permission` is empty, `user_id` is not an
                integer, `group_id` is not a UUID, or `team`, `timeout` or `max_retries` is
                invalid (nothing was sent).
            APIStatusError: Studio answered with an error status (a subclass per status).
            APIConnectionError: Studio could not be reached, or did not answer in time,
                after the retries.
        """
        call = self._create(resource_type, resource_id, permission, user_id, group_id, team)
        return self._client._execute(call, timeout=timeout, max_retries=max_retries)

    def list(
        self, *, team: Team = None, timeout: Timeout | None = None, max_retries: int | None = None
    ) -> list[AccessRuleOutput]:
        """The team's access rules.

        Args:
            team: The team to act for; by default the client's `team`, else the team of
                the token.
            timeout: Seconds one attempt may take (a positive number, or an `httpx.Timeout`
                with every part set); by default the client's.
            max_retries: How many times a transient failure is retried (a whole number
                from 0 up); by default the client's.

        Returns:
            The rules, as `AccessRuleOutput`s.

        Raises:
            InvalidRequestError: `team`, `timeout` or `max_retries` is invalid (nothing was
                sent).
            APIStatusError: Studio answered with an error status (a subclass per status).
            APIConnectionError: Studio could not be reached, or did not answer in time,
                after the retries.
        """
        return self._client._execute(self._list(team), timeout=timeout, max_retries=max_retries)

    def update(
        self,
        rule_id: RuleId,
        *,
        permission: str,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> AccessRuleOutput:
        """Change a rule's permission.

        Args:
            rule_id: The rule's id: a `uuid.UUID` (`AccessRuleOutput.id`) or its text.
            permission: The permission, e.g. `"read"`, `"write"`, `"admin"` (non-empty
                text; Studio decides which exist).
            team: The team to act for; by default the client's `team`, else the team of
                the token.
            timeout: Seconds one attempt may take (a positive number, or an `httpx.Timeout`
                with every part set); by default the client's.
            max_retries: How many times a transient failure is retried (a whole number
                from 0 up); by default the client's.

        Returns:
            The rule as it is now, as an `AccessRuleOutput`.

        Raises:
            InvalidRequestError: `rule_id` is not a UUID, `permission` is empty, or `team`,
                `timeout` or `max_retries` is invalid (nothing was sent).
            APIStatusError: Studio answered with an error status (`NotFoundError` when the team
                has no such rule).
            APIConnectionError: Studio could not be reached, or did not answer in time,
                after the retries.
        """
        return self._client._execute(
            self._update(rule_id, permission, team), timeout=timeout, max_retries=max_retries
        )

    def delete(
        self,
        rule_id: RuleId,
        *,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> None:
        """Delete a rule.

        Args:
            rule_id: The rule's id: a `uuid.UUID` (`AccessRuleOutput.id`) or its text.
            team: The team to act for; by default the client's `team`, else the team of
                the token.
            timeout: Seconds one attempt may take (a positive number, or an `httpx.Timeout`
                with every part set); by default the client's.
            max_retries: How many times a transient failure is retried (a whole number
                from 0 up); by default the client's.

        Raises:
            InvalidRequestError: `rule_id` is not a UUID, or `team`, `timeout` or `max_retries`
                is invalid (nothing was sent).
            APIStatusError: Studio answered with an error status (`NotFoundError` when the team
                has no such rule).
            APIConnectionError: Studio could not be reached, or did not answer in time,
                after the retries.
        """
        self._client._execute(self._delete(rule_id, team), timeout=timeout, max_retries=max_retries)


class AsyncAccessRules(_AccessRulesCalls, AsyncResource):
    """`AsyncStudio.access_rules`: who may do what with which resource."""

    async def create(
        self,
        *,
        resource_type: str,
        resource_id: str | int,
        permission: str,
        user_id: int | None = None,
        group_id: GroupId | None = None,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> AccessRuleOutput:
        """Grant a user (`user_id`) or a group (`group_id`) `permission` on a resource.

        Args:
            resource_type: What kind of resource, e.g. `"namespace"`, `"project"`,
                `"dataset"` (non-empty text).
            resource_id: Which resource of that kind: its id, as text or an integer.
            permission: The permission, e.g. `"read"`, `"write"`, `"admin"` (non-empty
                text; Studio decides which exist).
            user_id: The user to grant it to: their user id, an integer. Give it or
                `group_id`, not both.
            group_id: The group to grant it to: a `uuid.UUID` (`AccessGroupOutput.id`) or
                its text. Give it or `user_id`, not both.
            team: The team to act for; by default the client's `team`, else the team of
                the token.
            timeout: Seconds one attempt may take (a positive number, or an `httpx.Timeout`
                with every part set); by default the client's.
            max_retries: How many times a failure is retried (a whole number from 0 up);
                by default the client's. Only failures where Studio cannot have acted on
                the request are retried, so it is never done twice.

        Returns:
            The new rule, as an `AccessRuleOutput`.

        Raises:
            InvalidRequestError: Neither or both of `user_id` and `group_id` are given,
                `resource_type`, `resource_id` or `permission` is empty, `user_id` is not an
                integer, `group_id` is not a UUID, or `team`, `timeout` or `max_retries` is
                invalid (nothing was sent).
            APIStatusError: Studio answered with an error status (a subclass per status).
            APIConnectionError: Studio could not be reached, or did not answer in time,
                after the retries.
        """
        call = self._create(resource_type, resource_id, permission, user_id, group_id, team)
        return await self._client._execute(call, timeout=timeout, max_retries=max_retries)

    async def list(
        self, *, team: Team = None, timeout: Timeout | None = None, max_retries: int | None = None
    ) -> list[AccessRuleOutput]:
        """The team's access rules.

        Args:
            team: The team to act for; by default the client's `team`, else the team of
                the token.
            timeout: Seconds one attempt may take (a positive number, or an `httpx.Timeout`
                with every part set); by default the client's.
            max_retries: How many times a transient failure is retried (a whole number
                from 0 up); by default the client's.

        Returns:
            The rules, as `AccessRuleOutput`s.

        Raises:
            InvalidRequestError: `team`, `timeout` or `max_retries` is invalid (nothing was
                sent).
            APIStatusError: Studio answered with an error status (a subclass per status).
            APIConnectionError: Studio could not be reached, or did not answer in time,
                after the retries.
        """
        return await self._client._execute(
            self._list(team), timeout=timeout, max_retries=max_retries
        )

    async def update(
        self,
        rule_id: RuleId,
        *,
        permission: str,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> AccessRuleOutput:
        """Change a rule's permission.

        Args:
            rule_id: The rule's id: a `uuid.UUID` (`AccessRuleOutput.id`) or its text.
            permission: The permission, e.g. `"read"`, `"write"`, `"admin"` (non-empty
                text; Studio decides which exist).
            team: The team to act for; by default the client's `team`, else the team of
                the token.
            timeout: Seconds one attempt may take (a positive number, or an `httpx.Timeout`
                with every part set); by default the client's.
            max_retries: How many times a transient failure is retried (a whole number
                from 0 up); by default the client's.

        Returns:
            The rule as it is now, as an `AccessRuleOutput`.

        Raises:
            InvalidRequestError: `rule_id` is not a UUID, `permission` is empty, or `team`,
                `timeout` or `max_retries` is invalid (nothing was sent).
            APIStatusError: Studio answered with an error status (`NotFoundError` when the team
                has no such rule).
            APIConnectionError: Studio could not be reached, or did not answer in time,
                after the retries.
        """
        call = self._update(rule_id, permission, team)
        return await self._client._execute(call, timeout=timeout, max_retries=max_retries)

    async def delete(
        self,
        rule_id: RuleId,
        *,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> None:
        """Delete a rule.

        Args:
            rule_id: The rule's id: a `uuid.UUID` (`AccessRuleOutput.id`) or its text.
            team: The team to act for; by default the client's `team`, else the team of
                the token.
            timeout: Seconds one attempt may take (a positive number, or an `httpx.Timeout`
                with every part set); by default the client's.
            max_retries: How many times a transient failure is retried (a whole number
                from 0 up); by default the client's.

        Raises:
            InvalidRequestError: `rule_id` is not a UUID, or `team`, `timeout` or `max_retries`
                is invalid (nothing was sent).
            APIStatusError: Studio answered with an error status (`NotFoundError` when the team
                has no such rule).
            APIConnectionError: Studio could not be reached, or did not answer in time,
                after the retries.
        """
        await self._client._execute(
            self._delete(rule_id, team), timeout=timeout, max_retries=max_retries
        )
