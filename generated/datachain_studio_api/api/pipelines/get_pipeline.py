from uuid import UUID

from ...models.job_pipeline_output import JobPipelineOutput
from ...types import Request, _query


def request(
    *,
    team_name: str,
    name: str | None = None,
    pipeline_id: UUID | None = None,
) -> Request:
    """Get a pipeline: `GET /api/datachain/pipeline/status`.

    A pipeline (a definition or a run) with the status of each of its jobs. Name it by
    `name` (as the official client does) or by `pipeline_id`.

    An optional argument left `None` is not sent.
    """
    return Request(
        method="GET",
        path="/api/datachain/pipeline/status",
        params=_query(
            {
                "team_name": team_name,
                "name": name,
                "pipeline_id": pipeline_id,
            }
        ),
        result=JobPipelineOutput,
    )
