"""One function per operation of the contract, keyed by its `operationId` in `HANDLERS`.

The handlers live in one module per API area, each with its table `OPERATIONS`
(`operationId` -> handler); `HANDLERS` is built here from the areas listed in `AREAS`, each
handler wrapped in `base.transaction`. An operation of the contract with no handler, or
with two, stops the local Studio from starting (`App` checks the first).

A handler gets a `base.Context` (the caller's team and user, the coerced parameters, the
JSON body or the uploaded file) once the request has passed authentication and the
contract's checks, with the state's lock held. It returns a `base.Reply`, or raises
`base.ApiError` for an answer like `400 {"message": "...", "detail": "..."}` (or
`base.Invalid` for a 422 like the contract's own checks give).

A handler checks everything before it changes anything, so a request that fails changes
nothing. Every handler ends with the state's `commit` (to the store, when there is one)
before its answer goes out; one that crashes is rolled back to the last commit (when there
is a store to roll back to).
"""

from __future__ import annotations

from collections.abc import Mapping

from . import access, clusters, datasets, jobs, pipelines, schedules, signin, storage
from .base import Handler, transaction

__all__ = ["AREAS", "HANDLERS"]

# Every API area's table of handlers.
AREAS: dict[str, Mapping[str, Handler]] = {
    "jobs": jobs.OPERATIONS,
    "clusters": clusters.OPERATIONS,
    "pipelines": pipelines.OPERATIONS,
    "schedules": schedules.OPERATIONS,
    "access": access.OPERATIONS,
    "datasets": datasets.OPERATIONS,
    "storage": storage.OPERATIONS,
    "sign-in": signin.OPERATIONS,
}


def _registry(areas: Mapping[str, Mapping[str, Handler]]) -> dict[str, Handler]:
    handlers: dict[str, Handler] = {}
    owner: dict[str, str] = {}
    for area, table in areas.items():
        for operation_id, handler in table.items():
            if operation_id in handlers:
                raise RuntimeError(
                    f"{operation_id} has two handlers, in {owner[operation_id]} and {area}"
                )
            handlers[operation_id] = transaction(handler)
            owner[operation_id] = area
    return handlers


# What `App` calls: the handler of every operation, by `operationId`.
HANDLERS: dict[str, Handler] = _registry(AREAS)
