from ...models.pipeline_output import PipelineOutput
from ...models.trigger_pipeline_input import TriggerPipelineInput
from ...types import Request, _to_json


def request(
    *,
    body: TriggerPipelineInput,
) -> Request:
    """Create a pipeline definition from datasets: `POST /api/datachain/pipeline/trigger`.

    Creates a pipeline definition from the dependencies of the named datasets. The graph of
    jobs is built asynchronously; this does not start a run (see `create_pipeline_run`).
    With `review: true` (what the official CLI's `pipeline create` always sends) the
    pipeline is `PAUSED`, waiting for review, and `resume` starts it.
    """
    return Request(
        method="POST",
        path="/api/datachain/pipeline/trigger",
        json=_to_json(body),
        content_type="application/json",
        result=PipelineOutput,
    )
