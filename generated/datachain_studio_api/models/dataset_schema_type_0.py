from __future__ import annotations

from typing import TYPE_CHECKING

from ..types import (
    FreeForm,
)

if TYPE_CHECKING:
    pass


class DatasetSchemaType0(FreeForm):
    """The `DatasetSchemaType0` object of the API.

    A free-form object: a plain `dict` of its JSON values.
    """
