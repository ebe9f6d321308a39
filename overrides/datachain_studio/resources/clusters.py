"""Compute clusters. Listing is a read, retried on any transient failure."""

from __future__ import annotations

from datachain_studio_api.api.clusters import list_clusters
from datachain_studio_api.models import ComputeClusterOutput

from .._base_client import APICall
from ._base import Resource, Team


class _ClustersCalls(Resource):
    def _list(self, team: Team) -> APICall[list[ComputeClusterOutput]]:
        request = list_clusters.request(team_name=self._optional_team(team))
        return APICall.of(request, idempotent=True)
