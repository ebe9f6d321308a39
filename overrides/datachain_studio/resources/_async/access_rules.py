"""`studio.access_rules`: who may do what with which resource."""

from __future__ import annotations

from datachain_studio_api.models import AccessRuleOutput

from ..._base_client import Timeout
from .._base import (
    RETRIES_ONCE,
    TEAM_OR_TOKEN,
    AsyncResource,
    Body,
    Headers,
    Query,
    Team,
    shared_args,
)
from ..access_rules import GroupId, RuleId, _AccessRulesCalls


class AsyncAccessRules(_AccessRulesCalls, AsyncResource):
    """`AsyncStudio.access_rules`: who may do what with which resource."""

    @shared_args(team=TEAM_OR_TOKEN, max_retries=RETRIES_ONCE)
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
        extra_headers: Headers = None,
        extra_query: Query = None,
        extra_body: Body = None,
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
        return await self._api.execute(
            call,
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
        )

    @shared_args(team=TEAM_OR_TOKEN)
    async def list(
        self,
        *,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
        extra_headers: Headers = None,
        extra_query: Query = None,
        extra_body: Body = None,
    ) -> list[AccessRuleOutput]:
        """The team's access rules.

        Returns:
            The rules, as `AccessRuleOutput`s.

        Raises:
            InvalidRequestError: `team`, `timeout` or `max_retries` is invalid (nothing was
                sent).
            APIStatusError: Studio answered with an error status (a subclass per status).
            APIConnectionError: Studio could not be reached, or did not answer in time,
                after the retries.
        """
        return await self._api.execute(
            self._list(team),
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
        )

    @shared_args(team=TEAM_OR_TOKEN)
    async def update(
        self,
        rule_id: RuleId,
        *,
        permission: str,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
        extra_headers: Headers = None,
        extra_query: Query = None,
        extra_body: Body = None,
    ) -> AccessRuleOutput:
        """Change a rule's permission.

        Args:
            rule_id: The rule's id: a `uuid.UUID` (`AccessRuleOutput.id`) or its text.
            permission: The permission, e.g. `"read"`, `"write"`, `"admin"` (non-empty
                text; Studio decides which exist).

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
        return await self._api.execute(
            call,
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
        )

    @shared_args(team=TEAM_OR_TOKEN)
    async def delete(
        self,
        rule_id: RuleId,
        *,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
        extra_headers: Headers = None,
        extra_query: Query = None,
        extra_body: Body = None,
    ) -> None:
        """Delete a rule.

        Args:
            rule_id: The rule's id: a `uuid.UUID` (`AccessRuleOutput.id`) or its text.

        Raises:
            InvalidRequestError: `rule_id` is not a UUID, or `team`, `timeout` or `max_retries`
                is invalid (nothing was sent).
            APIStatusError: Studio answered with an error status (`NotFoundError` when the team
                has no such rule).
            APIConnectionError: Studio could not be reached, or did not answer in time,
                after the retries.
        """
        return await self._api.execute(
            self._delete(rule_id, team),
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
        )
