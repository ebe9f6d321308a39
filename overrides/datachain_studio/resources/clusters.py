"""Compute clusters. Listing is a read, retried on any transient failure."""

from __future__ import annotations

from datachain_studio_api.api.clusters import list_clusters
from datachain_studio_api.models import ComputeClusterOutput

from .._base_client import APICall, Timeout, call_from_kwargs
from ._base import AsyncResource, Resource, SyncResource, Team


class _ClustersCalls(Resource):
    def _list(self, team: Team) -> APICall[list[ComputeClusterOutput]]:
        kwargs = list_clusters._get_kwargs(team_name=self._optional_team(team))
        return call_from_kwargs(kwargs, list[ComputeClusterOutput], idempotent=True)


class Clusters(_ClustersCalls, SyncResource):
    """`studio.clusters`: where jobs can run."""

    def list(
        self, *, team: Team = None, timeout: Timeout | None = None, max_retries: int | None = None
    ) -> list[ComputeClusterOutput]:
        """The compute clusters the team can run jobs on."""
        return self._client._execute(self._list(team), timeout=timeout, max_retries=max_retries)


class AsyncClusters(_ClustersCalls, AsyncResource):
    """`AsyncStudio.clusters`: where jobs can run."""

    async def list(
        self, *, team: Team = None, timeout: Timeout | None = None, max_retries: int | None = None
    ) -> list[ComputeClusterOutput]:
        """The compute clusters the team can run jobs on."""
        return await self._client._execute(
            self._list(team), timeout=timeout, max_retries=max_retries
        )
