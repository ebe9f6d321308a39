from enum import StrEnum
from typing import Any

from ..types import _enum_member, _OpenEnumType


class QueryType(StrEnum, metaclass=_OpenEnumType):
    """The known values of `QueryType`.

    A value Studio adds later still reads, as a stand-in member of this class: it compares
    equal to its string, and `value in QueryType` is False for it (True for
    the known members and their strings).
    """

    PYTHON = "PYTHON"
    SHELL = "SHELL"

    def __str__(self) -> str:
        return str(self.value)

    def __reduce_ex__(self, protocol: object) -> tuple[Any, ...]:
        return (_enum_member, (type(self), self._value_))
