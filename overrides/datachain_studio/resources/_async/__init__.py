"""The resource classes of `AsyncStudio`, one module per area: the source of `_sync/`.

Written once, here: `codegen/unasync.py` writes each module's sync twin (the classes of
`Studio`) into `_sync/`, and `make lint` fails when one differs from what its source gives.
"""
