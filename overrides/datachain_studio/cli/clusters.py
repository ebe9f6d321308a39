"""`datachain-studio clusters`: where jobs can run."""

from __future__ import annotations

import click

from ._context import OrderedGroup, State, json_option, pass_state, wants_json
from ._output import print_json, print_table, status_text, value_text


@click.group(cls=OrderedGroup)
def clusters() -> None:
    """The compute clusters jobs can run on."""


@clusters.command("ls")
@json_option
@pass_state
def list_clusters(state: State, as_json: bool) -> None:
    """List the clusters the team can run jobs on (pass a NAME to `jobs run --cluster`)."""
    found = state.studio.clusters.list()
    if wants_json(state, as_json):
        print_json(found)
        return
    print_table(
        ["ID", "NAME", "STATUS", "DEFAULT", "WORKERS", "CLOUD", "INSTANCE", "DISK"],
        (
            [
                value_text(cluster.id),
                value_text(cluster.name),
                status_text(cluster.status),
                "yes" if cluster.default is True else "",
                _workers(cluster.busy_workers, cluster.active_workers, cluster.max_workers),
                " ".join(
                    value_text(v)
                    for v in (cluster.cloud_provider, cluster.cloud_region)
                    if isinstance(v, str) and v
                )
                or "-",
                value_text(cluster.instance_type),
                # As Studio sends it: text such as `100Gi`, or a bare number (of GB).
                value_text(cluster.disk_size),
            ]
            for cluster in found
        ),
        empty="No clusters.",
    )


def _workers(busy: object, active: object, most: object) -> str:
    """`busy/active of max`, or just `max 4` when Studio does not say how many run."""
    if isinstance(busy, int) and isinstance(active, int):
        return f"{busy} busy, {active} up, max {value_text(most)}"
    return f"max {value_text(most)}"
