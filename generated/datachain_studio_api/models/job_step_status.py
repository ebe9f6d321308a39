from enum import StrEnum


class JobStepStatus(StrEnum):
    FINISHED = "FINISHED"
    STARTED = "STARTED"

    def __str__(self) -> str:
        return str(self.value)
