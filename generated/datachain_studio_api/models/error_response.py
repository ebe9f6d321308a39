from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..types import (
    _STR,
    Model,
    _bind,
    _Deferred,
    _Field,
    _List,
    _Model,
    _to_json,
    _Union,
)

if TYPE_CHECKING:
    from ..models.validation_error_item import ValidationErrorItem


class ErrorResponse(Model):
    """An error body: `message` (a sentence), `detail` (a sentence, or a list of validation
    problems), or both. Studio's 400, 404 and 5xx bodies carry `message`, the only field
    the official client reads (it shows `Error: <message>`); authentication failures
    (`{"detail": "Invalid token"}`) and validation problems (422, a list) carry `detail`.
    The emulator sends both `message` and `detail` (the same text) on its 4xx sentences.

    Read-only: a field reads `None` when Studio left it out or sent `null`.
    Build one with keyword arguments (a request body): an argument left out or `None` is not
    sent.
    """

    __slots__ = ()

    def __init__(
        self,
        *,
        detail: str | list[ValidationErrorItem] | None = None,
        message: str | None = None,
    ) -> None:
        # `_sent`: no field of the contract gets a Python name with a leading underscore
        _sent: dict[str, Any] = {}
        if detail is not None:
            _sent["detail"] = _to_json(detail)
        if message is not None:
            _sent["message"] = _to_json(message)
        _bind(self, _sent)

    @staticmethod
    def _declare() -> tuple[_Field, ...]:
        from ..models.validation_error_item import ValidationErrorItem  # noqa: PLC0415

        return (
            _Field("detail", "detail", _Union(_STR, _List(_Model(ValidationErrorItem))), False, False),
            _Field("message", "message", _STR, False, False),
        )

    # The fields: read-only properties for the type checkers; at run time a `_Deferred` each,
    # and the first read of any of them puts them all in the model's `__dict__` (converted),
    # where later reads find them.
    if TYPE_CHECKING:

        @property
        def detail(self) -> str | list[ValidationErrorItem] | None: ...

        @property
        def message(self) -> str | None: ...

    else:
        detail = _Deferred()
        message = _Deferred()
