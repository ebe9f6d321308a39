from __future__ import annotations

from typing import TYPE_CHECKING

from ..types import (
    FreeForm,
)

if TYPE_CHECKING:
    pass


class DatasetVersionSchemaType0(FreeForm):
    """Column name to `{"type": <type name>}` (String, Int64, DateTime, ...).

    A free-form object: a plain `dict` of its JSON values.
    """
