from ...models.pipeline_schedule_item import PipelineScheduleItem
from ...types import Request, _query


def request(
    *,
    team_name: str,
) -> Request:
    """List pipeline schedules: `GET /api/datachain/pipeline/schedules`.

    The team's schedules.
    """
    return Request(
        method="GET",
        path="/api/datachain/pipeline/schedules",
        params=_query(
            {
                "team_name": team_name,
            }
        ),
        result=list[PipelineScheduleItem],
    )
