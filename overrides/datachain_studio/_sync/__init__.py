# Generated from _async/__init__.py by codegen/unasync.py: do not edit.
# Change the async source and run `python codegen/unasync.py`.
"""Async code written once: the source of `_sync/` (see codegen/unasync.py)."""
