"""Who is acting and from where, for the audit trail, without threading the request
through every service call. Set by ``RequestContextMiddleware`` for web requests and
by ``acting_as`` for commands and tasks."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class RequestContext:
    ip_address: str | None = None
    user: Any = None


_NOBODY = RequestContext()
_current: ContextVar[RequestContext] = ContextVar("egov_request_context", default=_NOBODY)


def current() -> RequestContext:
    return _current.get()


@contextlib.contextmanager
def acting_as(user: Any = None, ip_address: str | None = None) -> Iterator[None]:
    token = _current.set(RequestContext(ip_address=ip_address, user=user))
    try:
        yield
    finally:
        _current.reset(token)
