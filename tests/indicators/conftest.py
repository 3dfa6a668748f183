"""The small province of ``indicators_data``, built once per test module inside a
transaction that is rolled back at the end of the module (the tests only read it)."""

import pytest
from django.db import transaction
from indicators_data import build


@pytest.fixture(scope="module")
def province(test_databases, django_db_blocker):
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def data(province, db):
    """The province; asking for ``db`` also makes pytest-django set up the test database
    before the module's data is built in it."""
    return province


@pytest.fixture
def people(data):
    """Who ``api_as`` and ``web_as`` log in as (tests/conftest.py); None is anonymous."""
    return {None: None, **data.users}
