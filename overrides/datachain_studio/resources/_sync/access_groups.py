# Generated from resources/_async/access_groups.py by codegen/unasync.py: do not edit.
# Change the async source and run `python codegen/unasync.py`.
"""`studio.access_groups`: groups of users, for access rules."""

from __future__ import annotations

from datachain_studio_api.models import (
    AccessGroupMemberOutput,
    AccessGroupOutput,
)

from ..._base_client import Timeout
from .._base import (
    RETRIES_ONCE,
    TEAM_OR_TOKEN,
    Body,
    Headers,
    Query,
    SyncResource,
    Team,
    shared_args,
)
from ..access_groups import GroupId, Members, _AccessGroupsCalls


class AccessGroups(_AccessGroupsCalls, SyncResource):
    """`Studio.access_groups`: groups of users, for access rules."""

    @shared_args(team=TEAM_OR_TOKEN, max_retries=RETRIES_ONCE)
    def create(
        self,
        name: str,
        *,
        description: str | None = None,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
        extra_headers: Headers = None,
        extra_query: Query = None,
        extra_body: Body = None,
    ) -> AccessGroupOutput:
        """Create a group of users, for access rules to name.

        Args:
            name: The group's name: non-empty text (spaces around it are dropped).
            description: What the group is for; None sends nothing.

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
        return self._api.execute(
            call,
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
        )

    @shared_args(team=TEAM_OR_TOKEN)
    def list(
        self,
        *,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
        extra_headers: Headers = None,
        extra_query: Query = None,
        extra_body: Body = None,
    ) -> list[AccessGroupOutput]:
        """The team's groups.

        Returns:
            The groups, as `AccessGroupOutput`s.

        Raises:
            InvalidRequestError: `team`, `timeout` or `max_retries` is invalid (nothing was
                sent).
            APIStatusError: Studio answered with an error status (a subclass per status).
            APIConnectionError: Studio could not be reached, or did not answer in time,
                after the retries.
        """
        return self._api.execute(
            self._list(team),
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
        )

    @shared_args(team=TEAM_OR_TOKEN)
    def update(
        self,
        group_id: GroupId,
        *,
        name: str | None = None,
        description: str | None = None,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
        extra_headers: Headers = None,
        extra_query: Query = None,
        extra_body: Body = None,
    ) -> AccessGroupOutput:
        """Rename a group or change its description; what is left out (None) keeps its value.

        Args:
            group_id: The group's id: a `uuid.UUID` (`AccessGroupOutput.id`) or its text.
            name: The group's new name: non-empty text.
            description: The group's new description.

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
        return self._api.execute(
            call,
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
        )

    @shared_args(team=TEAM_OR_TOKEN)
    def delete(
        self,
        group_id: GroupId,
        *,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
        extra_headers: Headers = None,
        extra_query: Query = None,
        extra_body: Body = None,
    ) -> None:
        """Delete a group.

        Args:
            group_id: The group's id: a `uuid.UUID` (`AccessGroupOutput.id`) or its text.

        Raises:
            InvalidRequestError: `group_id` is not a UUID, or `team`, `timeout` or `max_retries`
                is invalid (nothing was sent).
            APIStatusError: Studio answered with an error status (`NotFoundError` when the team
                has no such group).
            APIConnectionError: Studio could not be reached, or did not answer in time,
                after the retries.
        """
        return self._api.execute(
            self._delete(group_id, team),
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
        )

    @shared_args(team=TEAM_OR_TOKEN)
    def list_members(
        self,
        group_id: GroupId,
        *,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
        extra_headers: Headers = None,
        extra_query: Query = None,
        extra_body: Body = None,
    ) -> Members:
        """The members of a group.

        Args:
            group_id: The group's id: a `uuid.UUID` (`AccessGroupOutput.id`) or its text.

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
        return self._api.execute(
            call,
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
        )

    @shared_args(team=TEAM_OR_TOKEN, max_retries=RETRIES_ONCE)
    def add_member(
        self,
        group_id: GroupId,
        *,
        user_id: int,
        role: str,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
        extra_headers: Headers = None,
        extra_query: Query = None,
        extra_body: Body = None,
    ) -> AccessGroupMemberOutput:
        """Add a user to a group with a role.

        Args:
            group_id: The group's id: a `uuid.UUID` (`AccessGroupOutput.id`) or its text.
            user_id: The user to add: their user id, an integer.
            role: The member's role in the group, e.g. `"read"`, `"write"`, `"admin"`
                (non-empty text; Studio decides which roles exist).

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
        return self._api.execute(
            call,
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
        )

    @shared_args(team=TEAM_OR_TOKEN)
    def update_member(
        self,
        group_id: GroupId,
        user_id: int,
        *,
        role: str,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
        extra_headers: Headers = None,
        extra_query: Query = None,
        extra_body: Body = None,
    ) -> AccessGroupMemberOutput:
        """Change a member's role.

        Args:
            group_id: The group's id: a `uuid.UUID` (`AccessGroupOutput.id`) or its text.
            user_id: The member's user id: an integer (`AccessGroupMemberOutput.user_id`).
            role: The member's role in the group, e.g. `"read"`, `"write"`, `"admin"`
                (non-empty text; Studio decides which roles exist).

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
        return self._api.execute(
            call,
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
        )

    @shared_args(team=TEAM_OR_TOKEN)
    def remove_member(
        self,
        group_id: GroupId,
        user_id: int,
        *,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
        extra_headers: Headers = None,
        extra_query: Query = None,
        extra_body: Body = None,
    ) -> None:
        """Remove a user from a group.

        Args:
            group_id: The group's id: a `uuid.UUID` (`AccessGroupOutput.id`) or its text.
            user_id: The member's user id: an integer (`AccessGroupMemberOutput.user_id`).

        Raises:
            InvalidRequestError: `group_id` is not a UUID, `user_id` is not an integer, or
                `team`, `timeout` or `max_retries` is invalid (nothing was sent).
            APIStatusError: Studio answered with an error status (`NotFoundError` when the team
                has no such group, or the user is not in it).
            APIConnectionError: Studio could not be reached, or did not answer in time,
                after the retries.
        """
        call = self._remove_member(group_id, user_id, team)
        return self._api.execute(
            call,
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
        )
