from __future__ import annotations

from ..types import (
    FreeForm,
)


class JobPipelineOutputEnvironmentVariablesType0(FreeForm):
    """The `JobPipelineOutputEnvironmentVariablesType0` object of the API.

    A free-form object: a plain `dict` of its JSON values.
    """
