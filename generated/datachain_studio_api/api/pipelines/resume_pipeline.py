from ...models.pipeline_input import PipelineInput
from ...models.pipeline_output import PipelineOutput
from ...types import Request, _to_json


def request(
    *,
    body: PipelineInput,
) -> Request:
    """Resume a pipeline: `POST /api/datachain/pipeline/resume`.

    Resumes a paused pipeline. A pipeline waiting for review (made with `review: true`)
    starts running here: this is how the official CLI's `pipeline resume` starts what
    `pipeline create` made.
    """
    return Request(
        method="POST",
        path="/api/datachain/pipeline/resume",
        json=_to_json(body),
        content_type="application/json",
        result=PipelineOutput,
    )
