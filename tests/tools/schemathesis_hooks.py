"""Schemathesis hooks for tests/tools/test_schemathesis.py (loaded via SCHEMATHESIS_HOOKS).

Without help, a generated `create_job` body is never accepted: it names a compute cluster, a
job to rerun or uploaded files that do not exist (404/400), or carries an environment or a
cron expression that is not one (400). No job is ever created, so the stateful phase never
reaches the logs, cancel or pipeline operations of a real job. Here every generated body
comes in two forms, as generated and with those fields null (which the contract allows:
optional fields are nullable), and schemathesis draws from both. Schemathesis re-validates a
case after a hook changes it, so a negative case that became valid is then tested as a
positive one.
"""

from __future__ import annotations

from typing import Any

import schemathesis
from hypothesis import strategies as st

# Fields of JobInput that name other objects or follow a grammar the schema does not state.
FIELDS_TO_CLEAR = (
    "compute_cluster_name",
    "compute_cluster_id",
    "rerun_from_job_id",
    "files",
    "environment",
    "cron_expression",
)


@schemathesis.hook("flatmap_body").apply_to(operation_id="create_job")
def sometimes_a_job_that_can_run(context: schemathesis.HookContext, body: Any) -> Any:
    if not isinstance(body, dict) or not any(body.get(f) is not None for f in FIELDS_TO_CLEAR):
        return st.just(body)
    cleared = {**body, **{f: None for f in FIELDS_TO_CLEAR if f in body}}
    return st.sampled_from([body, cleared])
