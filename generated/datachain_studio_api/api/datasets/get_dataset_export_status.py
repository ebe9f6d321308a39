from ...models.dataset_export_status import DatasetExportStatus
from ...types import Request, _query


def request(
    *,
    export_id: int,
    team_name: str | None = None,
) -> Request:
    """Get an export's progress: `GET /api/datachain/datasets/export-status`.

    How far an export has got: `status` (`completed` when every chunk is written;
    `failed` and `removed` end it) and, when Studio knows them, `files_done` of
    `num_files`.

    Requires a token with read access to the DATASETS scope.

    An optional argument left `None` is not sent.
    """
    return Request(
        method="GET",
        path="/api/datachain/datasets/export-status",
        params=_query(
            {
                "team_name": team_name,
                "export_id": export_id,
            }
        ),
        result=DatasetExportStatus,
    )
