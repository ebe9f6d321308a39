from ...models.pipeline_input import PipelineInput
from ...models.pipeline_output import PipelineOutput
from ...types import Request, _to_json


def request(
    *,
    body: PipelineInput,
) -> Request:
    """Pause a pipeline: `POST /api/datachain/pipeline/pause`.

    Pauses a pipeline that is running (or a run that is pending); jobs that have not started
    yet wait until it is resumed. A pipeline made with `review: true` and then resumed runs
    in place and can be paused like a run; a definition that never ran cannot be paused.
    """
    return Request(
        method="POST",
        path="/api/datachain/pipeline/pause",
        json=_to_json(body),
        content_type="application/json",
        result=PipelineOutput,
    )
