from ...models.delete_pipeline_schedule_input import DeletePipelineScheduleInput
from ...models.delete_pipeline_schedule_output import DeletePipelineScheduleOutput
from ...types import Request, _to_json


def request(
    *,
    body: DeletePipelineScheduleInput,
) -> Request:
    """Delete a pipeline schedule: `POST /api/datachain/pipeline/delete-schedule`."""
    return Request(
        method="POST",
        path="/api/datachain/pipeline/delete-schedule",
        json=_to_json(body),
        content_type="application/json",
        result=DeletePipelineScheduleOutput,
    )
