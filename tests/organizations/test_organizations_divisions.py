import datetime as dt
from collections import Counter
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from egov.core.models import AuditEntry
from egov.organizations import selectors, services
from egov.organizations.editions import PROVINCE_SUCCESSORS_2025
from egov.organizations.models import AdministrativeDivision

D2017 = dt.date(2017, 1, 1)
D2026 = dt.date(2026, 1, 1)
TRA_VINH_DISTRICTS = ["842", "844", "845", "846", "847", "848", "849", "850", "851"]
# Communes per district in the package data (snapshot of January 2025).
TRA_VINH_COMMUNES = {"842": 8, "844": 14, "845": 11, "846": 11, "847": 14, "848": 15,
                     "849": 17, "850": 7, "851": 7}


def levels():
    return Counter(AdministrativeDivision.objects.values_list("level", flat=True))


@pytest.mark.django_db
def test_import_tra_vinh_2008_edition():
    result = services.divisions_import(actor=None, edition="2008", province="84")

    assert (result.created, result.updated, result.unchanged, result.linked) == (114, 0, 0, 0)
    assert levels() == {1: 1, 2: 9, 3: 104}
    province = AdministrativeDivision.objects.get(level=1)
    assert (province.code, province.name, province.kind) == ("84", "Tỉnh Trà Vinh", "tỉnh")
    assert (province.valid_from, province.valid_to) == (dt.date(2008, 8, 1), dt.date(2025, 7, 1))
    assert "202/2025/QH15" in province.close_reason
    districts = province.children.order_by("code")
    assert [d.code for d in districts] == TRA_VINH_DISTRICTS
    assert {d.code: d.children.count() for d in districts} == TRA_VINH_COMMUNES
    assert [(d.name, d.kind) for d in districts.filter(code__in=["842", "844", "851"])] == [
        ("Thành phố Trà Vinh", "thành phố"), ("Huyện Càng Long", "huyện"),
        ("Thị xã Duyên Hải", "thị xã"),
    ]
    commune = AdministrativeDivision.objects.get(code="29242")
    assert (commune.name, commune.kind, commune.parent.code) == ("Phường 3", "phường", "842")
    assert Counter(AdministrativeDivision.objects.filter(level=3)
                   .values_list("kind", flat=True)) == {"xã": 85, "phường": 9, "thị trấn": 10}
    entry = AuditEntry.objects.get(action="organizations.division.import")
    assert entry.after == {"edition": "2008", "province": "84", "created": 114, "updated": 0,
                           "linked": 0}


@pytest.mark.django_db
def test_import_vinh_long_2025_edition_links_tra_vinh():
    services.divisions_import(actor=None, edition="2008", province="84")
    result = services.divisions_import(actor=None, edition="2025", province="86")

    assert (result.created, result.linked) == (125, 1)
    vinh_long = AdministrativeDivision.objects.get(level=1, valid_from=dt.date(2025, 7, 1))
    assert (vinh_long.code, vinh_long.name, vinh_long.kind, vinh_long.valid_to) == (
        "86", "Tỉnh Vĩnh Long", "tỉnh", None)
    wards = vinh_long.children.all()
    assert Counter(w.kind for w in wards) == {"xã": 105, "phường": 19}
    assert {w.level for w in wards} == {AdministrativeDivision.Level.COMMUNE}
    tra_vinh = AdministrativeDivision.objects.get(level=1, code="84")
    assert tra_vinh.successor == vinh_long


@pytest.mark.django_db
def test_import_is_idempotent_and_repairs_changes():
    services.divisions_import(actor=None, edition="2008", province="84")
    AdministrativeDivision.objects.filter(code="842").update(name="Sai tên")
    entries = AuditEntry.objects.count()

    repaired = services.divisions_import(actor=None, edition="2008", province="84")
    assert (repaired.created, repaired.updated, repaired.unchanged) == (0, 1, 113)
    assert AdministrativeDivision.objects.get(code="842").name == "Thành phố Trà Vinh"

    again = services.divisions_import(actor=None, edition="2008", province="84")
    assert (again.created, again.updated, again.unchanged, again.linked) == (0, 0, 114, 0)
    assert AdministrativeDivision.objects.count() == 114
    # The repair is audited; a run that changes nothing is not.
    assert AuditEntry.objects.count() == entries + 1


@pytest.mark.django_db
def test_whole_country_both_editions_and_every_successor():
    services.divisions_import(actor=None, edition="2025")
    result = services.divisions_import(actor=None, edition="2008")

    assert result.linked == 63
    old = AdministrativeDivision.objects.filter(level=1, valid_from=dt.date(2008, 8, 1))
    new = AdministrativeDivision.objects.filter(level=1, valid_from=dt.date(2025, 7, 1))
    assert (old.count(), new.count()) == (63, 34)
    assert levels() == {1: 97, 2: 696, 3: 10051 + 3321}
    assert sorted(PROVINCE_SUCCESSORS_2025) == sorted(old.values_list("code", flat=True))
    assert {d.successor.code for d in old} == set(new.values_list("code", flat=True))
    assert {d.code: d.successor.code for d in old} == PROVINCE_SUCCESSORS_2025
    assert AdministrativeDivision.objects.get(code="01", level=1,
                                              valid_from=dt.date(2025, 7, 1)).kind == (
        "thành phố trung ương")


@pytest.mark.django_db
@pytest.mark.parametrize(("edition", "province", "field"), [
    ("2011", None, "edition"),
    ("2008", "99", "province"),
    ("2025", "84", "province"),  # Trà Vinh no longer exists in 2025
    ("2008", "842", "province"),  # a district, not a province
])
def test_import_refuses_unknown_edition_or_code(edition, province, field):
    with pytest.raises(ValidationError) as exc:
        services.divisions_import(actor=None, edition=edition, province=province)
    assert list(exc.value.message_dict) == [field]
    assert AdministrativeDivision.objects.count() == 0
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db
def test_validity_on_a_date_resolves_tra_vinh_then_vinh_long(divisions):
    tra_vinh = selectors.division_on("84", D2017)
    assert tra_vinh.name == "Tỉnh Trà Vinh"
    assert selectors.division_on("84", D2026) is None
    assert selectors.division_on("86", D2026).name == "Tỉnh Vĩnh Long"
    # Last day before the reorganisation, first day after.
    assert selectors.division_on("84", dt.date(2025, 6, 30)) == tra_vinh
    assert selectors.division_on("84", dt.date(2025, 7, 1)) is None

    # A record of 2017 keeps Trà Vinh; read in 2026 it lies in Vĩnh Long.
    assert selectors.division_as_of(tra_vinh, D2017) == tra_vinh
    assert selectors.division_as_of(tra_vinh, D2026).name == "Tỉnh Vĩnh Long"
    assert selectors.division_as_of(tra_vinh, dt.date(2000, 1, 1)) is None
    # A district ended without successor.
    district = selectors.division_on("842", D2017)
    assert selectors.division_as_of(district, D2026) is None


@pytest.mark.django_db
def test_chain_commune_district_province_on_a_date(divisions):
    assert [(d.code, d.name) for d in selectors.division_chain_on("29242", D2017)] == [
        ("29242", "Phường 3"), ("842", "Thành phố Trà Vinh"), ("84", "Tỉnh Trà Vinh")]
    # In 2026 the code names a ward of Vĩnh Long directly under the province.
    assert [(d.code, d.name) for d in selectors.division_chain_on("29242", D2026)] == [
        ("29242", "Phường Trà Vinh"), ("86", "Tỉnh Vĩnh Long")]
    assert selectors.division_chain_on("00000", D2017) == []


@pytest.mark.django_db
def test_divisions_selector_filters(divisions):
    tra_vinh = selectors.division_on("84", D2017)
    assert selectors.divisions(level=2, on=D2017).count() == 9
    assert selectors.divisions(level=2, on=D2026).count() == 0
    assert selectors.divisions(level=3, on=D2026).count() == 124
    assert selectors.divisions(parent=tra_vinh).count() == 9
    assert [d.name for d in selectors.divisions(q="cang long")] == [
        "Huyện Càng Long", "Thị trấn Càng Long", "Xã Càng Long"]
    assert [d.name for d in selectors.divisions(q="cang long", on=D2017)] == [
        "Huyện Càng Long", "Thị trấn Càng Long"]


@pytest.mark.django_db
def test_command_import_and_show():
    out = StringIO()
    call_command("divisions", "import", "--edition", "2008", "--province", "84", stdout=out)
    assert out.getvalue().strip() == (
        "Phiên bản 2008: tạo mới 114, cập nhật 0, giữ nguyên 0, ghi 0 liên kết đơn vị kế thừa.")
    out = StringIO()
    call_command("divisions", "show", "29242", "--on", "2017-01-01", stdout=out)
    assert out.getvalue().splitlines() == [
        "29242\tPhường 3\tphường", "842\tThành phố Trà Vinh\tthành phố", "84\tTỉnh Trà Vinh\ttỉnh"]


@pytest.mark.django_db
@pytest.mark.parametrize("args", [
    ["import", "--edition", "2008", "--province", "99"],
    ["show", "84", "--on", "2026-01-01"],
    ["show", "84", "--on", "1/1/2026"],
])
def test_command_errors(args):
    with pytest.raises(CommandError):
        call_command("divisions", *args)
    assert AdministrativeDivision.objects.count() == 0
