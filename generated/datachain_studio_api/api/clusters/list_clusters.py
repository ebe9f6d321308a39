from ...models.compute_cluster_output import ComputeClusterOutput
from ...types import Request, _query


def request(
    *,
    team_name: str | None = None,
) -> Request:
    """List compute clusters: `GET /api/datachain/clusters/`.

    The compute clusters the team can run jobs on.

    An optional argument left `None` is not sent.
    """
    return Request(
        method="GET",
        path="/api/datachain/clusters/",
        params=_query(
            {
                "team_name": team_name,
            }
        ),
        result=list[ComputeClusterOutput],
    )
