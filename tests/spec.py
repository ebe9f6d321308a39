"""The contract as data, for tests: the parsed openapi.yaml and its operations."""

from __future__ import annotations

import functools
import importlib.util
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import yaml

SPEC_PATH = Path(__file__).resolve().parent.parent / "openapi.yaml"
SPEC: dict[str, Any] = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    spec: dict[str, Any]

    @property
    def operation_id(self) -> str:
        return str(self.spec["operationId"])

    @property
    def beyond_reference(self) -> bool:
        """Whether the published reference lacks it (marked `x-beyond-reference`)."""
        return "x-beyond-reference" in self.spec


# How many operations the published reference has; the contract's others are marked
# `x-beyond-reference`.
REFERENCE_OPERATION_COUNT = 32

# Sign-in's operations: they need no Studio object (they make its token), so `login` and
# `logout` reach them rather than a resource of `Studio`.
SIGN_IN_OPERATIONS = frozenset({"start_device_login", "poll_device_token", "device_logout"})


def operations() -> Iterator[Operation]:
    for path, item in SPEC["paths"].items():
        for method, op in item.items():
            if method in HTTP_METHODS:
                yield Operation(method, path, op)


def reference_operations() -> list[Operation]:
    """The operations of the published reference (not marked `x-beyond-reference`)."""
    return [op for op in operations() if not op.beyond_reference]


@functools.cache
def contract_diff() -> ModuleType:
    """codegen/contract_diff.py (a script, not a package), loaded once as `contract_diff`."""
    path = SPEC_PATH.parent / "codegen" / "contract_diff.py"
    spec = importlib.util.spec_from_file_location("contract_diff", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["contract_diff"] = module
    spec.loader.exec_module(module)
    return module
