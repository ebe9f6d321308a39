from __future__ import annotations

from ..types import (
    FreeForm,
)


class JobOutputParamsType0(FreeForm):
    """Parameters the query ran with.

    A free-form object: a plain `dict` of its JSON values.
    """
