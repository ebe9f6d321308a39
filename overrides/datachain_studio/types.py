"""The models the client returns and takes: the generated attrs classes, re-exported.

    from datachain_studio.types import JobOutput, JobStatus

Fields the server left out are `UNSET` (falsy); fields the contract does not know are kept
in `additional_properties` and readable as `job["field"]`.
"""

from datachain_studio_api.models import *  # noqa: F403
from datachain_studio_api.models import __all__ as _models
from datachain_studio_api.types import UNSET, Unset

__all__ = [*_models, "UNSET", "Unset"]
