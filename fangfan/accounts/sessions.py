"""Idle sessions end after SESSION_COOKIE_AGE (30 minutes) without a write on every request.

Django's SESSION_SAVE_EVERY_REQUEST would write the session row on each page, fragment and
figure a user loads. Here the store remembers when the session it loaded expires, and the
middleware saves it (which sets a new expiry) only when at least REFRESH_SECONDS of the idle
time have passed since the last save: a user idle for 30 minutes is still logged out, within
a minute, and a busy page costs no write.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore as DatabaseStore
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

REFRESH_SECONDS = 60


class SessionStore(DatabaseStore):
    expires_at: dt.datetime | None = None

    def _get_session_from_db(self) -> Any:
        found = super()._get_session_from_db()  # type: ignore[misc]  # the db store's loader, not in the stubs
        self.expires_at = found.expire_date if found is not None else None
        return found

    def stale(self) -> bool:
        """Whether a save is due: the session was loaded and a minute of its idle time is spent."""
        if self.expires_at is None:
            return False
        fresh = timezone.now() + dt.timedelta(seconds=settings.SESSION_COOKIE_AGE - REFRESH_SECONDS)
        return self.expires_at <= fresh


class SessionRefreshMiddleware:
    """Marks a stale session modified so that SessionMiddleware (listed before) saves it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if isinstance(session, SessionStore) and not session.modified and session.stale():
            session.modified = True
        return response
