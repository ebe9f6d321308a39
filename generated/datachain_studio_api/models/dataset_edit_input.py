from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..types import (
    _STR,
    Model,
    _bind,
    _Deferred,
    _Field,
    _List,
    _to_json,
)


class DatasetEditInput(Model):
    """What to change; a null field is left as it is.

    Read-only: a field reads `None` when Studio left it out or sent `null`.
    Build one with keyword arguments (a request body): an argument left out or `None` is not
    sent.
    """

    __slots__ = ()

    def __init__(
        self,
        *,
        name: str,
        namespace: str | None = None,
        project: str | None = None,
        new_name: str | None = None,
        description: str | None = None,
        attrs: list[str] | None = None,
        team_name: str | None = None,
    ) -> None:
        # `_sent`: no field of the contract gets a Python name with a leading underscore
        _sent: dict[str, Any] = {}
        _sent["name"] = _to_json(name)
        if namespace is not None:
            _sent["namespace"] = _to_json(namespace)
        if project is not None:
            _sent["project"] = _to_json(project)
        if new_name is not None:
            _sent["new_name"] = _to_json(new_name)
        if description is not None:
            _sent["description"] = _to_json(description)
        if attrs is not None:
            _sent["attrs"] = _to_json(attrs)
        if team_name is not None:
            _sent["team_name"] = _to_json(team_name)
        _bind(self, _sent)

    @staticmethod
    def _declare() -> tuple[_Field, ...]:
        return (
            _Field("name", "name", _STR, True, False),
            _Field("namespace", "namespace", _STR, False, True),
            _Field("project", "project", _STR, False, True),
            _Field("new_name", "new_name", _STR, False, True),
            _Field("description", "description", _STR, False, True),
            _Field("attrs", "attrs", _List(_STR), False, True),
            _Field("team_name", "team_name", _STR, False, True),
        )

    # The fields: read-only properties for the type checkers; at run time a `_Deferred` each,
    # and the first read of any of them puts them all in the model's `__dict__` (converted),
    # where later reads find them.
    if TYPE_CHECKING:

        @property
        def name(self) -> str:
            """The dataset's current name."""

        @property
        def namespace(self) -> str | None: ...

        @property
        def project(self) -> str | None: ...

        @property
        def new_name(self) -> str | None: ...

        @property
        def description(self) -> str | None: ...

        @property
        def attrs(self) -> list[str] | None: ...

        @property
        def team_name(self) -> str | None:
            """The team; the token's own team when null or absent."""

    else:
        name = _Deferred("The dataset's current name.")
        namespace = _Deferred()
        project = _Deferred()
        new_name = _Deferred()
        description = _Deferred()
        attrs = _Deferred()
        team_name = _Deferred("The team; the token's own team when null or absent.")
