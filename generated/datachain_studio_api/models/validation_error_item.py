from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..types import (
    _ANY,
    _INT,
    _STR,
    Model,
    _bind,
    _Deferred,
    _Field,
    _List,
    _Mapping,
    _to_json,
    _Union,
)

if TYPE_CHECKING:
    pass


class ValidationErrorItem(Model):
    """One problem with a request, as Django-Ninja / pydantic report them.

    Read-only: a field reads `None` when Studio left it out or sent `null`.
    Build one with keyword arguments (a request body): an argument left out or `None` is not
    sent.
    """

    __slots__ = ()

    def __init__(
        self,
        *,
        msg: str,
        loc: list[str | int] | None = None,
        type_: str | None = None,
        input_: Any = None,
        ctx: Mapping[str, Any] | None = None,
        url: str | None = None,
    ) -> None:
        # `_sent`: no field of the contract gets a Python name with a leading underscore
        _sent: dict[str, Any] = {}
        _sent["msg"] = _to_json(msg)
        if loc is not None:
            _sent["loc"] = _to_json(loc)
        if type_ is not None:
            _sent["type"] = _to_json(type_)
        if input_ is not None:
            _sent["input"] = _to_json(input_)
        if ctx is not None:
            _sent["ctx"] = _to_json(ctx)
        if url is not None:
            _sent["url"] = _to_json(url)
        _bind(self, _sent)

    @staticmethod
    def _declare() -> tuple[_Field, ...]:
        return (
            _Field("msg", "msg", _STR, True, False),
            _Field("loc", "loc", _List(_Union(_STR, _INT)), False, False),
            _Field("type", "type_", _STR, False, False),
            _Field("input", "input_", _ANY, False, False),
            _Field("ctx", "ctx", _Mapping(None), False, False),
            _Field("url", "url", _STR, False, False),
        )

    # The fields: read-only properties for the type checkers; at run time a `_Deferred` each,
    # and the first read of any of them puts them all in the model's `__dict__` (converted),
    # where later reads find them.
    if TYPE_CHECKING:

        @property
        def msg(self) -> str: ...

        @property
        def loc(self) -> list[str | int] | None: ...

        @property
        def type_(self) -> str | None: ...

        @property
        def input_(self) -> Any:
            """The value that was refused."""

        @property
        def ctx(self) -> dict[str, Any] | None:
            """Details of the rule that was broken."""

        @property
        def url(self) -> str | None:
            """Where the error type is documented."""

    else:
        msg = _Deferred()
        loc = _Deferred()
        type_ = _Deferred()
        input_ = _Deferred("The value that was refused.")
        ctx = _Deferred("Details of the rule that was broken.")
        url = _Deferred("Where the error type is documented.")
