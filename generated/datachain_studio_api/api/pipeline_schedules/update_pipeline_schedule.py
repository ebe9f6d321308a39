from ...models.pipeline_schedule_update_output import PipelineScheduleUpdateOutput
from ...models.update_pipeline_schedule_input import UpdatePipelineScheduleInput
from ...types import Request, _to_json


def request(
    *,
    body: UpdatePipelineScheduleInput,
) -> Request:
    """Update a pipeline schedule: `POST /api/datachain/pipeline/update-schedule`.

    Changes a schedule's name, start or cron expression; `pause_pipeline: true` pauses the
    pipeline it starts. Fields left out or `null` keep their value.
    """
    return Request(
        method="POST",
        path="/api/datachain/pipeline/update-schedule",
        json=_to_json(body),
        content_type="application/json",
        result=PipelineScheduleUpdateOutput,
    )
