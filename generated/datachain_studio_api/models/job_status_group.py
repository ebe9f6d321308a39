from enum import StrEnum
from typing import Any

from ..types import _enum_member


class JobStatusGroup(StrEnum):
    """The known values of `JobStatusGroup`.

    A value Studio adds later still reads, as a stand-in member of this class: it compares
    equal to its string, and `value in JobStatusGroup` is False for it.
    """

    ACTIVE = "ACTIVE"
    INACTIVE = "INACTIVE"

    def __str__(self) -> str:
        return str(self.value)

    def __reduce_ex__(self, protocol: object) -> tuple[Any, ...]:
        return (_enum_member, (type(self), self._value_))
