from __future__ import annotations

from ..types import (
    FreeForm,
)


class ValidationErrorItemCtx(FreeForm):
    """Details of the rule that was broken.

    A free-form object: a plain `dict` of its JSON values.
    """
