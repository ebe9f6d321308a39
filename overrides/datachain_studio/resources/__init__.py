"""One area of the API per module; each has an async and a sync resource class.

`resources/<area>.py` turns a method's arguments into `APICall`s (no I/O); the classes are
written once, async, in `_async/<area>.py` (`AsyncJobs`), and `codegen/unasync.py` generates
their sync twins in `_sync/<area>.py` (`Jobs`). A resource holds the client's request
pipeline and default team (`_base.Resource`), not the client.
"""
