from __future__ import annotations

from ..types import (
    FreeForm,
)


class DatasetVersionSchemaType0AdditionalProperty(FreeForm):
    """The `DatasetVersionSchemaType0AdditionalProperty` object of the API.

    A free-form object: a plain `dict` of its JSON values.
    """
