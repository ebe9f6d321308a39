from ...models.dataset_job_versions import DatasetJobVersions
from ...types import Request, _query


def request(
    *,
    job_id: str,
    team_name: str | None = None,
) -> Request:
    """Dataset versions a job created: `GET /api/datachain/datasets/dataset_job_versions`.

    The dataset versions that a job saved while it ran (`.save("name")` in its query).

    Requires a token with read access to the DATASETS scope.

    An optional argument left `None` is not sent.
    """
    return Request(
        method="GET",
        path="/api/datachain/datasets/dataset_job_versions",
        params=_query(
            {
                "team_name": team_name,
                "job_id": job_id,
            }
        ),
        result=DatasetJobVersions,
    )
