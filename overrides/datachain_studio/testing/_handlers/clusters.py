"""Compute clusters: `list_clusters` (every field the real server sends: see
`_state.complete_cluster`)."""

from __future__ import annotations

from .._state import complete_cluster
from .base import Context, Handler, Reply

__all__ = ["OPERATIONS"]


def list_clusters(ctx: Context) -> Reply:
    return Reply(200, [complete_cluster(cluster) for cluster in ctx.team.clusters])


OPERATIONS: dict[str, Handler] = {"list_clusters": list_clusters}
