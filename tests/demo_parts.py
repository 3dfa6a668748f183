"""Parts of the demo province for one test module: loaded once, in a transaction rolled
back when the module ends, so that its tests read the same data without paying for the
load each time (the browser tests of tests/e2e keep the whole demo committed instead:
their live server reads it from another thread)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.db import transaction

from egov.core.context import acting_as
from egov.core.demo import DemoContext


@contextmanager
def demo_parts_loaded(django_db_blocker, *parts: Callable[[DemoContext], None],
                      write: Callable[[str], None] = lambda _line: None
                      ) -> Iterator[DemoContext]:
    """Run each part's loader (``organizations.demo.load``, …) in order, as
    ``egov load_demo`` does, inside a transaction undone on the way out."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            ctx = DemoContext(write=write)
            with acting_as(None, None):
                for load in parts:
                    load(ctx)
            yield ctx
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
