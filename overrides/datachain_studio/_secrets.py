"""Masking the token: the one rule for errors, log records and the command line's output.

`mask_secrets` masks a text. `MaskingFilter` masks a log record (its message with the
arguments merged in, its traceback and its stack) before a handler formats it.

The rule: each secret is shown as ``***``. A secret of 12 characters or more cannot occur
by chance, so it is masked wherever it appears, even glued to other characters
(``Bearer%20<token>.``, ``x<token>y``). A shorter one is masked only where it stands as a
whole token, not inside a longer run of token characters (``[A-Za-z0-9_.~+/=-]``), so that
a one-letter token does not garble "Could not reach Studio" into "Could not re***ch Studio".
Punctuation that only trails it (``.~+/-``, as a full stop does) does not make it part of a
longer token, and neither does a ``=`` or a ``%XX`` escape before it: ``token <secret>.``,
``token=<secret>`` and ``Bearer%20<secret>`` are masked. Empty secrets are skipped.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping
from typing import Final

__all__ = ["MaskingFilter", "mask_secrets"]

_LONG_SECRET: Final = 12
"""From this length on a secret is masked wherever it appears."""
_TOKEN_CHARS: Final = "A-Za-z0-9_.~+/=-"
"""The characters of an RFC 6750 token (b64token): a run of them is one token."""
_MASK: Final = "***"


def mask_secrets(text: str, secrets: Iterable[str]) -> str:
    """`text` with each of `secrets` shown as ``***``, by the rule of this module."""
    for secret in secrets:
        if not secret or secret not in text:
            continue
        if len(secret) >= _LONG_SECRET:
            text = text.replace(secret, _MASK)
        else:
            text = _whole_token(secret).sub(_MASK, text)
    return text


def _whole_token(secret: str) -> re.Pattern[str]:
    """Where `secret` stands as a whole token.

    Before it: no token character, except `=` (`token=<secret>`: `=` only ever ends a
    b64token, as padding) or the end of a `%XX` escape (`Bearer%20<secret>`). After it: no
    token character, unless all that follows of the run is punctuation (`<secret>.`).
    """
    return re.compile(
        rf"(?:(?<=%[0-9A-Fa-f]{{2}})|(?<![{_TOKEN_CHARS.replace('=', '')}]))"
        rf"{re.escape(secret)}(?![.~+/-]*[A-Za-z0-9_=])"
    )


class MaskingFilter(logging.Filter):
    """Masks `secrets` in each record it sees; it lets every record through.

    The record is changed in place, before any handler formats it: its message becomes the
    masked text with the arguments merged in (``args`` is emptied), and a traceback or stack
    it carries becomes masked text (``exc_text``, ``stack_info``; ``exc_info`` is cleared).
    Add it to a handler to mask whatever reaches that handler.

    Args:
        secrets: The texts to mask.
    """

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self._secrets = tuple(secret for secret in secrets if secret)

    def filter(self, record: logging.LogRecord) -> bool:
        if not self._secrets:
            return True
        record.msg = mask_secrets(_message(record), self._secrets)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        record.exc_info = None
        if record.exc_text:
            record.exc_text = mask_secrets(record.exc_text, self._secrets)
        if record.stack_info:
            record.stack_info = mask_secrets(record.stack_info, self._secrets)
        return True


def _message(record: logging.LogRecord) -> str:
    """The record's message with its arguments, or both side by side if they do not fit."""
    try:
        return record.getMessage()
    except (TypeError, ValueError, KeyError):
        args = record.args
        parts = args.values() if isinstance(args, Mapping) else args or ()
        return " ".join(str(part) for part in (record.msg, *parts))
