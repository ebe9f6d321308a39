from enum import StrEnum
from typing import Any

from ..types import _enum_member, _OpenEnumType


class PipelineStatus(StrEnum, metaclass=_OpenEnumType):
    """The known values of `PipelineStatus`.

    A value Studio adds later still reads, as a stand-in member of this class: it compares
    equal to its string, and `value in PipelineStatus` is False for it (True for
    the known members and their strings).
    """

    CANCELED = "CANCELED"
    COMPLETED = "COMPLETED"
    FAILED = "FAILED"
    PAUSED = "PAUSED"
    PENDING = "PENDING"
    RUNNING = "RUNNING"

    def __str__(self) -> str:
        return str(self.value)

    def __reduce_ex__(self, protocol: object) -> tuple[Any, ...]:
        return (_enum_member, (type(self), self._value_))
