"""One module per area of the API; each has a sync and an async resource class.

`Studio.jobs` is a `jobs.Jobs`, `AsyncStudio.jobs` an `jobs.AsyncJobs`, and so on. Both
classes of an area share one `_...Calls` base that turns arguments into `APICall`s, so the
sync and async methods differ only in how they send them.
"""
