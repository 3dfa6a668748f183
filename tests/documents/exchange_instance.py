"""One side of the two-instance exchange test, run as its own process against its own
database: ``python exchange_instance.py <command> <args as JSON>``.

Commands: ``setup`` (the agency, its people, certificates and the peer), ``issue`` (a
letter to the other side, issued and sent), ``accept`` (the clerk accepts what arrived
and the director assigns it), ``statuses`` (what the sender knows). Each prints JSON.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "egov.settings")
django.setup()

from egov.accounts import services as accounts  # noqa: E402
from egov.accounts.models import Role, User  # noqa: E402
from egov.documents.models import DocumentType, Exchange  # noqa: E402
from egov.documents.services import exchange, handling, outgoing  # noqa: E402
from egov.documents.services.handling import AssignmentSpec  # noqa: E402
from egov.documents.services.outgoing import DraftData, RecipientSpec  # noqa: E402
from egov.organizations import services as organizations  # noqa: E402
from egov.organizations.models import AdministrativeDivision, Agency  # noqa: E402
from egov.signatures import services as signatures  # noqa: E402
from egov.signatures.models import Certificate, KeyAlgorithm, SignerKind  # noqa: E402

PASSWORD = "Liên-thông-2017-Kiểm-thử"
PASSPHRASE = "ky-so-lien-thong-2017"


def setup(code: str, name: str, short: str, peer_code: str, peer_url: str,
          token: str) -> dict:
    province = AdministrativeDivision.objects.create(
        code="84", name="Tỉnh Trà Vinh", kind="tỉnh", level=1, valid_from=dt.date(2008, 8, 1))
    agency = organizations.agency_create(
        actor=None, code=code, name=name, short_name=short, kind=Agency.Kind.DEPARTMENT,
        division=province, valid_from=dt.date(2017, 1, 1))
    unit = organizations.unit_create(actor=None, agency=agency, name="Văn phòng",
                                     short_name="VP", valid_from=dt.date(2017, 1, 1))
    people = {}
    for role, username, full_name in [(Role.CLERK, "vanthu", "Nguyễn Thị Ngân"),
                                      (Role.DIRECTOR, "giamdoc", "Trần Văn Khoa"),
                                      (Role.SPECIALIST, "chuyenvien", "Huỳnh Minh Khoa")]:
        people[username] = accounts.official_create(
            actor=None, username=username, full_name=full_name,
            email=f"{username}.{short.lower()}@travinh.gov.vn", agency=agency,
            unit=None if role == Role.DIRECTOR else unit, roles=[role], password=PASSWORD,
            position="Giám đốc" if role == Role.DIRECTOR else "Chuyên viên")
    signatures.authority_setup_platform(actor=None, organisation=name, province="Trà Vinh",
                                        key_algorithm=KeyAlgorithm.EC_P256)
    signatures.certificate_issue(actor=None, passphrase=PASSPHRASE,
                                 certificate=signatures.certificate_request(
                                     actor=None, signer_kind=SignerKind.INDIVIDUAL,
                                     agency=agency, official=people["giamdoc"],
                                     key_algorithm=KeyAlgorithm.EC_P256))
    signatures.certificate_issue(actor=None, certificate=signatures.certificate_request(
        actor=None, signer_kind=SignerKind.ORGANISATION, agency=agency,
        key_algorithm=KeyAlgorithm.EC_P256, purpose="Con dấu điện tử"))
    exchange.peer_register(actor=None, name=f"Hệ thống của {peer_code}", url=peer_url,
                           organ_ids=[peer_code], token=token)
    return {"agency": agency.pk}


def _user(username: str) -> User:
    return User.objects.get(username=username)


def issue(receiver_code: str, receiver_name: str) -> dict:
    specialist, director, clerk = _user("chuyenvien"), _user("giamdoc"), _user("vanthu")
    letter = DocumentType.objects.get(category="administrative", name="Công văn")
    document = outgoing.outgoing_create(actor=specialist, data=DraftData(
        doc_type=letter, summary="V/v phối hợp kiểm tra hạ tầng viễn thông",
        body="Đề nghị quý cơ quan phối hợp kiểm tra.", signer=director,
        recipients=[RecipientSpec(receiver_name, organ_id=receiver_code)]))
    outgoing.outgoing_submit(actor=specialist, document=document, reviewers=[director])
    outgoing.outgoing_review(actor=director, document=document, approve=True)
    outgoing.outgoing_sign(actor=director, document=document, passphrase=PASSPHRASE,
                           certificate=Certificate.objects.get(official=director.official))
    document = outgoing.outgoing_issue(
        actor=clerk, document=document,
        seal=Certificate.objects.get(signer_kind=SignerKind.ORGANISATION))
    return {"number_symbol": document.number_symbol}


def accept() -> dict:
    clerk, director, specialist = _user("vanthu"), _user("giamdoc"), _user("chuyenvien")
    item = Exchange.objects.get(direction="in")
    document = exchange.exchange_accept(actor=clerk, exchange=item)
    handling.incoming_assign(actor=director, document=document, assignments=[
        AssignmentSpec(role="lead", assignee=specialist, working_days=5)])
    return {"arrival_number": document.arrival_number, "number_symbol":
            document.number_symbol, "issuer": document.issuer_name,
            "files": [a.name for a in document.attachments.all()]}


def statuses() -> dict:
    item = Exchange.objects.get(direction="out")
    return {"status": item.status,
            "statuses": list(item.statuses.values_list("status", flat=True))}


if __name__ == "__main__":
    command, arguments = sys.argv[1], json.loads(sys.argv[2]) if len(sys.argv) > 2 else {}
    print(json.dumps({"setup": setup, "issue": issue, "accept": accept,
                      "statuses": statuses}[command](**arguments), ensure_ascii=False))
