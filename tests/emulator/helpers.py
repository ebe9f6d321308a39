"""Helpers shared by the emulator's tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

import httpx2

from datachain_studio.testing import StudioEmulator

JOBS = "/api/datachain/jobs/"
NOW = dt.datetime(2026, 5, 4, 10, 7, 30, tzinfo=dt.UTC)  # a Monday


class Clock:
    """A clock that moves only when told to."""

    def __init__(self, now: dt.datetime = NOW) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


class Api:
    """Raw HTTP to the emulator, for what the client would refuse to send."""

    def __init__(self, emulator: StudioEmulator) -> None:
        self.emulator = emulator
        self.http = httpx2.Client(base_url=emulator.url, timeout=30)

    def __call__(
        self,
        method: str,
        path: str,
        *,
        token: str | None = None,
        scheme: str = "Bearer",
        headers: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> httpx2.Response:
        secret = self.emulator.token if token is None else token
        sent = {"Authorization": f"{scheme} {secret}"} if secret else {}
        sent.update(headers or {})
        return self.http.request(method, path, headers=sent, **kwargs)

    def team(self, **params: Any) -> dict[str, Any]:
        return {"team_name": self.emulator.team, **params}


def detail(response: httpx2.Response) -> Any:
    assert response.headers["content-type"] == "application/json"
    return response.json()["detail"]
