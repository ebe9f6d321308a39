from enum import StrEnum


class QueryType(StrEnum):
    PYTHON = "PYTHON"
    SHELL = "SHELL"

    def __str__(self) -> str:
        return str(self.value)
