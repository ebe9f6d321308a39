from ...models.pipeline_output import PipelineOutput
from ...models.remove_job_from_pipeline_input import RemoveJobFromPipelineInput
from ...types import Request, _to_json


def request(
    *,
    body: RemoveJobFromPipelineInput,
) -> Request:
    """Remove a job from a pipeline: `POST /api/datachain/pipeline/remove-job`.

    Removes one job (and what depends on it) from a pipeline.
    """
    return Request(
        method="POST",
        path="/api/datachain/pipeline/remove-job",
        json=_to_json(body),
        content_type="application/json",
        result=PipelineOutput,
    )
