from ...models.create_pipeline_schedule_input import CreatePipelineScheduleInput
from ...models.pipeline_schedule_update_output import PipelineScheduleUpdateOutput
from ...types import Request, _to_json


def request(
    *,
    body: CreatePipelineScheduleInput,
) -> Request:
    """Create a pipeline schedule: `POST /api/datachain/pipeline/create-schedule`.

    Schedules runs of a pipeline (named by `pipeline_id` or `pipeline_name`) on a cron
    expression, from `start_after` on.
    """
    return Request(
        method="POST",
        path="/api/datachain/pipeline/create-schedule",
        json=_to_json(body),
        content_type="application/json",
        result=PipelineScheduleUpdateOutput,
    )
