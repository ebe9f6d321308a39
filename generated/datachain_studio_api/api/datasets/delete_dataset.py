from ...models.dataset_action_output import DatasetActionOutput
from ...models.dataset_remove_input import DatasetRemoveInput
from ...types import Request, _to_json


def request(
    *,
    body: DatasetRemoveInput,
) -> Request:
    """Remove a dataset or one of its versions: `DELETE /api/datachain/datasets`.

    Removes one version of a dataset (`version`), or the whole dataset (`version` null,
    which needs `force: true`; without it the answer is 400, as the official client's own
    removal refuses "Missing dataset version" without a version and without force).
    Removed versions stay as tombstones (status 8, listed with `include_removed`) and
    their numbers are never used again. The parameters travel in a JSON body, as the
    official client sends them.

    Requires a token with write access to the DATASETS scope.
    """
    return Request(
        method="DELETE",
        path="/api/datachain/datasets",
        json=_to_json(body),
        content_type="application/json",
        result=DatasetActionOutput,
    )
