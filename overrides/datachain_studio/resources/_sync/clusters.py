# Generated from resources/_async/clusters.py by codegen/unasync.py: do not edit.
# Change the async source and run `python codegen/unasync.py`.
"""`studio.clusters`: where jobs can run."""

from __future__ import annotations

from datachain_studio_api.models import ComputeClusterOutput

from ..._base_client import Timeout
from .._base import TEAM_OR_TOKEN, Body, Headers, Query, SyncResource, Team, shared_args
from ..clusters import _ClustersCalls


class Clusters(_ClustersCalls, SyncResource):
    """`Studio.clusters`: where jobs can run."""

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
    ) -> list[ComputeClusterOutput]:
        """The compute clusters the team can run jobs on.

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
        return self._api.execute(
            self._list(team),
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
        )
