from ...models.dataset_action_output import DatasetActionOutput
from ...models.dataset_edit_input import DatasetEditInput
from ...types import Request, _to_json


def request(
    *,
    body: DatasetEditInput,
) -> Request:
    """Edit a dataset: `POST /api/datachain/datasets`.

    Renames a dataset, or changes its description or attributes. Fields that are null
    are left as they are. The official client sends every field, null when unset.

    Requires a token with write access to the DATASETS scope.
    """
    return Request(
        method="POST",
        path="/api/datachain/datasets",
        json=_to_json(body),
        content_type="application/json",
        result=DatasetActionOutput,
    )
