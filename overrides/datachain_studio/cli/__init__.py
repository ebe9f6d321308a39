"""The `datachain-studio` command line (needs the `cli` extra: click and rich).

datachain-studio --help
python -m datachain_studio --help
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> None:
    """Run `datachain-studio` and exit with its status."""
    try:
        import rich  # noqa: F401  (imported for real on first use; checked here)

        from ._app import main as run_main
    except ImportError as exc:
        if getattr(exc, "name", None) not in ("click", "rich"):
            raise
        print(
            "Error: the datachain-studio command line needs the `cli` extra: "
            "pip install 'datachain-studio-client[cli]'",
            file=sys.stderr,
        )
        sys.exit(78)
    run_main(argv)
