"""Where the client finds its Studio token, URL and team.

Discovery follows the official ``datachain`` CLI (``datachain/config.py`` and
``datachain/remote/studio.py`` in datachain 0.62), so a user who ran
``datachain auth login`` needs no further setup. For each setting the first source
that gives a non-blank value wins:

1. the argument given to the client;
2. the environment: ``DATACHAIN_STUDIO_TOKEN``, ``DATACHAIN_STUDIO_URL``,
   ``DATACHAIN_STUDIO_TEAM``;
3. the ``[studio]`` table (keys ``token``, ``url``, ``team``) of the TOML files named
   ``config``, merged key by key, a later file overriding an earlier one:

   - system: ``$DATACHAIN_SYSTEM_CONFIG_DIR``, else platformdirs' site config directory
     for ``datachain`` (Linux: the first absolute entry of ``$XDG_CONFIG_DIRS``, else
     ``/etc/xdg``, plus ``/datachain``);
   - global: ``$DATACHAIN_GLOBAL_CONFIG_DIR``, else platformdirs' user config directory
     (Linux: ``$XDG_CONFIG_HOME/datachain`` if that is absolute, else
     ``~/.config/datachain``; macOS: ``~/Library/Application Support/datachain``; Windows:
     ``%LOCALAPPDATA%\\iterative\\datachain``);
   - local: ``$DATACHAIN_DIR``, else ``$DATACHAIN_ROOT_DIR/.datachain``, else
     ``.datachain`` in the working directory;

4. for the URL only, ``https://studio.datachain.ai``.

A config file is read only if it is a regular file (or a link to one) of at most 1 MiB:
anything else (a FIFO, a device, a folder) is a ``ConfigurationError``, not a wait or a
read without end.

The platform's folders are those platformdirs gives, by the very calls datachain makes
(``site_config_dir`` and ``user_config_dir`` of app ``datachain`` by ``iterative``), so
with the platformdirs installed beside both they are the same folders. platformdirs reads
them from the process environment (``HOME``, ``XDG_*``); everything else comes from
``env`` where a function takes one.

Values are stripped of surrounding whitespace. The URL loses its trailing slashes, as
in datachain, and also a trailing ``/api``: the client puts ``/api`` in front of every
path itself, so ``https://studio.example.com/api`` and ``https://studio.example.com``
name the same server.
"""

from __future__ import annotations

import contextvars
import dataclasses
import ipaddress
import os
import stat
import types
from collections.abc import Mapping
from pathlib import Path
from typing import Final
from urllib.parse import urlsplit

import httpx2

from ._exceptions import ConfigurationError, redact_url

__all__ = [
    "DEFAULT_URL",
    "Settings",
    "config_files",
    "is_insecure",
    "normalize_url",
    "resolve_settings",
]


AUTH_COMMAND: contextvars.ContextVar[str] = contextvars.ContextVar(
    "AUTH_COMMAND", default="datachain auth"
)
"""The command that signs in and out, as the client's messages name it: the official
`datachain auth`, which writes the same config files. The `datachain-studio` command line
sets its own for the commands it runs."""


def auth_command(subcommand: str) -> str:
    """`datachain auth <subcommand>` (in backticks), in the command `AUTH_COMMAND` names."""
    return f"`{AUTH_COMMAND.get()} {subcommand}`"


DEFAULT_URL: Final = "https://studio.datachain.ai"

_FIELDS: Final = ("token", "url", "team")
_ENV_VARS: Final = {name: f"DATACHAIN_STUDIO_{name.upper()}" for name in _FIELDS}
_APP_NAME: Final = "datachain"
_APP_AUTHOR: Final = "iterative"
_CONFIG_FILE: Final = "config"
MAX_CONFIG_BYTES: Final = 1024 * 1024
"""The largest config file read (1 MiB): datachain's are a few hundred bytes."""


@dataclasses.dataclass(frozen=True, repr=False)
class Settings:
    """The resolved client settings.

    ``sources`` maps each field that has a value to where it came from:
    ``"argument"``, ``"env DATACHAIN_STUDIO_TOKEN"``, a config file path, or
    ``"default"``. ``config_files`` lists the config files that were looked for.
    The repr shows whether a token is set, never the token.
    """

    token: str | None
    url: str
    team: str | None
    sources: Mapping[str, str]
    config_files: tuple[Path, ...]

    def require_token(self) -> str:
        """Return the token, or raise ConfigurationError saying where it was looked for."""
        if self.token is None:
            raise ConfigurationError(
                "No DataChain Studio token found. "
                + self._looked_in("token")
                + f" Run {auth_command('login')}, set DATACHAIN_STUDIO_TOKEN, "
                "or pass token=... to the client."
            )
        return self.token

    def require_team(self) -> str:
        """Return the team, or raise ConfigurationError saying where it was looked for."""
        if self.team is None:
            raise ConfigurationError(
                "No DataChain Studio team given. "
                + self._looked_in("team")
                + f" Run {auth_command('team <name>')}, set DATACHAIN_STUDIO_TEAM, "
                "or pass team=... to the client."
            )
        return self.team

    def _looked_in(self, field: str) -> str:
        files = ", ".join(str(path) for path in self.config_files)
        return (
            f"Looked at the {field}= argument, the environment variable "
            f"{_ENV_VARS[field]}, and `{field}` in the [studio] table of {files}."
        )

    def __repr__(self) -> str:
        token = "<set>" if self.token is not None else "<missing>"
        return (
            f"Settings(token={token}, url={self.url!r}, team={self.team!r}, "
            f"sources={dict(self.sources)!r})"
        )


def resolve_settings(
    *,
    token: str | None = None,
    url: str | None = None,
    team: str | None = None,
    env: Mapping[str, str] | None = None,
    cwd: str | os.PathLike[str] | None = None,
) -> Settings:
    """Resolve the settings: argument, then environment, then config files, then default.

    ``env`` defaults to ``os.environ`` and ``cwd`` to the working directory. A missing
    token or team is not an error here; see :meth:`Settings.require_token`.
    Raises ConfigurationError for an unreadable or malformed config file, or an
    invalid URL.
    """
    env = os.environ if env is None else env
    files = config_files(env=env, cwd=cwd)
    from_files = _read_studio_tables(files)
    arguments = {"token": token, "url": url, "team": team}

    values: dict[str, str] = {}
    sources: dict[str, str] = {}
    for field in _FIELDS:
        candidates = (
            (arguments[field], "argument"),
            (env.get(_ENV_VARS[field]), f"env {_ENV_VARS[field]}"),
            from_files.get(field, (None, "")),
        )
        for value, source in candidates:
            if value is not None and value.strip():
                values[field], sources[field] = value.strip(), source
                break

    if "url" not in values:
        values["url"], sources["url"] = DEFAULT_URL, "default"
    try:
        values["url"] = normalize_url(values["url"])
    except ConfigurationError as exc:
        raise ConfigurationError(f"{exc} (from {sources['url']})") from None

    return Settings(
        token=values.get("token"),
        url=values["url"],
        team=values.get("team"),
        sources=types.MappingProxyType(sources),
        config_files=files,
    )


def config_files(
    *,
    env: Mapping[str, str] | None = None,
    cwd: str | os.PathLike[str] | None = None,
) -> tuple[Path, Path, Path]:
    """Return the system, global and local config file paths, lowest precedence first.

    ``env`` (default ``os.environ``) gives the ``DATACHAIN_*`` folders; where it names no
    system or global folder, platformdirs' folder for datachain is used.
    """
    import platformdirs  # only when a config file is looked for

    env = os.environ if env is None else env
    base = Path(os.getcwd() if cwd is None else cwd)
    system = env.get("DATACHAIN_SYSTEM_CONFIG_DIR") or platformdirs.site_config_dir(
        _APP_NAME, _APP_AUTHOR
    )
    user = env.get("DATACHAIN_GLOBAL_CONFIG_DIR") or platformdirs.user_config_dir(
        _APP_NAME, _APP_AUTHOR
    )
    local = env.get("DATACHAIN_DIR") or Path(env.get("DATACHAIN_ROOT_DIR") or base, ".datachain")
    return (
        base / system / _CONFIG_FILE,
        base / user / _CONFIG_FILE,
        base / local / _CONFIG_FILE,
    )


def normalize_url(url: str) -> str:
    """Return ``url`` without surrounding blanks, trailing slashes or a trailing ``/api``.

    Raises ConfigurationError unless it is an absolute http(s) URL.
    """
    url = url.strip().rstrip("/")
    if url.endswith("/api"):
        url = url[: -len("/api")].rstrip("/")
    try:
        parsed: httpx2.URL | None = httpx2.URL(url)
    except httpx2.InvalidURL:
        parsed = None
    if parsed is None or parsed.scheme not in ("http", "https") or not parsed.host:
        raise ConfigurationError(
            f"Invalid Studio URL {redact_url(url)!r}: expected http(s)://host[:port][/path]"
        )
    return url


def is_insecure(url: str) -> bool:
    """Tell whether ``url`` is plain ``http://`` to a host that is not loopback."""
    parts = urlsplit(url)
    return parts.scheme.lower() == "http" and not _is_loopback(parts.hostname or "")


def _is_loopback(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return address.is_loopback


def _read_studio_tables(files: tuple[Path, ...]) -> dict[str, tuple[str, str]]:
    """Merge the ``[studio]`` tables of ``files``: field -> (value, file it came from)."""
    merged: dict[str, tuple[str, str]] = {}
    for path in files:
        table = _load(path).get("studio", {})
        if not isinstance(table, dict):
            raise ConfigurationError(f"Config file {path}: `studio` must be a table")
        for field in _FIELDS:
            if field not in table:
                continue
            if not isinstance(table[field], str):
                raise ConfigurationError(f"Config file {path}: studio.{field} must be a string")
            merged[field] = (table[field], str(path))
    return merged


def _load(path: Path) -> dict[str, object]:
    """Parse one config file; a missing file is an empty one. Never shows its content."""
    text = read_config_text(path)
    if text is None:
        return {}
    import tomllib  # only once there is a file: most clients are made with none to read

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigurationError(f"Config file {path} is not valid TOML: {exc}") from None


def read_config_text(path: Path) -> str | None:
    """The text of config file `path`, or None if there is none.

    Only a regular file (or a symlink to one) is read, and only up to `MAX_CONFIG_BYTES`: a
    cloned repository may carry a `.datachain/config` that is a FIFO (reading it would wait
    for ever) or a link to `/dev/zero` (it never ends). It is opened without blocking, so
    that a FIFO is seen for what it is before anything waits on it.

    Raises:
        ConfigurationError: It cannot be read, is not a regular file, is larger than
            `MAX_CONFIG_BYTES`, or is not UTF-8 text.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0))
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        raise ConfigurationError(
            f"Cannot read config file {path}: {exc.strerror or type(exc).__name__}"
        ) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ConfigurationError(
                f"Cannot read config file {path}: it is {_kind(info.st_mode)}, not a regular file"
            )
        data = b""
        while len(data) <= MAX_CONFIG_BYTES and (part := os.read(fd, MAX_CONFIG_BYTES + 1)):
            data += part
    except OSError as exc:
        raise ConfigurationError(
            f"Cannot read config file {path}: {exc.strerror or type(exc).__name__}"
        ) from None
    finally:
        os.close(fd)
    if len(data) > MAX_CONFIG_BYTES:
        raise ConfigurationError(
            f"Config file {path} is larger than {MAX_CONFIG_BYTES // 1024} KiB: it is not read"
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise ConfigurationError(f"Config file {path} is not UTF-8 text") from None


def _kind(mode: int) -> str:
    kinds = (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    )
    return next((name for test, name in kinds if test(mode)), "something else")
