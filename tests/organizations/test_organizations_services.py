import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from egov.core.errors import Conflict
from egov.core.models import AuditEntry
from egov.organizations import selectors, services
from egov.organizations.models import AdministrativeDivision, Agency, Unit

D2017 = dt.date(2017, 1, 1)
D2026 = dt.date(2026, 1, 1)


def agency_kwargs(in_division, **overrides):
    values = {"actor": None, "code": "000.00.22.H59", "name": "Sở Nội vụ", "short_name": "SNV",
              "kind": Agency.Kind.DEPARTMENT, "division": in_division, "valid_from": D2017}
    values.update(overrides)
    return values


def errors_of(exc_info):
    return exc_info.value.message_dict


# --- agency_create --------------------------------------------------------------------


def test_agency_create_records_everything_and_audits(tra_vinh, province_committee):
    agency = services.agency_create(
        actor=None, code=" 000.00.22.h59 ", name="  Sở Nội vụ ", short_name="SNV",
        kind=Agency.Kind.DEPARTMENT, division=tra_vinh, parent=province_committee,
        valid_from=D2017, address="Số 1 Lê Thánh Tôn", phone="+84 294 3862 000",
        email="snv@travinh.gov.vn",
    )
    agency.refresh_from_db()
    assert (agency.code, agency.name, agency.short_name, agency.phone) == (
        "000.00.22.H59", "Sở Nội vụ", "SNV", "02943862000")
    assert (agency.parent, agency.division, agency.valid_from, agency.valid_to) == (
        province_committee, tra_vinh, D2017, None)
    assert agency.search_text == "so noi vu snv 000.00.22.h59"
    entry = AuditEntry.objects.filter(action="organizations.agency.create").last()
    assert (entry.object_id, entry.after["code"], entry.before) == (
        str(agency.pk), "000.00.22.H59", None)


@pytest.mark.parametrize("code", [
    "", "000.00.22", "000.00.22.h5", "00.00.22.H59", "000-00-22-H59", "000.00.22.H590",
    "ABC.00.22.H59", "000.00.22.559",
])
def test_agency_create_refuses_codes_not_in_qcvn_102_form(tra_vinh, code):
    with pytest.raises(ValidationError) as exc:
        services.agency_create(**agency_kwargs(tra_vinh, code=code))
    assert list(errors_of(exc)) == ["code"]
    assert "QCVN 102:2016" in errors_of(exc)["code"][0]
    assert not Agency.objects.exists()


def test_agency_code_unique_among_agencies_valid_at_the_same_time(tra_vinh):
    first = services.agency_create(**agency_kwargs(tra_vinh))
    with pytest.raises(ValidationError) as exc:
        services.agency_create(**agency_kwargs(tra_vinh, name="Khác", short_name="K",
                                               valid_from=dt.date(2020, 1, 1)))
    assert errors_of(exc) == {"code": [
        "Mã định danh 000.00.22.H59 đã được Sở Nội vụ sử dụng trong thời gian này."]}

    # Once the first is closed, the code may be given again from that day on.
    services.agency_close(actor=None, agency=first, valid_to=dt.date(2020, 1, 1),
                          reason="Hợp nhất")
    again = services.agency_create(**agency_kwargs(tra_vinh, name="Sở Nội vụ (mới)",
                                                   valid_from=dt.date(2020, 1, 1)))
    assert selectors.agency_by_code("000.00.22.H59", D2017) == first
    assert selectors.agency_by_code("000.00.22.h59", dt.date(2021, 1, 1)) == again
    # ...but not back-dated into the first one's period.
    with pytest.raises(ValidationError) as exc:
        services.agency_create(**agency_kwargs(tra_vinh, valid_from=dt.date(2019, 12, 31)))
    assert list(errors_of(exc)) == ["code"]


@pytest.mark.parametrize(("field", "value"), [
    ("name", ""),
    ("name", "   "),
    ("name", "x" * 256),
    ("short_name", ""),
    ("short_name", "S NV"),
    ("short_name", "S-NV"),
    ("short_name", "SNV/"),
    ("short_name", "S" * 21),
    ("kind", "bo"),
    ("phone", "12345"),
    ("email", "not-an-address"),
    ("address", "x" * 256),
    ("division", None),
    ("valid_from", "2017-01-01"),
    ("valid_from", None),
])
def test_agency_create_refuses_bad_fields(tra_vinh, field, value):
    with pytest.raises(ValidationError) as exc:
        services.agency_create(**agency_kwargs(tra_vinh, **{field: value}))
    assert list(errors_of(exc)) == [field]
    assert not Agency.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="organizations.agency").exists()


def test_agency_create_names_every_bad_field_at_once(tra_vinh):
    with pytest.raises(ValidationError) as exc:
        services.agency_create(**agency_kwargs(tra_vinh, code="x", name="", short_name="a b",
                                               email="@"))
    assert sorted(errors_of(exc)) == ["code", "email", "name", "short_name"]


def test_agency_division_must_be_in_force_on_valid_from(tra_vinh, vinh_long_2025):
    with pytest.raises(ValidationError) as exc:
        services.agency_create(**agency_kwargs(vinh_long_2025))
    assert errors_of(exc) == {"division": [
        "Đơn vị hành chính Tỉnh Vĩnh Long (86) không có hiệu lực vào ngày 01/01/2017."]}
    with pytest.raises(ValidationError) as exc:
        services.agency_create(**agency_kwargs(tra_vinh, valid_from=D2026))
    assert list(errors_of(exc)) == ["division"]
    # After the reorganisation a new agency belongs to the new province.
    agency = services.agency_create(**agency_kwargs(vinh_long_2025, valid_from=D2026))
    assert agency.division == vinh_long_2025


def test_agency_parent_must_be_in_operation(tra_vinh, province_committee):
    services.agency_close(actor=None, agency=province_committee, valid_to=dt.date(2018, 1, 1),
                          reason="Thử")
    with pytest.raises(ValidationError) as exc:
        services.agency_create(**agency_kwargs(tra_vinh, parent=province_committee,
                                               valid_from=dt.date(2018, 1, 1)))
    assert errors_of(exc) == {"parent": [
        "Cơ quan cấp trên Ủy ban nhân dân tỉnh Trà Vinh không hoạt động vào ngày 01/01/2018."]}
    with pytest.raises(ValidationError):
        services.agency_create(**agency_kwargs(tra_vinh, parent=province_committee,
                                               valid_from=dt.date(2016, 12, 31)))
    assert Agency.objects.count() == 1


# --- agency_update --------------------------------------------------------------------


def test_agency_update_changes_and_audits(agency_a, agency_b):
    agency = services.agency_update(actor=None, agency=agency_a, name="Sở TT và TT",
                                    email="stttt@travinh.gov.vn", parent=None)
    agency.refresh_from_db()
    assert (agency.name, agency.email, agency.parent, agency.code) == (
        "Sở TT và TT", "stttt@travinh.gov.vn", None, "000.00.31.H59")
    assert agency.search_text == "so tt va tt stttt 000.00.31.h59"
    entry = AuditEntry.objects.filter(action="organizations.agency.update").get()
    assert (entry.before["name"], entry.after["name"]) == (
        "Sở Thông tin và Truyền thông", "Sở TT và TT")


@pytest.mark.parametrize("field", ["code", "valid_from", "valid_to", "search_text", "colour"])
def test_agency_update_refuses_fields_it_does_not_change(agency_a, field):
    with pytest.raises(ValidationError) as exc:
        services.agency_update(actor=None, agency=agency_a, **{field: "x"})
    assert list(errors_of(exc)) == [field]
    agency_a.refresh_from_db()
    assert agency_a.code == "000.00.31.H59"


def test_agency_update_refuses_cycles_and_bad_values(province_committee, agency_a):
    with pytest.raises(ValidationError) as exc:
        services.agency_update(actor=None, agency=province_committee, parent=agency_a)
    assert list(errors_of(exc)) == ["parent"]
    with pytest.raises(ValidationError) as exc:
        services.agency_update(actor=None, agency=agency_a, parent=agency_a)
    assert list(errors_of(exc)) == ["parent"]
    with pytest.raises(ValidationError) as exc:
        services.agency_update(actor=None, agency=agency_a, short_name="", phone="abc")
    assert sorted(errors_of(exc)) == ["phone", "short_name"]
    agency_a.refresh_from_db()
    assert (agency_a.short_name, agency_a.parent) == ("STTTT", province_committee)


# --- agency_close ---------------------------------------------------------------------


def test_agency_close_closes_its_units_and_audits(agency_a, unit_a):
    closed_unit = services.unit_create(actor=None, agency=agency_a, name="Cũ", short_name="C",
                                       valid_from=D2017)
    services.unit_close(actor=None, unit=closed_unit, valid_to=dt.date(2018, 1, 1),
                        reason="Giải thể")
    agency = services.agency_close(actor=None, agency=agency_a, valid_to=dt.date(2025, 3, 1),
                                   reason=" Hợp nhất vào Sở Khoa học và Công nghệ ")
    assert (agency.valid_to, agency.close_reason) == (
        dt.date(2025, 3, 1), "Hợp nhất vào Sở Khoa học và Công nghệ")
    unit_a.refresh_from_db()
    closed_unit.refresh_from_db()
    assert (unit_a.valid_to, unit_a.close_reason) == (
        dt.date(2025, 3, 1), "Hợp nhất vào Sở Khoa học và Công nghệ")
    assert closed_unit.valid_to == dt.date(2018, 1, 1)
    assert list(AuditEntry.objects.filter(action__endswith=".close")
                .values_list("action", "object_id")) == [
        ("organizations.unit.close", str(closed_unit.pk)),
        ("organizations.unit.close", str(unit_a.pk)),
        ("organizations.agency.close", str(agency_a.pk)),
    ]
    assert selectors.agency_by_code("000.00.31.H59", dt.date(2025, 2, 28)) == agency_a
    assert selectors.agency_by_code("000.00.31.H59", dt.date(2025, 3, 1)) is None


@pytest.mark.parametrize(("valid_to", "reason", "fields"), [
    (dt.date(2017, 1, 1), "Lý do", ["valid_to"]),
    (dt.date(2016, 1, 1), "Lý do", ["valid_to"]),
    (dt.date(2020, 1, 1), "  ", ["reason"]),
    (None, "", ["reason", "valid_to"]),
    (dt.date(2020, 1, 1), "x" * 256, ["reason"]),
])
def test_agency_close_refuses_bad_input(agency_a, unit_a, valid_to, reason, fields):
    with pytest.raises(ValidationError) as exc:
        services.agency_close(actor=None, agency=agency_a, valid_to=valid_to, reason=reason)
    assert sorted(errors_of(exc)) == fields
    agency_a.refresh_from_db()
    unit_a.refresh_from_db()
    assert (agency_a.valid_to, unit_a.valid_to) == (None, None)


def test_agency_close_conflicts(province_committee, agency_a):
    with pytest.raises(Conflict) as exc:
        services.agency_close(actor=None, agency=province_committee,
                              valid_to=dt.date(2020, 1, 1), reason="Thử")
    assert exc.value.code == "has_open_children"
    assert "Sở Thông tin và Truyền thông" in exc.value.message

    later = services.unit_create(actor=None, agency=agency_a, name="Mới", short_name="M",
                                 valid_from=dt.date(2021, 1, 1))
    first = services.unit_create(actor=None, agency=agency_a, name="Văn phòng",
                                 short_name="VP", valid_from=D2017)
    with pytest.raises(Conflict) as exc:
        services.agency_close(actor=None, agency=agency_a, valid_to=dt.date(2020, 1, 1),
                              reason="Thử")
    assert exc.value.code == "unit_starts_later"
    # Nothing half-done: no unit was closed.
    assert set(Unit.objects.values_list("valid_to", flat=True)) == {None}

    services.unit_close(actor=None, unit=later, valid_to=dt.date(2022, 1, 1), reason="Thử")
    with pytest.raises(Conflict) as exc:
        services.agency_close(actor=None, agency=agency_a, valid_to=dt.date(2020, 1, 1),
                              reason="Thử")
    assert exc.value.code == "unit_starts_later"
    services.agency_close(actor=None, agency=agency_a, valid_to=dt.date(2023, 1, 1),
                          reason="Thử")
    with pytest.raises(Conflict) as exc:
        services.agency_close(actor=None, agency=agency_a, valid_to=dt.date(2024, 1, 1),
                              reason="Lần hai")
    assert exc.value.code == "already_closed"
    first.refresh_from_db()
    assert first.valid_to == dt.date(2023, 1, 1)


# --- units -----------------------------------------------------------------------------


def test_unit_create_update_and_tree(agency_a):
    office = services.unit_create(actor=None, agency=agency_a, name=" Văn phòng ",
                                  short_name="VP", valid_from=D2017)
    desk = services.unit_create(actor=None, agency=agency_a, name="Bộ phận một cửa",
                                short_name="BPMC", parent=office, valid_from=D2017)
    assert (office.name, desk.parent, desk.agency) == ("Văn phòng", office, agency_a)
    updated = services.unit_update(actor=None, unit=desk, name="Bộ phận Một cửa",
                                   short_name="MC", parent=None)
    assert (updated.name, updated.short_name, updated.parent) == ("Bộ phận Một cửa", "MC", None)
    assert [u.short_name for u in selectors.agency_units(agency_a)] == ["MC", "VP"]
    assert list(AuditEntry.objects.filter(action__startswith="organizations.unit.")
                .values_list("action", flat=True)) == [
        "organizations.unit.create", "organizations.unit.create", "organizations.unit.update"]


def test_unit_short_name_unique_within_agency_while_both_operate(agency_a, agency_b, unit_a):
    with pytest.raises(ValidationError) as exc:
        services.unit_create(actor=None, agency=agency_a, name="Văn phòng 2", short_name="vp",
                             valid_from=dt.date(2019, 1, 1))
    assert errors_of(exc) == {"short_name": [
        "Tên viết tắt vp đã được Văn phòng sử dụng trong cơ quan này."]}
    # Another agency may use it.
    services.unit_create(actor=None, agency=agency_b, name="Văn phòng", short_name="VP",
                         valid_from=D2017)
    # So may a later unit of the same agency, once the first has closed.
    services.unit_close(actor=None, unit=unit_a, valid_to=dt.date(2019, 1, 1), reason="Tách")
    services.unit_create(actor=None, agency=agency_a, name="Văn phòng Sở", short_name="VP",
                         valid_from=dt.date(2019, 1, 1))
    other = services.unit_create(actor=None, agency=agency_a, name="Thanh tra",
                                 short_name="TTra", valid_from=D2017)
    with pytest.raises(ValidationError) as exc:
        services.unit_update(actor=None, unit=other, short_name="VP")
    assert list(errors_of(exc)) == ["short_name"]


@pytest.mark.parametrize(("field", "value"), [
    ("name", ""),
    ("short_name", ""),
    ("short_name", "V P"),
    ("valid_from", dt.date(2016, 12, 31)),
    ("valid_from", "2017-01-01"),
])
def test_unit_create_refuses_bad_fields(agency_a, field, value):
    values = {"actor": None, "agency": agency_a, "name": "Văn phòng", "short_name": "VP",
              "valid_from": D2017, field: value}
    with pytest.raises(ValidationError) as exc:
        services.unit_create(**values)
    assert list(errors_of(exc)) == [field]
    assert not Unit.objects.exists()


def test_unit_parent_rules(agency_a, unit_a, unit_b):
    with pytest.raises(ValidationError) as exc:
        services.unit_create(actor=None, agency=agency_a, name="Tổ", short_name="T",
                             parent=unit_b, valid_from=D2017)
    assert errors_of(exc) == {"parent": ["Đơn vị cấp trên phải thuộc cùng cơ quan."]}
    child = services.unit_create(actor=None, agency=agency_a, name="Tổ", short_name="T",
                                 parent=unit_a, valid_from=D2017)
    with pytest.raises(ValidationError) as exc:
        services.unit_update(actor=None, unit=unit_a, parent=child)
    assert list(errors_of(exc)) == ["parent"]
    services.unit_close(actor=None, unit=unit_a, valid_to=dt.date(2018, 1, 1), reason="Thử")
    with pytest.raises(ValidationError) as exc:
        services.unit_create(actor=None, agency=agency_a, name="Tổ 2", short_name="T2",
                             parent=unit_a, valid_from=dt.date(2018, 1, 1))
    assert list(errors_of(exc)) == ["parent"]
    with pytest.raises(ValidationError) as exc:
        services.unit_update(actor=None, unit=unit_a, agency=unit_b.agency)
    assert list(errors_of(exc)) == ["agency"]


def test_unit_close_closes_sub_units(agency_a, unit_a):
    child = services.unit_create(actor=None, agency=agency_a, name="Tổ", short_name="T",
                                 parent=unit_a, valid_from=D2017)
    grandchild = services.unit_create(actor=None, agency=agency_a, name="Nhóm", short_name="N",
                                      parent=child, valid_from=D2017)
    unit = services.unit_close(actor=None, unit=unit_a, valid_to=dt.date(2020, 1, 1),
                               reason="Sắp xếp lại")
    assert unit.valid_to == dt.date(2020, 1, 1)
    assert set(Unit.objects.values_list("valid_to", "close_reason")) == {
        (dt.date(2020, 1, 1), "Sắp xếp lại")}
    assert [u.pk for u in selectors.agency_units(agency_a, on=dt.date(2019, 12, 31))] == [
        grandchild.pk, child.pk, unit_a.pk]
    assert list(selectors.agency_units(agency_a, on=dt.date(2020, 1, 1))) == []
    with pytest.raises(Conflict):
        services.unit_close(actor=None, unit=unit_a, valid_to=dt.date(2021, 1, 1), reason="x")


def test_no_new_units_in_a_closed_agency(agency_a):
    services.agency_close(actor=None, agency=agency_a, valid_to=dt.date(2025, 7, 1),
                          reason="Hợp nhất")
    with pytest.raises(ValidationError) as exc:
        services.unit_create(actor=None, agency=agency_a, name="Mới", short_name="M",
                             valid_from=dt.date(2020, 1, 1))
    assert list(errors_of(exc)) == ["valid_from"]


# --- selectors --------------------------------------------------------------------------


def test_agency_tree_and_search(province_committee, agency_a, agency_b):
    tree = selectors.agency_tree(D2017)
    assert [n.agency for n in tree] == [province_committee]
    assert [n.agency.code for n in tree[0].children] == ["000.00.23.H59", "000.00.31.H59"]
    assert selectors.agency_tree(dt.date(2016, 12, 31)) == []
    assert list(selectors.agencies(q="thong tin")) == [agency_a]
    assert list(selectors.agencies(q="THÔNG TIN")) == [agency_a]
    assert list(selectors.agencies(q="000.00.23")) == [agency_b]
    assert list(selectors.agencies(q="stp")) == [agency_b]
    assert list(selectors.agencies(kind=Agency.Kind.PROVINCIAL_COMMITTEE)) == [
        province_committee]
    assert list(selectors.agencies(parent=province_committee)) == [agency_b, agency_a]
    assert selectors.agencies(division=AdministrativeDivision.objects.get(code="842")).count() == 0
