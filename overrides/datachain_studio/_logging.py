"""The `datachain_studio` logger, and `DATACHAIN_STUDIO_LOG=info|debug` to turn it on.

The client logs each request's method, URL, status, timing and attempt, and each retry with
its delay and cause. It never logs headers or bodies, so the token cannot reach a log.
"""

from __future__ import annotations

import logging
import os

logger = logging.getLogger("datachain_studio")

_LEVELS = {"debug": logging.DEBUG, "info": logging.INFO}
_configured = False


def configure_from_env() -> None:
    """Send the logger's records to stderr if `DATACHAIN_STUDIO_LOG` asks for it (once)."""
    global _configured
    if _configured:
        return
    _configured = True
    level = _LEVELS.get(os.environ.get("DATACHAIN_STUDIO_LOG", "").strip().lower())
    if level is None:
        return
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(level)
    if level == logging.DEBUG:
        logging.getLogger("httpx2").addHandler(handler)
        logging.getLogger("httpx2").setLevel(logging.DEBUG)
