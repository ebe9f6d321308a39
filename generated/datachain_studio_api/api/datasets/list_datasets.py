from ...models.dataset import Dataset
from ...types import Request, _query


def request(
    *,
    team_name: str | None = None,
    prefix: str | None = None,
    include_removed: bool | None = None,
) -> Request:
    """List datasets: `GET /api/datachain/datasets`.

    The team's datasets, each with its project, namespace and versions. The whole list in
    one answer (no pagination), a bare JSON array.

    Requires a token with read access to the DATASETS scope.

    An optional argument left `None` is not sent.
    """
    return Request(
        method="GET",
        path="/api/datachain/datasets",
        params=_query(
            {
                "team_name": team_name,
                "prefix": prefix,
                "include_removed": include_removed,
            }
        ),
        result=list[Dataset],
    )
