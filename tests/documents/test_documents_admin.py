"""The admin site shows documents read-only, and never a secret one."""

from __future__ import annotations

import pytest
from documents_data import entry

from egov.documents.services import incoming

pytestmark = pytest.mark.django_db


def test_read_only_and_no_secret_documents(client, people, doc_type, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    for number, level in (("12/VNCERT-DPUJC", "normal"), ("13/VNCERT-DPUJC", "secret")):
        incoming.incoming_register(actor=people["clerk"], channel="paper", data=entry(
            doc_type=doc_type("Công văn"), number_symbol=number, confidentiality=level))
    admin = people["sysadmin"]
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    page = client.get("/admin/documents/incomingdocument/")
    assert page.status_code == 200
    assert "12/VNCERT-DPUJC" in page.content.decode()
    assert "13/VNCERT-DPUJC" not in page.content.decode()
    assert client.get("/admin/documents/incomingdocument/add/").status_code == 403
    assert client.get("/admin/documents/documenttype/").status_code == 200
    assert client.get("/admin/documents/register/").status_code == 200
    assert client.get("/admin/documents/outgoingdocument/").status_code == 200
