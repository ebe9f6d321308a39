from ...models.pipeline_input import PipelineInput
from ...models.pipeline_output import PipelineOutput
from ...types import Request, _to_json


def request(
    *,
    body: PipelineInput,
) -> Request:
    """Duplicate a pipeline: `POST /api/datachain/pipeline/duplicate`.

    Snapshots a run (or copies a definition) into a new definition.
    """
    return Request(
        method="POST",
        path="/api/datachain/pipeline/duplicate",
        json=_to_json(body),
        content_type="application/json",
        result=PipelineOutput,
    )
