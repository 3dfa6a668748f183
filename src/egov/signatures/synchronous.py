"""pyHanko's synchronous API runs its coroutines with ``asyncio.run()``, which refuses to
start in a thread whose event loop is already running: an async caller, or a sync caller
driven by one (Playwright's sync API keeps a loop in its thread). Such callers get the
call run in a worker thread, with their context variables (the timestamp authority's
replay time travels in one)."""

from __future__ import annotations

import asyncio
import contextvars
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

Result = TypeVar("Result")


def outside_running_loop(function: Callable[..., Result], *args: Any, **kwargs: Any) -> Result:
    """``function(*args, **kwargs)``, in this thread unless an event loop runs in it."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return function(*args, **kwargs)
    context = contextvars.copy_context()
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(context.run, function, *args, **kwargs).result()
