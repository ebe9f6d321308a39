from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..types import (
    _BOOL,
    _INT,
    _STR,
    Model,
    _bind,
    _Deferred,
    _Field,
    _to_json,
    _Union,
)


class ComputeClusterOutput(Model):
    """A compute cluster. Newer servers send string ids (`"k3f9x2mq7a"`) and the extra
    fields `active_workers`, `busy_workers`, `cloud_region`, `instance_type`,
    `compute_class` and `disk_size` — always, `null` when not configured: the official
    CLI's `job clusters` reads every one of them and fails on a missing one. They are
    optional here because the published reference's example has none of them.

    Read-only: a field reads `None` when Studio left it out or sent `null`.
    Build one with keyword arguments (a request body): an argument left out or `None` is not
    sent.
    """

    __slots__ = ()

    def __init__(
        self,
        *,
        id: int | str,
        name: str,
        status: str,
        cloud_provider: str,
        is_active: bool,
        default: bool,
        max_workers: int,
        cloud_credentials: str | None = None,
        active_workers: int | None = None,
        busy_workers: int | None = None,
        cloud_region: str | None = None,
        instance_type: str | None = None,
        compute_class: str | None = None,
        disk_size: int | str | None = None,
    ) -> None:
        # `_sent`: no field of the contract gets a Python name with a leading underscore
        _sent: dict[str, Any] = {}
        _sent["id"] = _to_json(id)
        _sent["name"] = _to_json(name)
        _sent["status"] = _to_json(status)
        _sent["cloud_provider"] = _to_json(cloud_provider)
        _sent["is_active"] = _to_json(is_active)
        _sent["default"] = _to_json(default)
        _sent["max_workers"] = _to_json(max_workers)
        if cloud_credentials is not None:
            _sent["cloud_credentials"] = _to_json(cloud_credentials)
        if active_workers is not None:
            _sent["active_workers"] = _to_json(active_workers)
        if busy_workers is not None:
            _sent["busy_workers"] = _to_json(busy_workers)
        if cloud_region is not None:
            _sent["cloud_region"] = _to_json(cloud_region)
        if instance_type is not None:
            _sent["instance_type"] = _to_json(instance_type)
        if compute_class is not None:
            _sent["compute_class"] = _to_json(compute_class)
        if disk_size is not None:
            _sent["disk_size"] = _to_json(disk_size)
        _bind(self, _sent)

    @staticmethod
    def _declare() -> tuple[_Field, ...]:
        return (
            _Field("id", "id", _Union(_INT, _STR), True, False),
            _Field("name", "name", _STR, True, False),
            _Field("status", "status", _STR, True, False),
            _Field("cloud_provider", "cloud_provider", _STR, True, False),
            _Field("is_active", "is_active", _BOOL, True, False),
            _Field("default", "default", _BOOL, True, False),
            _Field("max_workers", "max_workers", _INT, True, False),
            _Field("cloud_credentials", "cloud_credentials", _STR, False, True),
            _Field("active_workers", "active_workers", _INT, False, True),
            _Field("busy_workers", "busy_workers", _INT, False, True),
            _Field("cloud_region", "cloud_region", _STR, False, True),
            _Field("instance_type", "instance_type", _STR, False, True),
            _Field("compute_class", "compute_class", _STR, False, True),
            _Field("disk_size", "disk_size", _Union(_INT, _STR), False, True),
        )

    # The fields: read-only properties for the type checkers; at run time a `_Deferred` each,
    # and the first read of any of them puts them all in the model's `__dict__` (converted),
    # where later reads find them.
    if TYPE_CHECKING:

        @property
        def id(self) -> int | str: ...

        @property
        def name(self) -> str: ...

        @property
        def status(self) -> str:
            """The cluster's status; `ACTIVE` is the one known value, others may come."""

        @property
        def cloud_provider(self) -> str: ...

        @property
        def is_active(self) -> bool: ...

        @property
        def default(self) -> bool:
            """Jobs that name no cluster run on the default one."""

        @property
        def max_workers(self) -> int: ...

        @property
        def cloud_credentials(self) -> str | None: ...

        @property
        def active_workers(self) -> int | None: ...

        @property
        def busy_workers(self) -> int | None: ...

        @property
        def cloud_region(self) -> str | None: ...

        @property
        def instance_type(self) -> str | None: ...

        @property
        def compute_class(self) -> str | None: ...

        @property
        def disk_size(self) -> int | str | None:
            """Disk size of a worker: a number of GB, or a Kubernetes quantity as text (`100Gi`).
            Beyond the reference: the official client types it as text (`"100Gi"`), the
            reference's example is the integer 200; both are accepted."""

    else:
        id = _Deferred()
        name = _Deferred()
        status = _Deferred("The cluster's status; `ACTIVE` is the one known value, others may come.")
        cloud_provider = _Deferred()
        is_active = _Deferred()
        default = _Deferred("Jobs that name no cluster run on the default one.")
        max_workers = _Deferred()
        cloud_credentials = _Deferred()
        active_workers = _Deferred()
        busy_workers = _Deferred()
        cloud_region = _Deferred()
        instance_type = _Deferred()
        compute_class = _Deferred()
        disk_size = _Deferred(
            'Disk size of a worker: a number of GB, or a Kubernetes quantity as text (`100Gi`).Beyond the reference: the official client types it as text (`"100Gi"`), thereference\'s example is the integer 200; both are accepted.'
        )
