"""Compute clusters. Listing is a read, retried on any transient failure."""

from __future__ import annotations

from datachain_studio_api.api.clusters import list_clusters
from datachain_studio_api.models import ComputeClusterOutput

from .._base_client import APICall, call_from_kwargs
from ._base import Resource, Team


class _ClustersCalls(Resource):
    def _list(self, team: Team) -> APICall[list[ComputeClusterOutput]]:
        kwargs = list_clusters._get_kwargs(team_name=self._optional_team(team))
        return call_from_kwargs(kwargs, list[ComputeClusterOutput], idempotent=True)
