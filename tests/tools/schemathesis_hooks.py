"""Schemathesis hooks for tests/tools/test_schemathesis.py (loaded via SCHEMATHESIS_HOOKS).

Without help, a generated `create_job` body is never accepted: it names a compute cluster, a
job to rerun or uploaded files that do not exist (404/400), or carries an environment or a
cron expression that is not one (400). No job is ever created, so the stateful phase never
reaches the logs, cancel or pipeline operations of a real job. Here every generated body
comes in two forms, as generated and with those fields null (which the contract allows:
optional fields are nullable), and schemathesis draws from both. Schemathesis re-validates a
case after a hook changes it, so a negative case that became valid is then tested as a
positive one.

`start_after` (the contract's `StartTime`) is declared by a pattern, which cannot say which
digits make a date: `6708-95-43T21:41:87` matches it, and the emulator (like Django-Ninja)
answers such a value 422, which schemathesis counts as a schema-valid request refused. A
generated `start_after` that is no date is replaced by one that is, keeping its form (with or
without an offset).
"""

from __future__ import annotations

import datetime as dt
import re
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


def _is_a_datetime(text: str) -> bool:
    """Whether `text` is a moment Python can hold, in UTC too (years 1 to 9998)."""
    try:
        moment = dt.datetime.fromisoformat(text.upper().replace("Z", "+00:00"))
        if moment.tzinfo is not None:
            moment = moment.astimezone(dt.UTC)
    except (ValueError, OverflowError):
        return False
    return moment.year < 9999  # the emulator refuses the last year (its plans would overflow)


@schemathesis.hook("map_body")
def start_after_is_a_date(context: schemathesis.HookContext, body: Any) -> Any:
    if not isinstance(body, dict) or not isinstance(body.get("start_after"), str):
        return body
    text = body["start_after"]
    if _is_a_datetime(text):
        return body
    zone = "Z" if re.search(r"([Zz]|[+-][0-9]{2}:[0-9]{2})$", text) else ""
    return {**body, "start_after": "2030-01-15T14:30:00" + zone}
