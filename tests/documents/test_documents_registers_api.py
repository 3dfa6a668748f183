"""API of document types and registers: who may read and change, and the error bodies."""

from __future__ import annotations

import pytest

from egov.documents.models import Register
from egov.documents.services import registers

pytestmark = pytest.mark.django_db
TYPES = "/api/v1/document-types/"
REGISTERS = "/api/v1/document-registers/"


@pytest.mark.parametrize(("who", "status"), [("clerk", 200), ("citizen", 200),
                                             ("anonymous", 403)])
def test_types_are_listed_to_anyone_logged_in(api_as, types_loaded, who, status):
    response = api_as(who).get(TYPES, {"category": "copy"})
    assert response.status_code == status
    if status == 200:
        assert [(t["code"], t["name"]) for t in response.json()["results"]] == [
            ("SY", "Bản sao y"), ("TrS", "Bản trích sao"), ("SL", "Bản sao lục")]


def test_an_unknown_category_is_a_400(api_as, types_loaded):
    response = api_as("clerk").get(TYPES, {"category": "novel"})
    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["category"]


@pytest.fixture
def general(agency_a, doc_type):
    return registers.register_resolve(agency=agency_a, direction="out",
                                      doc_type=doc_type("BC"), confidentiality="normal")


@pytest.mark.parametrize(("who", "count"), [("clerk", 1), ("specialist", 1), ("b_clerk", 0)])
def test_officials_see_their_own_agency_s_registers(api_as, general, who, count):
    response = api_as(who).get(REGISTERS)
    assert response.status_code == 200
    assert response.json()["count"] == count


@pytest.mark.parametrize(("who", "status"), [("clerk", 200), ("b_clerk", 404),
                                             ("citizen", 403), ("anonymous", 403)])
def test_one_register(api_as, general, who, status):
    assert api_as(who).get(f"{REGISTERS}{general.pk}/").status_code == status


def test_the_clerk_opens_a_register_for_her_agency(api_as, agency_a, doc_type):
    response = api_as("clerk").post(REGISTERS, {
        "direction": "out", "code": "quyet-dinh", "name": "Sổ quyết định",
        "types": [doc_type("QĐ").pk]}, format="json")
    assert response.status_code == 201, response.json()
    register = Register.objects.get()
    assert (register.agency, register.code) == (agency_a, "quyet-dinh")
    assert response.json()["types"] == [doc_type("QĐ").pk]


def test_bad_input_answers_400_with_fields(api_as):
    response = api_as("clerk").post(REGISTERS, {
        "direction": "out", "code": "Quyết định", "name": "", "types": [99999]}, format="json")
    assert response.status_code == 400
    assert response.json()["fields"] == {
        "types": ["Không có loại văn bản nào có mã số 99999."]}
    response = api_as("clerk").post(REGISTERS, {
        "direction": "out", "code": "Quyết định", "name": ""}, format="json")
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"code", "name", "types"}
    assert not Register.objects.exists()


@pytest.mark.parametrize("who", ["specialist", "b_clerk"])
def test_others_may_not_open_or_change(api_as, agency_a, general, doc_type, who):
    response = api_as(who).post(REGISTERS, {
        "agency": agency_a.pk, "direction": "out", "code": "qd", "name": "Sổ QĐ",
        "types": [doc_type("QĐ").pk]}, format="json")
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    response = api_as(who).patch(f"{REGISTERS}{general.pk}/", {"name": "X"}, format="json")
    assert response.status_code == 403
    assert Register.objects.count() == 1


def test_types_on_the_general_register_are_a_409(api_as, general, doc_type):
    response = api_as("clerk").patch(f"{REGISTERS}{general.pk}/",
                                     {"types": [doc_type("BC").pk]}, format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "general_register"
