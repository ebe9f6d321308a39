from __future__ import annotations

from ..types import (
    FreeForm,
)


class DatasetVersionFeatureSchemaType0(FreeForm):
    """The `DatasetVersionFeatureSchemaType0` object of the API.

    A free-form object: a plain `dict` of its JSON values.
    """
