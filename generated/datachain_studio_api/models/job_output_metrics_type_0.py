from __future__ import annotations

from ..types import (
    FreeForm,
)


class JobOutputMetricsType0(FreeForm):
    """Metrics the query recorded.

    A free-form object: a plain `dict` of its JSON values.
    """
