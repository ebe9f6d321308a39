"""A job object as Studio sends one, for the model tests to build on."""

from __future__ import annotations

from typing import Any

# The ten fields the contract requires of a job (openapi.yaml, JobOutput), and nothing else.
REQUIRED_JOB: dict[str, Any] = {
    "id": "3f1c2b9e-8d4a-4c6b-9e2f-1a2b3c4d5e6f",
    "url": "https://studio.example.com/team/t/datasets/jobs/3f1c2b9e",
    "status": "COMPLETE",
    "created_at": "2024-05-01T12:00:00+02:00",
    "created_by": "ann",
    "query": "print(1)",
    "query_type": "PYTHON",
    "team": "t",
    "name": "n",
    "workers": 1,
}
