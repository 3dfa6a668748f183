"""A director opens the indicators dashboard, changes the period to 2017, clicks the
number of incoming documents and lands on the documents behind it, then on one of them.

The data is a department's 2017 registers as the demo has them (four letters received,
two documents issued), brought in through the documents' import service."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.apps import apps as django_apps
from django.utils import timezone

from egov.accounts import services as accounts
from egov.accounts.models import Role
from egov.documents.models import DocumentType
from egov.documents.services import bulk
from egov.documents.services.incoming import IncomingData
from egov.documents.services.outgoing import DraftData, RecipientSpec
from egov.organizations import services as organizations
from egov.organizations.models import AdministrativeDivision, Agency

pytestmark = pytest.mark.e2e
PASSWORD = "Bảng-điều-hành-2017"


def at(day: str) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(dt.date.fromisoformat(day), dt.time(9)))


@pytest.fixture
def director(transactional_db, settings, tmp_path):
    """Sở TT&TT with its director, and its 2017 registers."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    if not DocumentType.objects.exists():
        importlib.import_module("egov.documents.migrations.0002_load_document_types").load(
            django_apps, None)
    letter = DocumentType.objects.get(category="administrative", name="Công văn")
    province = AdministrativeDivision.objects.create(
        code="84", name="Tỉnh Trà Vinh", kind="tỉnh", level=1, valid_from=dt.date(2008, 8, 1))
    agency = organizations.agency_create(
        actor=None, code="000.00.31.H59", name="Sở Thông tin và Truyền thông",
        short_name="STTTT", kind=Agency.Kind.DEPARTMENT, division=province,
        valid_from=dt.date(2016, 1, 1))
    unit = organizations.unit_create(actor=None, agency=agency, name="Văn phòng",
                                     short_name="VP", valid_from=dt.date(2016, 1, 1))
    user = accounts.official_create(
        actor=None, username="giamdoc.stttt", full_name="Trần Văn Khoa",
        email="gd@stttt.travinh.gov.vn", agency=agency, unit=None, roles=[Role.DIRECTOR],
        position="Giám đốc", password=PASSWORD).user
    incoming = [bulk.ImportedIncoming(
        agency=agency, channel=channel, registered_at=at(day),
        data=IncomingData(number_symbol=f"{number}/UBND-VX", doc_type=letter,
                          document_date=dt.date.fromisoformat(day),
                          arrival_date=dt.date.fromisoformat(day),
                          summary=f"Về việc triển khai nhiệm vụ số {number}",
                          issuer_name="Ủy ban nhân dân tỉnh"))
        for number, day, channel in (("11", "2017-02-01", "paper"),
                                     ("12", "2017-03-01", "electronic"),
                                     ("13", "2017-10-20", "exchange"),
                                     ("14", "2017-12-28", "exchange"))]
    outgoing = [bulk.ImportedOutgoing(
        agency=agency, drafting_unit=unit, created_by=user, issued_at=at(day),
        sent_electronically=True,
        data=DraftData(doc_type=letter, summary=summary, body="", signer=user,
                       place="Trà Vinh", recipients=[RecipientSpec("Bộ TT&TT")]),
        recipients=(RecipientSpec("Bộ TT&TT"),))
        for day, summary in (("2017-04-10", "Về việc triển khai chữ ký số"),
                             ("2017-11-03", "Về việc báo cáo tổng kết"))]
    bulk.documents_import(actor=None, incoming=incoming, outgoing=outgoing)
    return user


def test_dashboard_period_and_drill_down(page, live_server, director, screenshot_dir):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", director.username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()

    page.goto(f"{live_server.url}/chi-so/")
    assert page.locator("h1").inner_text() == "Chỉ số"
    this_year = dt.date.today().year
    assert page.input_value("#id_from") == f"{this_year}-01-01"
    incoming = page.locator("a[data-code='documents.incoming']")
    assert incoming.inner_text() == "0"

    page.fill("#id_from", "2017-01-01")
    page.fill("#id_to", "2017-12-31")
    with page.expect_navigation():
        page.locator("form.indicator-filters button[type=submit]").click()
    assert "from=2017-01-01" in page.url and "to=2017-12-31" in page.url
    assert page.locator("a[data-code='documents.incoming']").inner_text() == "4"
    assert page.locator("a[data-code='documents.outgoing']").inner_text() == "2"
    page.screenshot(path=str(screenshot_dir / "dashboard-2017.png"), full_page=True)

    with page.expect_navigation():
        page.locator("a[data-code='documents.incoming']").click()
    assert page.url.startswith(f"{live_server.url}/chi-so/documents.incoming/?")
    assert "Văn bản đến" in page.locator("h1").inner_text()
    rows = page.locator("main table tbody tr")
    assert rows.count() == 4
    assert rows.first.inner_text().startswith("11/UBND-VX")
    assert "Ủy ban nhân dân tỉnh" in rows.first.inner_text()

    with page.expect_navigation():
        rows.first.locator("a").first.click()
    assert page.url.startswith(f"{live_server.url}/van-ban/den/")
    assert "11/UBND-VX" in page.locator("main").inner_text()
