"""Fixtures every test may use. App-specific fixtures live in tests/<app>/conftest.py."""

import pytest
from django.conf import settings
from django.db import connection
from django.utils import translation


@pytest.fixture(autouse=True)
def _vietnamese_by_default():
    """Django leaves the last request's language active in the thread; every test starts
    in the platform's default language instead."""
    with translation.override(settings.LANGUAGE_CODE):
        yield


def pytest_collection_modifyitems(config, items):
    skip_pg = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL)")
    for item in items:
        if "postgres" in item.keywords and connection.vendor != "postgresql":
            item.add_marker(skip_pg)
