from enum import IntEnum
from typing import Any

from ..types import _enum_member, _OpenEnumType


class DatasetVersionStatus(IntEnum, metaclass=_OpenEnumType):
    """The known values of `DatasetVersionStatus`.

    Known statuses of a dataset version, numbers: 1 CREATED, 2 PENDING, 3 FAILED,
    4 COMPLETE, 6 STALE, 7 REMOVING, 8 REMOVED (the official client's `DatasetStatus`;
    7 and 8 mark removed versions). Studio may add numbers: fields that carry a status
    also accept any other integer.

    A value Studio adds later still reads, as a stand-in member of this class: it compares
    equal to its number, and `value in DatasetVersionStatus` is False for it (True for
    the known members and their numbers).
    """

    CREATED = 1
    PENDING = 2
    FAILED = 3
    COMPLETE = 4
    STALE = 6
    REMOVING = 7
    REMOVED = 8

    def __reduce_ex__(self, protocol: object) -> tuple[Any, ...]:
        return (_enum_member, (type(self), self._value_))
