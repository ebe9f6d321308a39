from __future__ import annotations

from ..types import (
    FreeForm,
)


class JobOutputEnvironmentType0(FreeForm):
    """The `JobOutputEnvironmentType0` object of the API.

    A free-form object: a plain `dict` of its JSON values.
    """
