"""Run the Studio emulator in the foreground: `python -m datachain_studio.testing --help`.

The options are those of `datachain-studio emulator` (one parser: `_command`)."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from ._command import MODULE_STATUSES, run


def main(argv: Sequence[str] | None = None) -> int:
    return run(argv, prog="python -m datachain_studio.testing", statuses=MODULE_STATUSES)


if __name__ == "__main__":
    sys.exit(main())
