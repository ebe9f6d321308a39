from ...models.job_pipeline_output import JobPipelineOutput
from ...models.pipeline_status import PipelineStatus
from ...types import Request, _query, _to_json


def request(
    *,
    body: list[PipelineStatus | str] | None = None,
    team_name: str,
    status: list[PipelineStatus | str] | None = None,
    limit: int | None = None,
    search: str | None = None,
) -> Request:
    """List pipelines: `GET /api/datachain/pipeline/list`.

    The team's pipelines, newest first.

    The `status` filter comes in either of two forms, or both (then a pipeline in any of
    the statuses named in either matches); statuses match without regard to case:
    - as a repeated query parameter (`?status=RUNNING&status=PAUSED`): what the official
      client sends, and what clients should send;
    - as a JSON array body (`["RUNNING", "PAUSED"]`): how the published reference renders
      it on this GET. The body is optional; a body on a GET is dropped by many proxies and
      HTTP libraries, so it is declared for completeness and fidelity only.

    An optional argument left `None` is not sent.
    """
    return Request(
        method="GET",
        path="/api/datachain/pipeline/list",
        params=_query(
            {
                "team_name": team_name,
                "status": status,
                "limit": limit,
                "search": search,
            }
        ),
        json=None if body is None else _to_json(body),
        content_type=None if body is None else "application/json",
        result=list[JobPipelineOutput],
    )
