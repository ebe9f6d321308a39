from enum import IntEnum
from typing import Any

from ..types import _enum_member, _OpenEnumType


class DirType(IntEnum, metaclass=_OpenEnumType):
    """The known values of `DirType`.

    Known kinds of storage entry (datachain `node.DirType`): 0 FILE, 1 DIR (a folder),
    5 TAR_ARCHIVE. Studio may add numbers: `dir_type` also accepts any other integer.

    A value Studio adds later still reads, as a stand-in member of this class: it compares
    equal to its number, and `value in DirType` is False for it (True for
    the known members and their numbers).
    """

    FILE = 0
    DIR = 1
    TAR_ARCHIVE = 5

    def __reduce_ex__(self, protocol: object) -> tuple[Any, ...]:
        return (_enum_member, (type(self), self._value_))
