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
from .._base_client import APICall, Timeout
from ._base import AsyncResource, Resource, SyncResource, Team

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


class AccessGroups(_AccessGroupsCalls, SyncResource):
    """`studio.access_groups`: groups of users, for access rules."""

    def create(
        self,
        name: str,
        *,
        description: str | None = None,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> AccessGroupOutput:
        """Create a group of users, for access rules to name.

        Args:
            name: The group's name: non-empty text (spaces around it are dropped).
            description: What the group is for; None sends nothing.
            team: The team to act for; by default the client's `team`, else the team of
                the token.
            timeout: Seconds one attempt may take (a positive number, or an `httpx.Timeout`
                with every part set); by default the client's.
            max_retries: How many times a failure is retried (a whole number from 0 up);
                by default the client's. Only failures where Studio cannot have acted on
                the request are retried, so it is never done twice.

        Returns:
            The new group, as an `AccessGroupOutput` (its `id` is what the other methods take).

        Raises:
            InvalidRequestError: `name` is empty or `description` is not text, or `team`,
                `timeout` or `max_retries` is invalid (nothing was sent).
            APIStatusError: Studio answered with an error status (`ConflictError` when the team
                has a group of that name).
            APIConnectionError: Studio could not be reached, or did not answer in time,
                after the retries.
        """
        return self._client._execute(
            self._create(name, description, team), timeout=timeout, max_retries=max_retries
        )

    def list(
        self, *, team: Team = None, timeout: Timeout | None = None, max_retries: int | None = None
    ) -> list[AccessGroupOutput]:
        """The team's groups.

        Args:
            team: The team to act for; by default the client's `team`, else the team of
                the token.
            timeout: Seconds one attempt may take (a positive number, or an `httpx.Timeout`
                with every part set); by default the client's.
            max_retries: How many times a transient failure is retried (a whole number
                from 0 up); by default the client's.

        Returns:
            The groups, as `AccessGroupOutput`s.

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
        group_id: GroupId,
        *,
        name: str | None = None,
        description: str | None = None,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> AccessGroupOutput:
        """Rename a group or change its description; what is left out (None) keeps its value.

        Args:
            group_id: The group's id: a `uuid.UUID` (`AccessGroupOutput.id`) or its text.
            name: The group's new name: non-empty text.
            description: The group's new description.
            team: The team to act for; by default the client's `team`, else the team of
                the token.
            timeout: Seconds one attempt may take (a positive number, or an `httpx.Timeout`
                with every part set); by default the client's.
            max_retries: How many times a transient failure is retried (a whole number
                from 0 up); by default the client's.

        Returns:
            The group as it is now, as an `AccessGroupOutput`.

        Raises:
            InvalidRequestError: `group_id` is not a UUID, `name` is empty or `description` is
                not text, or `team`, `timeout` or `max_retries` is invalid (nothing was sent).
            APIStatusError: Studio answered with an error status (`NotFoundError` when the team
                has no such group, `ConflictError` when another group has that name).
            APIConnectionError: Studio could not be reached, or did not answer in time,
                after the retries.
        """
        call = self._update(group_id, name, description, team)
        return self._client._execute(call, timeout=timeout, max_retries=max_retries)

    def delete(
        self,
        group_id: GroupId,
        *,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> None:
        """Delete a group.

        Args:
            group_id: The group's id: a `uuid.UUID` (`AccessGroupOutput.id`) or its text.
            team: The team to act for; by default the client's `team`, else the team of
                the token.
            timeout: Seconds one attempt may take (a positive number, or an `httpx.Timeout`
                with every part set); by default the client's.
            max_retries: How many times a transient failure is retried (a whole number
                from 0 up); by default the client's.

        Raises:
            InvalidRequestError: `group_id` is not a UUID, or `team`, `timeout` or `max_retries`
                is invalid (nothing was sent).
            APIStatusError: Studio answered with an error status (`NotFoundError` when the team
                has no such group).
            APIConnectionError: Studio could not be reached, or did not answer in time,
                after the retries.
        """
        self._client._execute(
            self._delete(group_id, team), timeout=timeout, max_retries=max_retries
        )

    def list_members(
        self,
        group_id: GroupId,
        *,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> Members:
        """The members of a group.

        Args:
            group_id: The group's id: a `uuid.UUID` (`AccessGroupOutput.id`) or its text.
            team: The team to act for; by default the client's `team`, else the team of
                the token.
            timeout: Seconds one attempt may take (a positive number, or an `httpx.Timeout`
                with every part set); by default the client's.
            max_retries: How many times a transient failure is retried (a whole number
                from 0 up); by default the client's.

        Returns:
            The members, as `AccessGroupMemberOutput`s (user id, username, email and role).

        Raises:
            InvalidRequestError: `group_id` is not a UUID, or `team`, `timeout` or `max_retries`
                is invalid (nothing was sent).
            APIStatusError: Studio answered with an error status (`NotFoundError` when the team
                has no such group).
            APIConnectionError: Studio could not be reached, or did not answer in time,
                after the retries.
        """
        return self._client._execute(
            self._list_members(group_id, team), timeout=timeout, max_retries=max_retries
        )

    def add_member(
        self,
        group_id: GroupId,
        *,
        user_id: int,
        role: str,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> AccessGroupMemberOutput:
        """Add a user to a group with a role.

        Args:
            group_id: The group's id: a `uuid.UUID` (`AccessGroupOutput.id`) or its text.
            user_id: The user to add: their user id, an integer.
            role: The member's role in the group, e.g. `"read"`, `"write"`, `"admin"`
                (non-empty text; Studio decides which roles exist).
            team: The team to act for; by default the client's `team`, else the team of
                the token.
            timeout: Seconds one attempt may take (a positive number, or an `httpx.Timeout`
                with every part set); by default the client's.
            max_retries: How many times a failure is retried (a whole number from 0 up);
                by default the client's. Only failures where Studio cannot have acted on
                the request are retried, so it is never done twice.

        Returns:
            The new member, as an `AccessGroupMemberOutput`.

        Raises:
            InvalidRequestError: `group_id` is not a UUID, `user_id` is not an integer, `role`
                is empty, or `team`, `timeout` or `max_retries` is invalid (nothing was sent).
            APIStatusError: Studio answered with an error status (`NotFoundError` when the team
                has no such group, `ConflictError` when the user is a member already).
            APIConnectionError: Studio could not be reached, or did not answer in time,
                after the retries.
        """
        call = self._add_member(group_id, user_id, role, team)
        return self._client._execute(call, timeout=timeout, max_retries=max_retries)

    def update_member(
        self,
        group_id: GroupId,
        user_id: int,
        *,
        role: str,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> AccessGroupMemberOutput:
        """Change a member's role.

        Args:
            group_id: The group's id: a `uuid.UUID` (`AccessGroupOutput.id`) or its text.
            user_id: The member's user id: an integer (`AccessGroupMemberOutput.user_id`).
            role: The member's role in the group, e.g. `"read"`, `"write"`, `"admin"`
                (non-empty text; Studio decides which roles exist).
            team: The team to act for; by default the client's `team`, else the team of
                the token.
            timeout: Seconds one attempt may take (a positive number, or an `httpx.Timeout`
                with every part set); by default the client's.
            max_retries: How many times a transient failure is retried (a whole number
                from 0 up); by default the client's.

        Returns:
            The member as it is now, as an `AccessGroupMemberOutput`.

        Raises:
            InvalidRequestError: `group_id` is not a UUID, `user_id` is not an integer, `role`
                is empty, or `team`, `timeout` or `max_retries` is invalid (nothing was sent).
            APIStatusError: Studio answered with an error status (`NotFoundError` when the team
                has no such group, or the user is not in it).
            APIConnectionError: Studio could not be reached, or did not answer in time,
                after the retries.
        """
        call = self._update_member(group_id, user_id, role, team)
        return self._client._execute(call, timeout=timeout, max_retries=max_retries)

    def remove_member(
        self,
        group_id: GroupId,
        user_id: int,
        *,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> None:
        """Remove a user from a group.

        Args:
            group_id: The group's id: a `uuid.UUID` (`AccessGroupOutput.id`) or its text.
            user_id: The member's user id: an integer (`AccessGroupMemberOutput.user_id`).
            team: The team to act for; by default the client's `team`, else the team of
                the token.
            timeout: Seconds one attempt may take (a positive number, or an `httpx.Timeout`
                with every part set); by default the client's.
            max_retries: How many times a transient failure is retried (a whole number
                from 0 up); by default the client's.

        Raises:
            InvalidRequestError: `group_id` is not a UUID, `user_id` is not an integer, or
                `team`, `timeout` or `max_retries` is invalid (nothing was sent).
            APIStatusError: Studio answered with an error status (`NotFoundError` when the team
                has no such group, or the user is not in it).
            APIConnectionError: Studio could not be reached, or did not answer in time,
                after the retries.
        """
        call = self._remove_member(group_id, user_id, team)
        self._client._execute(call, timeout=timeout, max_retries=max_retries)


class AsyncAccessGroups(_AccessGroupsCalls, AsyncResource):
    """`AsyncStudio.access_groups`: groups of users, for access rules."""

    async def create(
        self,
        name: str,
        *,
        description: str | None = None,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> AccessGroupOutput:
        """Create a group of users, for access rules to name.

        Args:
            name: The group's name: non-empty text (spaces around it are dropped).
            description: What the group is for; None sends nothing.
            team: The team to act for; by default the client's `team`, else the team of
                the token.
            timeout: Seconds one attempt may take (a positive number, or an `httpx.Timeout`
                with every part set); by default the client's.
            max_retries: How many times a failure is retried (a whole number from 0 up);
                by default the client's. Only failures where Studio cannot have acted on
                the request are retried, so it is never done twice.

        Returns:
            The new group, as an `AccessGroupOutput` (its `id` is what the other methods take).

        Raises:
            InvalidRequestError: `name` is empty or `description` is not text, or `team`,
                `timeout` or `max_retries` is invalid (nothing was sent).
            APIStatusError: Studio answered with an error status (`ConflictError` when the team
                has a group of that name).
            APIConnectionError: Studio could not be reached, or did not answer in time,
                after the retries.
        """
        call = self._create(name, description, team)
        return await self._client._execute(call, timeout=timeout, max_retries=max_retries)

    async def list(
        self, *, team: Team = None, timeout: Timeout | None = None, max_retries: int | None = None
    ) -> list[AccessGroupOutput]:
        """The team's groups.

        Args:
            team: The team to act for; by default the client's `team`, else the team of
                the token.
            timeout: Seconds one attempt may take (a positive number, or an `httpx.Timeout`
                with every part set); by default the client's.
            max_retries: How many times a transient failure is retried (a whole number
                from 0 up); by default the client's.

        Returns:
            The groups, as `AccessGroupOutput`s.

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
        group_id: GroupId,
        *,
        name: str | None = None,
        description: str | None = None,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> AccessGroupOutput:
        """Rename a group or change its description; what is left out (None) keeps its value.

        Args:
            group_id: The group's id: a `uuid.UUID` (`AccessGroupOutput.id`) or its text.
            name: The group's new name: non-empty text.
            description: The group's new description.
            team: The team to act for; by default the client's `team`, else the team of
                the token.
            timeout: Seconds one attempt may take (a positive number, or an `httpx.Timeout`
                with every part set); by default the client's.
            max_retries: How many times a transient failure is retried (a whole number
                from 0 up); by default the client's.

        Returns:
            The group as it is now, as an `AccessGroupOutput`.

        Raises:
            InvalidRequestError: `group_id` is not a UUID, `name` is empty or `description` is
                not text, or `team`, `timeout` or `max_retries` is invalid (nothing was sent).
            APIStatusError: Studio answered with an error status (`NotFoundError` when the team
                has no such group, `ConflictError` when another group has that name).
            APIConnectionError: Studio could not be reached, or did not answer in time,
                after the retries.
        """
        call = self._update(group_id, name, description, team)
        return await self._client._execute(call, timeout=timeout, max_retries=max_retries)

    async def delete(
        self,
        group_id: GroupId,
        *,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> None:
        """Delete a group.

        Args:
            group_id: The group's id: a `uuid.UUID` (`AccessGroupOutput.id`) or its text.
            team: The team to act for; by default the client's `team`, else the team of
                the token.
            timeout: Seconds one attempt may take (a positive number, or an `httpx.Timeout`
                with every part set); by default the client's.
            max_retries: How many times a transient failure is retried (a whole number
                from 0 up); by default the client's.

        Raises:
            InvalidRequestError: `group_id` is not a UUID, or `team`, `timeout` or `max_retries`
                is invalid (nothing was sent).
            APIStatusError: Studio answered with an error status (`NotFoundError` when the team
                has no such group).
            APIConnectionError: Studio could not be reached, or did not answer in time,
                after the retries.
        """
        await self._client._execute(
            self._delete(group_id, team), timeout=timeout, max_retries=max_retries
        )

    async def list_members(
        self,
        group_id: GroupId,
        *,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> Members:
        """The members of a group.

        Args:
            group_id: The group's id: a `uuid.UUID` (`AccessGroupOutput.id`) or its text.
            team: The team to act for; by default the client's `team`, else the team of
                the token.
            timeout: Seconds one attempt may take (a positive number, or an `httpx.Timeout`
                with every part set); by default the client's.
            max_retries: How many times a transient failure is retried (a whole number
                from 0 up); by default the client's.

        Returns:
            The members, as `AccessGroupMemberOutput`s (user id, username, email and role).

        Raises:
            InvalidRequestError: `group_id` is not a UUID, or `team`, `timeout` or `max_retries`
                is invalid (nothing was sent).
            APIStatusError: Studio answered with an error status (`NotFoundError` when the team
                has no such group).
            APIConnectionError: Studio could not be reached, or did not answer in time,
                after the retries.
        """
        call = self._list_members(group_id, team)
        return await self._client._execute(call, timeout=timeout, max_retries=max_retries)

    async def add_member(
        self,
        group_id: GroupId,
        *,
        user_id: int,
        role: str,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> AccessGroupMemberOutput:
        """Add a user to a group with a role.

        Args:
            group_id: The group's id: a `uuid.UUID` (`AccessGroupOutput.id`) or its text.
            user_id: The user to add: their user id, an integer.
            role: The member's role in the group, e.g. `"read"`, `"write"`, `"admin"`
                (non-empty text; Studio decides which roles exist).
            team: The team to act for; by default the client's `team`, else the team of
                the token.
            timeout: Seconds one attempt may take (a positive number, or an `httpx.Timeout`
                with every part set); by default the client's.
            max_retries: How many times a failure is retried (a whole number from 0 up);
                by default the client's. Only failures where Studio cannot have acted on
                the request are retried, so it is never done twice.

        Returns:
            The new member, as an `AccessGroupMemberOutput`.

        Raises:
            InvalidRequestError: `group_id` is not a UUID, `user_id` is not an integer, `role`
                is empty, or `team`, `timeout` or `max_retries` is invalid (nothing was sent).
            APIStatusError: Studio answered with an error status (`NotFoundError` when the team
                has no such group, `ConflictError` when the user is a member already).
            APIConnectionError: Studio could not be reached, or did not answer in time,
                after the retries.
        """
        call = self._add_member(group_id, user_id, role, team)
        return await self._client._execute(call, timeout=timeout, max_retries=max_retries)

    async def update_member(
        self,
        group_id: GroupId,
        user_id: int,
        *,
        role: str,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> AccessGroupMemberOutput:
        """Change a member's role.

        Args:
            group_id: The group's id: a `uuid.UUID` (`AccessGroupOutput.id`) or its text.
            user_id: The member's user id: an integer (`AccessGroupMemberOutput.user_id`).
            role: The member's role in the group, e.g. `"read"`, `"write"`, `"admin"`
                (non-empty text; Studio decides which roles exist).
            team: The team to act for; by default the client's `team`, else the team of
                the token.
            timeout: Seconds one attempt may take (a positive number, or an `httpx.Timeout`
                with every part set); by default the client's.
            max_retries: How many times a transient failure is retried (a whole number
                from 0 up); by default the client's.

        Returns:
            The member as it is now, as an `AccessGroupMemberOutput`.

        Raises:
            InvalidRequestError: `group_id` is not a UUID, `user_id` is not an integer, `role`
                is empty, or `team`, `timeout` or `max_retries` is invalid (nothing was sent).
            APIStatusError: Studio answered with an error status (`NotFoundError` when the team
                has no such group, or the user is not in it).
            APIConnectionError: Studio could not be reached, or did not answer in time,
                after the retries.
        """
        call = self._update_member(group_id, user_id, role, team)
        return await self._client._execute(call, timeout=timeout, max_retries=max_retries)

    async def remove_member(
        self,
        group_id: GroupId,
        user_id: int,
        *,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> None:
        """Remove a user from a group.

        Args:
            group_id: The group's id: a `uuid.UUID` (`AccessGroupOutput.id`) or its text.
            user_id: The member's user id: an integer (`AccessGroupMemberOutput.user_id`).
            team: The team to act for; by default the client's `team`, else the team of
                the token.
            timeout: Seconds one attempt may take (a positive number, or an `httpx.Timeout`
                with every part set); by default the client's.
            max_retries: How many times a transient failure is retried (a whole number
                from 0 up); by default the client's.

        Raises:
            InvalidRequestError: `group_id` is not a UUID, `user_id` is not an integer, or
                `team`, `timeout` or `max_retries` is invalid (nothing was sent).
            APIStatusError: Studio answered with an error status (`NotFoundError` when the team
                has no such group, or the user is not in it).
            APIConnectionError: Studio could not be reached, or did not answer in time,
                after the retries.
        """
        call = self._remove_member(group_id, user_id, team)
        await self._client._execute(call, timeout=timeout, max_retries=max_retries)
