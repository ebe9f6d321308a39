"""Async code written once: the source of `_sync/` (see codegen/unasync.py)."""
