from __future__ import annotations

from ..types import (
    FreeForm,
)


class DatasetSchemaType0AdditionalProperty(FreeForm):
    """The `DatasetSchemaType0AdditionalProperty` object of the API.

    A free-form object: a plain `dict` of its JSON values.
    """
