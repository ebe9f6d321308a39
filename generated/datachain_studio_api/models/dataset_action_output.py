from __future__ import annotations

from ..types import (
    FreeForm,
)


class DatasetActionOutput(FreeForm):
    """The answer to an edit or a removal; its fields are not known (the official client ignores
    it).

    A free-form object: a plain `dict` of its JSON values.
    """
