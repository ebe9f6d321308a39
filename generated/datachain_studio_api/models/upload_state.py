from enum import StrEnum


class UploadState(StrEnum):
    FAILED = "failed"
    PENDING = "pending"
    UPLOADED = "uploaded"

    def __str__(self) -> str:
        return str(self.value)
