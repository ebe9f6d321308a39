from ...models.create_pipeline_run_input import CreatePipelineRunInput
from ...models.pipeline_output import PipelineOutput
from ...types import Request, _to_json


def request(
    *,
    body: CreatePipelineRunInput,
) -> Request:
    """Start a pipeline run: `POST /api/datachain/pipeline/run`.

    Creates and starts a run from an existing definition.
    """
    return Request(
        method="POST",
        path="/api/datachain/pipeline/run",
        json=_to_json(body),
        content_type="application/json",
        result=PipelineOutput,
    )
