from ...models.pipeline_output import PipelineOutput
from ...models.update_pipeline_settings_input import UpdatePipelineSettingsInput
from ...types import Request, _to_json


def request(
    *,
    body: UpdatePipelineSettingsInput,
) -> Request:
    """Update a pipeline's settings: `POST /api/datachain/pipeline/settings`.

    Changes the settings that the jobs of a pipeline run with. Fields left out or `null`
    keep their value.
    """
    return Request(
        method="POST",
        path="/api/datachain/pipeline/settings",
        json=_to_json(body),
        content_type="application/json",
        result=PipelineOutput,
    )
