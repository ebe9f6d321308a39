from ...models.dataset import Dataset
from ...types import Request, _query


def request(
    *,
    namespace: str,
    project: str,
    name: str,
    team_name: str | None = None,
    include_removed: bool | None = None,
) -> Request:
    """Get a dataset with its versions: `GET /api/datachain/datasets/info`.

    One dataset, named by namespace, project and name, with all its versions. An unknown
    dataset is 404 (`{"message": "Dataset not found"}`).

    Requires a token with read access to the DATASETS scope.

    An optional argument left `None` is not sent.
    """
    return Request(
        method="GET",
        path="/api/datachain/datasets/info",
        params=_query(
            {
                "team_name": team_name,
                "namespace": namespace,
                "project": project,
                "name": name,
                "include_removed": include_removed,
            }
        ),
        result=Dataset,
    )
