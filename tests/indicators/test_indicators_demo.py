"""The demo province gives the 2017 report's own figures through ``egov indicators``
(Báo cáo 1407/BC-STTTT-VP): 195 agencies, 238 services at level 3-4, 470 certificates in
force (454 for organisations, 16 for individuals), 21 issued and 51 revoked."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from demo_parts import demo_parts_loaded
from egov.accounts import demo as accounts_demo
from egov.organizations import demo as organizations_demo
from egov.procedures import demo as procedures_demo
from egov.signatures import demo as signatures_demo


@pytest.fixture(scope="module")
def demo(test_databases, django_db_blocker):
    """One load for the module (about 20 s), rolled back at the end."""
    with demo_parts_loaded(django_db_blocker, organizations_demo.load, accounts_demo.load,
                           procedures_demo.load, signatures_demo.load):
        yield


@pytest.fixture
def loaded(demo, db):
    return demo


def indicators(*args):
    out = StringIO()
    call_command("indicators", *args, "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def test_the_reports_figures_for_2017(loaded):
    figures = indicators("--from", "2017-01-01", "--to", "2017-12-31")
    assert {code: figures[code] for code in [
        "agencies.total", "procedures.level34", "certificates.active",
        "certificates.active.organisation", "certificates.active.individual",
        "certificates.issued", "certificates.revoked",
    ]} == {
        "agencies.total": 195, "procedures.level34": 238, "certificates.active": 470,
        "certificates.active.organisation": 454, "certificates.active.individual": 16,
        "certificates.issued": 21, "certificates.revoked": 51,
    }


def test_the_department_of_information_and_communications(loaded):
    figures = indicators("--from", "2017-01-01", "--to", "2017-12-31", "--agency", "STTTT",
                         "--only", "agencies.total,procedures.level34")
    assert figures == {"agencies.total": 1, "procedures.level34": 10}
