from ...models.dataset_export_output import DatasetExportOutput
from ...types import Request, _query


def request(
    *,
    namespace: str,
    project: str,
    name: str,
    version: str,
    team_name: str | None = None,
    source: str | None = None,
) -> Request:
    """Export a dataset version: `GET /api/datachain/datasets/export`.

    Starts an export of one dataset version's rows and answers at once with its id and
    the URLs of its chunks. The chunks are written as the export goes on: a chunk URL
    answers 404 until its chunk is there. The URLs are signed: fetch them without the
    Studio token. Follow the export with `get_dataset_export_status`.

    Requires a token with read access to the DATASETS scope.

    An optional argument left `None` is not sent.
    """
    return Request(
        method="GET",
        path="/api/datachain/datasets/export",
        params=_query(
            {
                "team_name": team_name,
                "namespace": namespace,
                "project": project,
                "name": name,
                "version": version,
                "source": source,
            }
        ),
        result=DatasetExportOutput,
    )
