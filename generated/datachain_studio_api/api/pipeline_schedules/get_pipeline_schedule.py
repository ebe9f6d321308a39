from ...models.pipeline_schedule_output import PipelineScheduleOutput
from ...types import Request, _query


def request(
    *,
    team_name: str,
    schedule_id: int,
) -> Request:
    """Get a pipeline schedule: `GET /api/datachain/pipeline/schedule`.

    One schedule, with its pipeline and its latest run.
    """
    return Request(
        method="GET",
        path="/api/datachain/pipeline/schedule",
        params=_query(
            {
                "team_name": team_name,
                "schedule_id": schedule_id,
            }
        ),
        result=PipelineScheduleOutput,
    )
