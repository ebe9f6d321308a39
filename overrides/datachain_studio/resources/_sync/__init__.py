# Generated from resources/_async/__init__.py by codegen/unasync.py: do not edit.
# Change the async source and run `python codegen/unasync.py`.
"""The resource classes of `Studio`, one module per area: the source of `_sync/`.

Written once, here: `codegen/unasync.py` writes each module's sync twin (the classes of
`Studio`) into `_sync/`, and `make lint` fails when one differs from what its source gives.
"""
