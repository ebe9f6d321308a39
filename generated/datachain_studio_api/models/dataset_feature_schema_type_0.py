from __future__ import annotations

from ..types import (
    FreeForm,
)


class DatasetFeatureSchemaType0(FreeForm):
    """The `DatasetFeatureSchemaType0` object of the API.

    A free-form object: a plain `dict` of its JSON values.
    """
