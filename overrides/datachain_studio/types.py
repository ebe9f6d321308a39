"""The models the client returns, generated from `openapi.yaml` (see codegen/README.md).

    from datachain_studio.types import JobOutput, JobStatus

    job = studio.jobs.get(job_id)
    job.exit_code            # int | None: None when Studio left it out or sent null
    job.environment          # dict[str, str] | None: a plain dict
    match job.status:        # JobStatus, a StrEnum: compare with members or strings
        case JobStatus.COMPLETE: ...
        case _: ...          # keep a default case: Studio may add statuses

- Every optional field is typed `T | None` and reads `None` when absent or `null`;
  `model.model_fields_set` tells which fields Studio sent (even as `null`).
- Ids are `uuid.UUID`, timestamps aware `datetime`s (UTC when Studio gives no offset),
  nested objects models, free-form objects plain `dict`s.
- A status Studio adds later still reads, as a stand-in member of its enum class: it equals
  its string, and `status in JobStatus` is False for it.
- `model.to_dict()` gives back exactly the JSON received (absent keys stay absent);
  `model.model_extra` holds the keys the contract does not declare. Models are read-only,
  compare by value, and pickle.
- Loose reading (the default) never raises when a field is read: a value that does not fit
  its type reads as it came. `Studio(strict=True)` checks every field before a call returns.
"""

from datachain_studio_api.models import *  # noqa: F403
from datachain_studio_api.models import __all__ as _models
from datachain_studio_api.types import Model, ParseError

__all__ = [*_models, "Model", "ParseError"]
