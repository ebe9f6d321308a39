"""Build `docs/api.md`, the API reference, from the docstrings of the public surface.

    python docs/build_api.py           # write docs/api.md; exit 1 on a missing or broken entry
    python docs/build_api.py --check   # write nothing; exit 1 if docs/api.md is stale, too
    python docs/build_api.py --counts  # documented / total public parameters, per item

The public surface is what `datachain_studio.__all__` exports, every resource reachable from
the attributes of `Studio` and `AsyncStudio` (`studio.jobs`, ...), and what
`datachain_studio.webhooks.__all__` exports. Members whose name starts with `_` are not part
of it, nor are `__dunder__` methods (constructors excepted, documented in the class docstring).

Docstrings are Google style: a summary line, prose, then the sections `Args:`, `Returns:`
(`Yields:` for an iterator), `Raises:` and, for a dataclass, `Attributes:`; each entry is
`name: what it is`, continued on lines indented further. What is checked ("problems"):

- every public class, function, method and property has a docstring;
- every parameter of a public callable (a class's constructor included) is named under
  `Args:`, and every name there is a parameter of it (`*secrets` may be written either way);
- a callable that returns something has `Returns:` (or `Yields:`);
- a callable that takes arguments has `Raises:` (an exception's constructor excepted), and
  each name there is an exception class that `datachain_studio`, `datachain_studio.webhooks`
  or the builtins define;
- a dataclass documents each of its fields: under `Attributes:`, or with a string right after
  the field (`name: int` then a string literal), as the exceptions' attributes are.

The output depends on nothing but the source (no addresses, dates or environment), so a
second run writes the same bytes. Signatures are shown as written in the source: the
package uses `from __future__ import annotations`, so annotations are the source's text.
"""

from __future__ import annotations

import argparse
import ast
import builtins
import dataclasses
import difflib
import enum
import functools
import importlib
import inspect
import itertools
import pkgutil
import re
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "docs" / "api.md"
PACKAGE = "datachain_studio"
SIGNATURE_WIDTH = 92
SECTION_ORDER = ("Clients", "Resources", "Other exports", "Errors", "Webhooks")

SECTIONS = {
    "Args": "Args",
    "Arguments": "Args",
    "Parameters": "Args",
    "Returns": "Returns",
    "Return": "Returns",
    "Yields": "Yields",
    "Raises": "Raises",
    "Attributes": "Attributes",
    "Example": "Example",
    "Examples": "Example",
    "Note": "Note",
    "Notes": "Note",
}
_SECTION = re.compile(rf"^({'|'.join(SECTIONS)}):\s*$")
_ENTRY = re.compile(r"^(\*{0,2}[A-Za-z_][A-Za-z0-9_.]*)\s*(?:\([^)]*\))?\s*:(?:\s+(.*))?$")
_ROLE = re.compile(r":(?:func|class|meth|attr|mod|exc|data|obj):`~?([^`]+)`")
_GENERATOR_RESULT = re.compile(
    r"^(?:collections\.abc\.|typing\.)?(?:Async)?(?:Iterator|Generator)\["
)


# --- parsing docstrings ---------------------------------------------------------------------


@dataclasses.dataclass
class Entry:
    """One `name: description` line (with its continuation) of a section."""

    name: str
    text: str


@dataclasses.dataclass
class Doc:
    """A docstring split into its prose and its Google-style sections."""

    summary: str
    body: str
    sections: dict[str, list[Entry] | str]

    def entries(self, section: str) -> list[Entry]:
        value = self.sections.get(section, [])
        return value if isinstance(value, list) else []


def parse(docstring: str | None) -> Doc | None:
    """Split a docstring into summary, prose and sections (None when there is none)."""
    if not docstring or not docstring.strip():
        return None
    lines = inspect.cleandoc(docstring).splitlines()
    prose: list[str] = []
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in lines:
        match = _SECTION.match(line)
        if match:
            current = sections.setdefault(SECTIONS[match.group(1)], [])
        elif current is not None and (not line.strip() or line.startswith((" ", "\t"))):
            current.append(line)
        else:
            current = None
            prose.append(line)
    text = "\n".join(prose).strip()
    summary, _, body = text.partition("\n\n")
    parsed: dict[str, list[Entry] | str] = {}
    for name, block in sections.items():
        content = textwrap.dedent("\n".join(block)).strip("\n")
        parsed[name] = content.strip() if name in ("Example", "Note") else _entries(content)
    return Doc(" ".join(summary.split()), body.strip(), parsed)


def _entries(block: str) -> list[Entry]:
    entries: list[Entry] = []
    for line in block.splitlines():
        if not line.strip():
            continue
        if not line.startswith((" ", "\t")):
            match = _ENTRY.match(line.strip())
            if match:
                entries.append(Entry(match.group(1), match.group(2) or ""))
                continue
            entries.append(Entry("", line.strip()))  # a line that names nothing: a problem
        elif entries:
            entries[-1].text = f"{entries[-1].text} {line.strip()}".strip()
    return entries


# --- the public surface ---------------------------------------------------------------------


@dataclasses.dataclass
class Item:
    """Something the reference documents: a class, a function, or a module-level value."""

    qualname: str  # how users name it: `Studio`, `webhooks.sign`
    obj: Any
    module: str  # where it is defined
    section: str
    attribute: str | None = None  # `studio.jobs` for a resource


def _import(name: str) -> Any:
    return importlib.import_module(name)


def resource_classes(client: type) -> list[tuple[str, type]]:
    """The resource classes a client's public attributes return, in definition order."""
    found: list[tuple[str, type]] = []
    for name, member in _own_members(client):
        if isinstance(member, functools.cached_property | property):
            func = member.func if isinstance(member, functools.cached_property) else member.fget
            resource = _resource_class(func)
            if resource is not None:
                found.append((name, resource))
    return found


@functools.cache
def _resources_by_name() -> dict[str, type]:
    base = _import(f"{PACKAGE}.resources._base").Resource
    classes: dict[str, type] = {}
    for flavour in ("_sync", "_async"):  # the generated sync classes, their async source
        package = _import(f"{PACKAGE}.resources.{flavour}")
        for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
            module = _import(f"{package.__name__}.{info.name}")
            for value in vars(module).values():
                if (
                    isinstance(value, type)
                    and issubclass(value, base)
                    and value.__module__ == module.__name__
                    and not value.__name__.startswith("_")
                ):
                    classes[value.__name__] = value
    return classes


def _resource_class(func: Callable[..., Any] | None) -> type | None:
    annotation = getattr(func, "__annotations__", {}).get("return")
    if isinstance(annotation, type):
        annotation = annotation.__name__
    if not isinstance(annotation, str):
        return None
    return _resources_by_name().get(annotation.strip("'\""))


def surface() -> list[Item]:
    """Everything the reference documents, in the order it documents it."""
    package = _import(PACKAGE)
    webhooks = _import(f"{PACKAGE}.webhooks")
    exports = {name: getattr(package, name) for name in package.__all__}
    items: list[Item] = []
    clients = [exports[name] for name in ("Studio", "AsyncStudio")]
    for client in clients:
        items.append(Item(client.__name__, client, client.__module__, "Clients"))
    for name, value in exports.items():
        if name in ("Studio", "AsyncStudio") or isinstance(value, type):
            continue
        items.append(Item(name, value, PACKAGE, "Other exports"))
    seen: set[type] = set()
    for client in clients:
        stack = [
            (f"{_instance_name(client)}.{attr}", cls) for attr, cls in resource_classes(client)
        ]
        while stack:
            attribute, cls = stack.pop(0)
            if cls in seen:
                continue
            seen.add(cls)
            items.append(Item(cls.__name__, cls, cls.__module__, "Resources", attribute))
            stack.extend((f"{attribute}.{a}", c) for a, c in resource_classes(cls))
    errors = [v for v in exports.values() if isinstance(v, type) and issubclass(v, BaseException)]
    for error in _tree_order(errors):
        items.append(Item(error.__name__, error, error.__module__, "Errors"))
    others = [v for v in exports.values() if isinstance(v, type) and v not in clients]
    for cls in others:
        if cls not in errors:
            items.append(Item(cls.__name__, cls, cls.__module__, "Other exports"))
    for name in webhooks.__all__:
        value = getattr(webhooks, name)
        items.append(Item(f"webhooks.{name}", value, webhooks.__name__, "Webhooks"))
    return _sort_resources(items)


def _sort_resources(items: list[Item]) -> list[Item]:
    """Each resource's async class right after its sync class (`Jobs`, `AsyncJobs`, ...)."""
    resources = [item for item in items if item.section == "Resources"]
    ordered: list[Item] = []
    for item in resources:
        if item.obj.__name__.startswith("Async") and item.obj.__name__[5:] in {
            r.obj.__name__ for r in resources
        }:
            continue
        ordered.append(item)
        twin = next((r for r in resources if r.obj.__name__ == f"Async{item.obj.__name__}"), None)
        if twin is not None:
            ordered.append(twin)
    ordered += [item for item in resources if item not in ordered]
    rest = [item for item in items if item.section != "Resources"]
    ranked = {section: rank for rank, section in enumerate(SECTION_ORDER)}
    everything = [*rest, *ordered]
    return sorted(everything, key=lambda item: ranked[item.section])  # stable: keeps order


def _instance_name(client: type) -> str:
    return "async_studio" if client.__name__.startswith("Async") else "studio"


def _line(obj: Any) -> int:
    try:
        return inspect.getsourcelines(obj)[1]
    except (OSError, TypeError):
        return 0


def _tree_order(classes: list[type]) -> list[type]:
    """Classes depth first from their roots, siblings in the order of the source."""
    wanted = set(classes)
    ordered: list[type] = []

    def visit(cls: type) -> None:
        if cls in ordered:
            return
        ordered.append(cls)
        children = [
            c for c in classes if cls in c.__bases__ or _first_wanted_base(c, wanted) is cls
        ]
        for child in sorted(children, key=_source_order):
            visit(child)

    roots = [c for c in classes if _first_wanted_base(c, wanted) is None]
    for root in sorted(roots, key=_source_order):
        visit(root)
    return ordered


def _source_order(cls: type) -> tuple[bool, str, int]:
    """The errors module's classes first, in its order; then the others by module and line."""
    return (cls.__module__ != f"{PACKAGE}._exceptions", cls.__module__, _line(cls))


def _first_wanted_base(cls: type, wanted: set[type]) -> type | None:
    for base in cls.__mro__[1:]:
        if base in wanted:
            return base
    return None


def _own_members(cls: type) -> Iterator[tuple[str, Any]]:
    """Public members `cls` defines or inherits from this package, bases first, in source order."""
    seen: set[str] = set()
    for klass in reversed(cls.__mro__):
        if not klass.__module__.startswith(PACKAGE):
            continue
        for name, member in vars(klass).items():
            if name.startswith("_") or name in seen:
                continue
            kinds = (property, functools.cached_property, staticmethod, classmethod)
            if not (callable(member) or isinstance(member, kinds)):
                continue
            seen.add(name)
            yield name, inspect.getattr_static(cls, name)


def _definer(cls: type, name: str) -> type | None:
    """The class of `cls`'s MRO whose body defines `name`."""
    for klass in cls.__mro__:
        if name in vars(klass):
            return klass
    return None


def _defines_init(cls: type) -> bool:
    """Whether this package wrote the constructor `cls` uses (so it must be documented)."""
    for klass in cls.__mro__:
        if "__init__" in vars(klass):
            return klass.__module__.startswith(PACKAGE) and not dataclasses.is_dataclass(klass)
    return False


def _init_owner(cls: type) -> type | None:
    for klass in cls.__mro__:
        if "__init__" in vars(klass):
            return klass
    return None


# --- checking -------------------------------------------------------------------------------


@dataclasses.dataclass
class Counts:
    documented: int = 0
    total: int = 0


def _parameters(func: Callable[..., Any]) -> list[inspect.Parameter]:
    params = list(inspect.signature(func).parameters.values())
    if params and params[0].name in ("self", "cls"):
        params = params[1:]
    return params


def _exception_names() -> dict[str, type]:
    names: dict[str, type] = {}
    for module in (builtins, _import(PACKAGE), _import(f"{PACKAGE}.webhooks")):
        for name, value in vars(module).items():
            if isinstance(value, type) and issubclass(value, BaseException):
                names[name] = value
    return names


def _returns_value(func: Callable[..., Any]) -> bool:
    annotation = inspect.signature(func).return_annotation
    return annotation not in (inspect.Signature.empty, None, "None")


def _is_iterator(func: Callable[..., Any]) -> bool:
    annotation = inspect.signature(func).return_annotation
    text = annotation if isinstance(annotation, str) else getattr(annotation, "__name__", "")
    return bool(_GENERATOR_RESULT.match(text)) or inspect.isasyncgenfunction(func)


def _is_error(obj: object) -> bool:
    """An exception class: its constructor records what it is given, it raises nothing."""
    return isinstance(obj, type) and issubclass(obj, BaseException)


def check_callable(
    where: str, func: Callable[..., Any], doc: Doc | None, counts: Counts, *, constructor: bool
) -> list[str]:
    """Problems of one callable's documentation (its docstring parsed as `doc`)."""
    problems: list[str] = []
    params = _parameters(func)
    counts.total += len(params)
    if doc is None:
        return [f"{where}: no docstring"] + [
            f"{where}: parameter `{p.name}` undocumented" for p in params
        ]
    if not doc.summary:
        problems.append(f"{where}: the docstring has no summary line")
    documented = {entry.name.lstrip("*") for entry in doc.entries("Args")}
    for param in params:
        if param.name in documented:
            counts.documented += 1
        else:
            problems.append(f"{where}: parameter `{param.name}` undocumented (no `Args:` entry)")
    names = {p.name for p in params}
    for entry in doc.entries("Args"):
        if entry.name.lstrip("*") not in names:
            problems.append(f"{where}: `Args:` names `{entry.name}`, which is not a parameter")
        elif not entry.text:
            problems.append(f"{where}: `Args:` entry `{entry.name}` says nothing")
    if not constructor and _returns_value(func):
        wanted = "Yields" if _is_iterator(func) else "Returns"
        if not doc.sections.get("Returns") and not doc.sections.get("Yields"):
            problems.append(f"{where}: returns a value but has no `{wanted}:` section")
    if params and "Raises" not in doc.sections and not (constructor and _is_error(func)):
        problems.append(f"{where}: takes arguments but has no `Raises:` section")
    known = _exception_names()
    for entry in doc.entries("Raises"):
        if entry.name.split(".")[-1] not in known:
            problems.append(
                f"{where}: `Raises:` names `{entry.name or entry.text}`, not an exception class"
            )
    return problems


def check(items: list[Item] | None = None) -> tuple[dict[str, list[str]], dict[str, Counts]]:
    """The problems of the public surface's documentation and its parameter counts, per item.

    A member a class inherits is checked once: with the class of the surface that defines
    it, or (defined in a base outside the surface, like `Studio.with_options`) with the
    first class that has it.
    """
    problems: dict[str, list[str]] = {}
    counts: dict[str, Counts] = {}
    items = items if items is not None else surface()
    classes = {item.obj for item in items if isinstance(item.obj, type)}
    checked: set[int] = set()
    for item in items:
        count = counts.setdefault(item.qualname, Counts())
        found = problems.setdefault(item.qualname, [])
        obj = item.obj
        if isinstance(obj, type):
            found += _check_class(item, classes, checked, count)
        elif inspect.isfunction(obj):
            found += check_callable(
                item.qualname, obj, parse(obj.__doc__), count, constructor=False
            )
        elif _value_doc(item) is None:
            found.append(f"{item.qualname}: no docstring (a string literal after its assignment)")
    return problems, counts


def _check_class(item: Item, classes: set[Any], checked: set[int], count: Counts) -> list[str]:
    obj: Any = item.obj
    problems: list[str] = []
    doc = parse(obj.__doc__ if "__doc__" in vars(obj) else None)
    if doc is None:
        problems.append(f"{item.qualname}: no docstring")
    if _defines_init(obj) and _init_owner(obj) is obj:
        problems += check_callable(item.qualname, item.obj, doc, count, constructor=True)
    if dataclasses.is_dataclass(obj):
        fields = [f.name for f in dataclasses.fields(obj)]
        named = {e.name for e in doc.entries("Attributes")} if doc else set()
        described = set(_class_attribute_docs(item.obj))
        problems += [
            f"{item.qualname}: field `{name}` undocumented (no `Attributes:` entry, no"
            " docstring after it)"
            for name in fields
            if name not in named | described
        ]
        problems += [
            f"{item.qualname}: `Attributes:` names `{name}`, which is not a field"
            for name in sorted(named - set(fields))
        ]
    if issubclass(obj, enum.Enum):
        return problems
    for name, member in _own_members(obj):
        if _definer(obj, name) is not obj and _definer(obj, name) in classes:
            continue  # checked with the class that defines it
        where = f"{item.qualname}.{name}"
        if isinstance(member, property | functools.cached_property):
            func = member.func if isinstance(member, functools.cached_property) else member.fget
            if parse(func.__doc__ if func else None) is None:
                problems.append(f"{where}: no docstring")
            continue
        func = member.__func__ if isinstance(member, staticmethod | classmethod) else member
        if id(func) in checked:
            continue  # inherited from a base outside the surface, checked once
        checked.add(id(func))
        problems += check_callable(where, func, parse(func.__doc__), count, constructor=False)
    return problems


# --- values: docstrings after assignments ---------------------------------------------------


@functools.cache
def _assignment_docs(module_name: str) -> dict[str, str]:
    """`NAME = ...` followed by a string literal, in a module's source: {NAME: the string}."""
    module = _import(module_name)
    try:
        tree = ast.parse(inspect.getsource(module))
    except (OSError, TypeError):
        return {}
    found: dict[str, str] = {}
    body = tree.body
    for node, after in itertools.pairwise(body):
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign):
            targets = list(node.targets)
        elif isinstance(node, ast.AnnAssign):
            targets = [node.target]
        if (
            isinstance(after, ast.Expr)
            and isinstance(after.value, ast.Constant)
            and isinstance(after.value.value, str)
        ):
            for target in targets:
                if isinstance(target, ast.Name):
                    found[target.id] = inspect.cleandoc(after.value.value)
    return found


_VERSION_DOC = "The version of this package (the wheel's and the sdist's), e.g. `0.1.0`."


def _value_doc(item: Item) -> str | None:
    name = item.qualname.rpartition(".")[2]
    if name == "__version__":
        return _VERSION_DOC
    module = _exported_from().get(name, item.module) if item.module == PACKAGE else item.module
    return _assignment_docs(module).get(name)


@functools.cache
def _exported_from() -> dict[str, str]:
    """{name: module} for what the package's `__init__` imports from its modules."""
    package = _import(PACKAGE)
    tree = ast.parse(inspect.getsource(package))
    found: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module:
            for alias in node.names:
                found[alias.asname or alias.name] = f"{PACKAGE}.{node.module}"
    return found


# --- rendering ------------------------------------------------------------------------------


def _annotation(annotation: Any) -> str:
    if isinstance(annotation, str):
        return annotation
    if isinstance(annotation, type):
        return annotation.__name__
    return repr(annotation).replace("typing.", "")


def _default(value: Any) -> str:
    if isinstance(value, enum.Enum):
        return f"{type(value).__name__}.{value.name}"
    return repr(value)


def signature(name: str, func: Callable[..., Any], *, prefix: str = "def ") -> str:
    """`def name(params) -> result`, wrapped one parameter a line when it is long."""
    sig = inspect.signature(func)
    parts: list[str] = []
    params = list(sig.parameters.values())
    if params and params[0].name in ("self", "cls"):
        params = params[1:]
    star_done = False
    for param in params:
        if param.kind is param.KEYWORD_ONLY and not star_done:
            parts.append("*")
            star_done = True
        if param.kind is param.VAR_POSITIONAL:
            star_done = True
        stars = {param.VAR_POSITIONAL: "*", param.VAR_KEYWORD: "**"}
        text = stars.get(param.kind, "") + param.name  # type: ignore[call-overload]
        if param.annotation is not param.empty:
            text += f": {_annotation(param.annotation)}"
            if param.default is not param.empty:
                text += f" = {_default(param.default)}"
        elif param.default is not param.empty:
            text += f"={_default(param.default)}"
        parts.append(text)
        if param.kind is param.POSITIONAL_ONLY and (
            params.index(param) + 1 == len(params)
            or params[params.index(param) + 1].kind is not param.POSITIONAL_ONLY
        ):
            parts.append("/")
    result = ""
    if sig.return_annotation is not sig.empty and prefix != "class ":
        result = f" -> {_annotation(sig.return_annotation)}"
    one_line = f"{prefix}{name}({', '.join(parts)}){result}"
    if len(one_line) <= SIGNATURE_WIDTH:
        return one_line
    inner = "".join(f"    {part},\n" for part in parts)
    return f"{prefix}{name}(\n{inner}){result}"


def _markdown(text: str) -> str:
    """Docstring prose as Markdown: reST roles become code spans, `::` blocks fenced."""
    text = _ROLE.sub(r"`\1`", text)
    lines = text.splitlines()
    out: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.rstrip().endswith("::") and not line.strip().startswith(("-", "*")):
            head = line.rstrip()[:-2].rstrip()
            out.append(head + ":" if head.strip() else "")
            index += 1
            block: list[str] = []
            while index < len(lines) and (not lines[index].strip() or lines[index].startswith(" ")):
                block.append(lines[index])
                index += 1
            while block and not block[-1].strip():
                block.pop()
            code = textwrap.dedent("\n".join(b for b in block)).strip("\n")
            out += ["", "```", code, "```", ""]
            continue
        out.append(line)
        index += 1
    return "\n".join(out).strip()


def _entries_markdown(title: str, entries: list[Entry]) -> list[str]:
    lines = [f"**{title}**", ""]
    for entry in entries:
        name = f"`{entry.name}`: " if entry.name else ""
        lines.append(f"- {name}{_markdown(entry.text)}")
    return [*lines, ""]


def _doc_markdown(doc: Doc | None, *, heading_level: int = 4) -> list[str]:
    if doc is None:
        return ["*(undocumented)*", ""]
    lines = [_markdown(doc.summary), ""]
    if doc.body:
        lines += [_markdown(doc.body), ""]
    for section, title in (
        ("Args", "Args"),
        ("Attributes", "Attributes"),
        ("Returns", "Returns"),
        ("Yields", "Yields"),
        ("Raises", "Raises"),
    ):
        value = doc.sections.get(section)
        if section in ("Returns", "Yields") and isinstance(value, list) and value:
            text = " ".join(
                (f"{e.name}: {e.text}" if e.name and e.text else e.name or e.text) for e in value
            )
            lines += [f"**{title}:** {_markdown(text)}", ""]
        elif isinstance(value, list) and value:
            lines += _entries_markdown(title, value)
    for section in ("Example", "Note"):
        value = doc.sections.get(section)
        if isinstance(value, str) and value:
            lines += [f"**{section}**", "", "```python", value, "```", ""]
    return lines


def _anchor(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def _code(text: str) -> list[str]:
    return ["```python", text, "```", ""]


def _twin(cls: type) -> type | None:
    """The sync class an `Async...` resource mirrors."""
    if not cls.__name__.startswith("Async"):
        return None
    return _resources_by_name().get(cls.__name__[5:])


def render_class(item: Item) -> list[str]:
    cls: Any = item.obj
    title = f"`{item.attribute}`: `{cls.__name__}`" if item.attribute else f"`{item.qualname}`"
    lines = [f'<a id="{_anchor(item.qualname)}"></a>', "", f"### {title}", ""]
    bases = [
        b.__name__ for b in cls.__bases__ if b.__module__.startswith(PACKAGE) or b is not object
    ]
    if issubclass(cls, BaseException):
        lines += [f"*Subclass of* {', '.join(f'`{b}`' for b in bases)}", ""]
    doc = parse(cls.__doc__ if "__doc__" in vars(cls) else None)
    owner = _init_owner(cls)
    own_init = item.section != "Resources" and _defines_init(cls) and owner == cls
    is_data = dataclasses.is_dataclass(cls)
    if own_init or is_data:
        lines += _code(signature(item.obj.__name__, item.obj, prefix="class "))
    elif _is_error(cls) and owner is not None and owner.__module__.startswith(PACKAGE):
        lines += [
            f"Made, and read, as [`{owner.__name__}`](#{_anchor(owner.__name__)}) is.",
            "",
        ]
    lines += _doc_markdown(doc)
    lines += _attribute_lines(cls, doc)
    twin = _twin(cls)
    for name, member in _own_members(cls):
        if issubclass(cls, BaseException) and name == "hide" and cls.__name__ != "StudioError":
            continue
        qual = f"{cls.__name__}.{name}"
        if isinstance(member, property | functools.cached_property):
            func = member.func if isinstance(member, functools.cached_property) else member.fget
            if item.section == "Clients" and _resource_class(func) is not None:
                target = _resource_class(func)
                assert target is not None
                lines += [
                    f'<a id="{_anchor(qual)}"></a>',
                    "",
                    f"#### `{qual}` (property)",
                    "",
                    f"{_summary(func.__doc__)} See [`{target.__name__}`]"
                    f"(#{_anchor(target.__name__)}).",
                    "",
                ]
                continue
            result = _annotation(getattr(func, "__annotations__", {}).get("return", ""))
            lines += [
                f'<a id="{_anchor(qual)}"></a>',
                "",
                f"#### `{qual}` (property{': ' + result if result else ''})",
                "",
            ]
            lines += _doc_markdown(parse(func.__doc__ if func else None))
            continue
        func = member.__func__ if isinstance(member, staticmethod | classmethod) else member
        prefix = (
            "async def "
            if inspect.iscoroutinefunction(func) or inspect.isasyncgenfunction(func)
            else "def "
        )
        lines += [f'<a id="{_anchor(qual)}"></a>', "", f"#### `{qual}`", ""]
        lines += _code(signature(name, func, prefix=prefix))
        twin_member = getattr(twin, name, None) if twin is not None else None
        if (
            twin is not None
            and twin_member is not None
            and inspect.cleandoc(func.__doc__ or "") == inspect.cleandoc(twin_member.__doc__ or "")
            and func.__doc__
        ):
            first = parse(func.__doc__)
            summary = _markdown(first.summary) if first else ""
            lines += [
                f"{summary} As [`{twin.__name__}.{name}`](#{_anchor(f'{twin.__name__}.{name}')}),"
                " awaited.",
                "",
            ]
            continue
        lines += _doc_markdown(parse(func.__doc__))
    return lines


def _summary(docstring: str | None) -> str:
    doc = parse(docstring)
    return _markdown(doc.summary) if doc else ""


def _attribute_lines(cls: type, doc: Doc | None) -> list[str]:
    """The attributes the class body documents (`name: type`, then a string), those its
    docstring's `Attributes:` names left out."""
    named = {entry.name for entry in doc.entries("Attributes")} if doc else set()
    found = [(n, t) for n, t in _class_attribute_docs(cls).items() if n not in named]
    if not found:
        return []
    return _entries_markdown("Attributes", [Entry(n, " ".join(t.split())) for n, t in found])


def _class_attribute_docs(cls: type) -> dict[str, str]:
    try:
        source = textwrap.dedent(inspect.getsource(cls))
    except (OSError, TypeError):
        return {}
    [node] = ast.parse(source).body
    assert isinstance(node, ast.ClassDef)
    docs: dict[str, str] = {}
    for stmt, after in itertools.pairwise(node.body):
        if (
            isinstance(stmt, ast.AnnAssign)
            and isinstance(stmt.target, ast.Name)
            and not stmt.target.id.startswith("_")
            and isinstance(after, ast.Expr)
            and isinstance(after.value, ast.Constant)
            and isinstance(after.value.value, str)
        ):
            docs[stmt.target.id] = _markdown(inspect.cleandoc(after.value.value))
    return docs


def render_function(item: Item) -> list[str]:
    func = item.obj
    lines = [f'<a id="{_anchor(item.qualname)}"></a>', "", f"### `{item.qualname}`", ""]
    lines += _code(signature(item.qualname, func))
    return lines + _doc_markdown(parse(func.__doc__))


def render_value(item: Item) -> list[str]:
    value = item.obj
    shown = repr(sorted(value)) if isinstance(value, frozenset) else repr(value)
    if not isinstance(value, str | int | float | frozenset):
        shown = ""
    lines = [f'<a id="{_anchor(item.qualname)}"></a>', "", f"### `{item.qualname}`", ""]
    if shown and item.qualname.rpartition(".")[2] != "__version__":
        lines += _code(f"{item.qualname.rpartition('.')[2]} = {shown}")
    elif item.qualname == "AuthScheme":
        lines += _code(f"AuthScheme = {_annotation(value)}")
    doc = _value_doc(item)
    return lines + ([_markdown(doc), ""] if doc else ["*(undocumented)*", ""])


HEADER = """\
# API reference

<!-- Generated by docs/build_api.py from the docstrings; do not edit by hand.
     After changing a docstring run `make docs` (or `.venv/bin/python docs/build_api.py`). -->

The public API of `datachain_studio`: the clients, the resources they reach (`studio.jobs`,
`studio.pipelines`, ...), the errors, and the webhook helpers. `AsyncStudio` and its
resources mirror `Studio`'s: the same methods and arguments, awaited. Results are the
models of `datachain_studio.types`, generated from `openapi.yaml`.

Every method of a resource takes three keyword arguments besides its own:

- `team`: the team the call acts for; by default the client's `team` (`Studio(team=...)`,
  `DATACHAIN_STUDIO_TEAM`, or the datachain config).
- `timeout`: seconds one attempt may take (a positive number, or an `httpx2.Timeout` with
  every part set); by default the client's (60 seconds unless set).
- `max_retries`: how many times a transient failure is retried (a whole number from 0 up);
  by default the client's (2 unless set).

Every method also raises the errors of any request: `APIStatusError` (a subclass per
status) when Studio answers with an error, `APIConnectionError` when it cannot be reached,
`APIResponseValidationError` when the answer breaks the contract, and `ClientClosedError`
on a closed client. See [Errors](#errors).
"""


def render(items: list[Item] | None = None) -> str:
    """The whole of `docs/api.md`."""
    items = items if items is not None else surface()
    sections = SECTION_ORDER
    lines = [HEADER, "## Contents", ""]
    for section in sections:
        lines.append(f"- [{section}](#{_anchor(section)})")
        for item in items:
            if item.section == section:
                label = f"{item.attribute} ({item.qualname})" if item.attribute else item.qualname
                lines.append(f"  - [`{label}`](#{_anchor(item.qualname)})")
    lines.append("")
    for section in sections:
        lines += [f'<a id="{_anchor(section)}"></a>', "", f"## {section}", ""]
        if section == "Webhooks":
            intro = parse(_import(f"{PACKAGE}.webhooks").__doc__)
            if intro is not None:
                lines += [_markdown(intro.summary), "", _markdown(intro.body), ""]
        for item in items:
            if item.section != section:
                continue
            if isinstance(item.obj, type):
                lines += render_class(item)
            elif inspect.isfunction(item.obj):
                lines += render_function(item)
            else:
                lines += render_value(item)
    text = "\n".join(lines)
    text = re.sub(r"\n{3,}", "\n\n", text).rstrip() + "\n"
    return "\n".join(line.rstrip() for line in text.splitlines()) + "\n"


# --- command line ---------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="fail if docs/api.md is stale")
    parser.add_argument("--counts", action="store_true", help="print the parameter counts")
    args = parser.parse_args(argv)
    items = surface()
    by_item, counts = check(items)
    problems = [problem for found in by_item.values() for problem in found]
    if args.counts:
        for name, count in counts.items():
            if count.total:
                print(f"{count.documented:4d} / {count.total:4d}  {name}")
        documented = sum(c.documented for c in counts.values())
        total = sum(c.total for c in counts.values())
        print(f"{documented:4d} / {total:4d}  public parameters documented")
    text = render(items)
    status = 0
    if args.check:
        current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else ""
        if current != text:
            diff = difflib.unified_diff(
                current.splitlines(),
                text.splitlines(),
                "docs/api.md",
                "from the docstrings",
                lineterm="",
            )
            print("\n".join(list(diff)[:60]))
            print("docs/api.md is out of date: run `make docs` (docs/build_api.py) and commit it")
            status = 1
    elif not args.counts:
        OUTPUT.write_text(text, encoding="utf-8")
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) in the docstrings of the public API")
        status = 1
    return status


if __name__ == "__main__":
    sys.path[:0] = [str(ROOT / "overrides"), str(ROOT / "generated")]
    sys.exit(main())
