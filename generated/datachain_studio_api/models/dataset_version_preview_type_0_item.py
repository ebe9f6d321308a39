from __future__ import annotations

from ..types import (
    FreeForm,
)


class DatasetVersionPreviewType0Item(FreeForm):
    """The `DatasetVersionPreviewType0Item` object of the API.

    A free-form object: a plain `dict` of its JSON values.
    """
