"""The small province of ``indicators_data``, built once per test module inside a
transaction that is rolled back at the end of the module (the tests only read it)."""

import pytest
from django.db import transaction
from indicators_data import build
from rest_framework.test import APIClient


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
def api_as(data):
    def make(name):
        client = APIClient()
        if name is not None:
            client.force_authenticate(data.users[name])
        return client
    return make


@pytest.fixture
def web_as(data, client):
    def make(name):
        client.logout()
        if name is not None:
            client.force_login(data.users[name])
        return client
    return make
