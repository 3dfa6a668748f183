import datetime as dt
import re
from collections import Counter

import pytest

from egov.core.demo import DemoContext
from egov.organizations import demo, selectors
from egov.organizations.models import AGENCY_CODE_RE, AdministrativeDivision, Agency

D2017 = dt.date(2017, 1, 1)


@pytest.fixture
def loaded(db):
    lines = []
    demo.load(DemoContext(write=lines.append))
    return lines


def test_demo_builds_195_agencies_of_tra_vinh_2017(loaded):
    assert loaded == ["    195 agencies of Trà Vinh as of 01/01/2017"]
    agencies = Agency.objects.valid_on(D2017)
    assert agencies.count() == Agency.objects.count() == 195
    codes = list(agencies.values_list("code", flat=True))
    assert len(set(codes)) == 195
    assert all(re.fullmatch(AGENCY_CODE_RE, c) and c.endswith(".H59") for c in codes)
    assert Counter(agencies.values_list("kind", flat=True)) == {
        "ubnd_tinh": 1, "van_phong": 1, "so": 17, "ubnd_huyen": 9, "ubnd_xa": 104, "khac": 63}

    committee = Agency.objects.get(code="000.00.00.H59")
    assert (committee.name, committee.short_name, committee.parent) == (
        "Ủy ban nhân dân tỉnh Trà Vinh", "UBND", None)
    assert [n.agency for n in selectors.agency_tree(D2017)] == [committee]


def test_demo_department_of_information_and_communications(loaded):
    stttt = Agency.objects.get(code="000.00.31.H59")
    assert (stttt.name, stttt.short_name, stttt.kind, stttt.division.code) == (
        "Sở Thông tin và Truyền thông", "STTTT", "so", "84")
    assert sorted((u.short_name, u.name) for u in stttt.units.all()) == [
        ("BCVT", "Phòng Bưu chính - Viễn thông"),
        ("CNTT", "Phòng Công nghệ thông tin"),
        ("TTBCXB", "Phòng Thông tin - Báo chí - Xuất bản"),
        ("TTCNTT", "Trung tâm Công nghệ thông tin và Truyền thông"),
        ("TTra", "Thanh tra"),
        ("VP", "Văn phòng"),
    ]
    assert {u.valid_from for u in stttt.units.all()} == {D2017}


def test_demo_departments_and_districts_have_their_units(loaded):
    short_names = {
        "SNV", "STP", "SKHĐT", "STC", "SCT", "SNN", "SGTVT", "SXD", "STNMT", "STTTT",
        "SLĐTBXH", "SVHTTDL", "SKHCN", "SGDĐT", "SYT", "TTr", "BDT"}
    departments = Agency.objects.filter(kind=Agency.Kind.DEPARTMENT)
    assert set(departments.values_list("short_name", flat=True)) == short_names
    for department in departments:
        units = set(department.units.values_list("short_name", flat=True))
        assert "VP" in units and len(units) >= 2, department

    districts = Agency.objects.filter(kind=Agency.Kind.DISTRICT_COMMITTEE).order_by("code")
    assert [(a.code, a.division.code) for a in districts] == [
        (f"000.00.0{i}.H59", code) for i, code in enumerate(
            ["842", "844", "845", "846", "847", "848", "849", "850", "851"], start=1)]
    assert districts[0].name == "Ủy ban nhân dân thành phố Trà Vinh"
    for district in districts:
        assert sorted(district.units.values_list("short_name", flat=True)) == ["VHTT", "VP"]
        communes = district.children.all()
        assert communes.count() == district.division.children.count()
        assert {c.division.parent_id for c in communes} == {district.division_id}
        assert {c.short_name for c in communes} == {"UBND"}

    ward = Agency.objects.get(code="000.01.01.H59")
    assert (ward.name, ward.division.code, ward.parent.code) == (
        "Ủy ban nhân dân Phường 4", "29236", "000.00.01.H59")
    assert Agency.objects.get(code="000.02.02.H59").name == "Ủy ban nhân dân xã Mỹ Cẩm"
    assert Agency.objects.get(code="000.01.27.H59").name == "Chi cục Kiểm lâm"


def test_demo_records_the_2025_reorganisation_without_touching_2017(loaded):
    tra_vinh = AdministrativeDivision.objects.get(level=1, code="84")
    vinh_long = AdministrativeDivision.objects.get(level=1, code="86")
    assert tra_vinh.successor == vinh_long
    assert (vinh_long.valid_from, vinh_long.children.count()) == (dt.date(2025, 7, 1), 124)
    stttt = Agency.objects.get(code="000.00.31.H59")
    assert (stttt.division, stttt.valid_to) == (tra_vinh, None)
    assert selectors.division_as_of(stttt.division, dt.date(2026, 1, 1)) == vinh_long
    assert AdministrativeDivision.objects.count() == 114 + 125
