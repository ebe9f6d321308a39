"""Compute clusters. Listing is a read, retried on any transient failure."""

from __future__ import annotations

from datachain_studio_api.api.clusters import list_clusters
from datachain_studio_api.models import ComputeClusterOutput

from .._base_client import APICall, Timeout
from ._base import AsyncResource, Resource, SyncResource, Team


class _ClustersCalls(Resource):
    def _list(self, team: Team) -> APICall[list[ComputeClusterOutput]]:
        request = list_clusters.request(team_name=self._optional_team(team))
        return APICall.of(request, idempotent=True)


class Clusters(_ClustersCalls, SyncResource):
    """`studio.clusters`: where jobs can run."""

    def list(
        self, *, team: Team = None, timeout: Timeout | None = None, max_retries: int | None = None
    ) -> list[ComputeClusterOutput]:
        """The compute clusters the team can run jobs on.

        Args:
            team: The team to act for; by default the client's `team`, else the team of
                the token.
            timeout: Seconds one attempt may take (a positive number, or an `httpx.Timeout`
                with every part set); by default the client's.
            max_retries: How many times a transient failure is retried (a whole number
                from 0 up); by default the client's.

        Returns:
            One `ComputeClusterOutput` per cluster; jobs that name no cluster run on the
            one whose `default` is True.

        Raises:
            InvalidRequestError: `team`, `timeout` or `max_retries` is invalid (nothing was
                sent).
            APIStatusError: Studio answered with an error status (`AuthenticationError` for
                a bad token, `PermissionDeniedError` for a team the token cannot see).
            APIConnectionError: Studio could not be reached, or did not answer in time,
                after the retries.
        """
        return self._client._execute(self._list(team), timeout=timeout, max_retries=max_retries)


class AsyncClusters(_ClustersCalls, AsyncResource):
    """`AsyncStudio.clusters`: where jobs can run."""

    async def list(
        self, *, team: Team = None, timeout: Timeout | None = None, max_retries: int | None = None
    ) -> list[ComputeClusterOutput]:
        """The compute clusters the team can run jobs on.

        Args:
            team: The team to act for; by default the client's `team`, else the team of
                the token.
            timeout: Seconds one attempt may take (a positive number, or an `httpx.Timeout`
                with every part set); by default the client's.
            max_retries: How many times a transient failure is retried (a whole number
                from 0 up); by default the client's.

        Returns:
            One `ComputeClusterOutput` per cluster; jobs that name no cluster run on the
            one whose `default` is True.

        Raises:
            InvalidRequestError: `team`, `timeout` or `max_retries` is invalid (nothing was
                sent).
            APIStatusError: Studio answered with an error status (`AuthenticationError` for
                a bad token, `PermissionDeniedError` for a team the token cannot see).
            APIConnectionError: Studio could not be reached, or did not answer in time,
                after the retries.
        """
        return await self._client._execute(
            self._list(team), timeout=timeout, max_retries=max_retries
        )
