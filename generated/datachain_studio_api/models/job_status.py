from enum import StrEnum


class JobStatus(StrEnum):
    CANCELED = "CANCELED"
    CANCELING = "CANCELING"
    CANCELING_SCHEDULED = "CANCELING_SCHEDULED"
    COMPLETE = "COMPLETE"
    CREATED = "CREATED"
    FAILED = "FAILED"
    INIT = "INIT"
    PENDING = "PENDING"
    PROVISIONING = "PROVISIONING"
    QUEUED = "QUEUED"
    RUNNING = "RUNNING"
    SCHEDULED = "SCHEDULED"
    TASK = "TASK"

    def __str__(self) -> str:
        return str(self.value)
