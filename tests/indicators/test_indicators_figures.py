"""Every indicator's figure on the small province of ``indicators_data``, for the years
before, during and after its changes, for the whole province and for one agency; and the
records behind each count are exactly the ones it counts."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from egov.indicators import registry, selectors
from egov.indicators.base import Period, Query, Unit

Y2016, Y2017, Y2018 = Period.year(2016), Period.year(2017), Period.year(2018)

# code: (2016, 2017, 2018) for the whole province.
PROVINCE = {
    "agencies.total": (6, 5, 6),
    "agencies.departments": (2, 2, 3),
    "agencies.district_committees": (1, 1, 1),
    "agencies.commune_committees": (1, 1, 1),
    "users.total": (6, 8, 10),
    "users.officials": (6, 7, 8),
    "users.citizens": (0, 1, 1),
    "users.businesses": (0, 0, 1),
    "users.officials.opened": (6, 2, 0),
    "procedures.total": (4, 4, 5),
    "procedures.level34": (3, 3, 4),
    "procedures.level1": (0, 0, 0),
    "procedures.level2": (1, 1, 1),
    "procedures.level3": (2, 2, 2),
    "procedures.level4": (1, 1, 2),
    "procedures.online.full": (1, 1, 2),
    "procedures.online.partial": (2, 2, 2),
    "d766.procedures.full_online_rate": (25.0, 25.0, 40.0),
    "d766.procedures.online_rate": (75.0, 75.0, 80.0),
    "certificates.active": (3, 4, 3),
    "certificates.active.organisation": (3, 3, 2),
    "certificates.active.individual": (0, 1, 1),
    "certificates.issued": (3, 2, 0),
    "certificates.issued.organisation": (3, 1, 0),
    "certificates.issued.individual": (0, 1, 0),
    "certificates.revoked": (0, 1, 1),
    "certificates.revoked.organisation": (0, 1, 1),
    "certificates.revoked.individual": (0, 0, 0),
}

# The department S with the agencies under it (X until mid-2017): 2016, 2017.
DEPARTMENT_S = {
    "agencies.total": (2, 1),
    "agencies.departments": (1, 1),
    "users.total": (3, 3),
    "users.officials": (3, 3),
    "users.citizens": (0, 0),
    "users.officials.opened": (3, 1),
    "procedures.level34": (2, 2),
    "procedures.online.full": (1, 1),
    "d766.procedures.full_online_rate": (50.0, 50.0),
    "certificates.active": (1, 2),
    "certificates.issued": (1, 1),
    "certificates.revoked": (0, 0),
}


def test_every_indicator_of_the_core_catalogue_has_a_figure_here():
    from egov.indicators.catalogue import accounts, organizations, procedures, signatures

    core = [*organizations.INDICATORS, *accounts.INDICATORS, *procedures.INDICATORS,
            *signatures.INDICATORS]
    assert [i.code for i in core] == list(PROVINCE)


@pytest.mark.parametrize("year, column", [(Y2016, 0), (Y2017, 1), (Y2018, 2)])
def test_figures_for_the_province(data, year, column):
    values = selectors.figures(registry.resolve(list(PROVINCE)), year)
    assert values == {code: expected[column] for code, expected in PROVINCE.items()}


@pytest.mark.parametrize("year, column", [(Y2016, 0), (Y2017, 1)])
def test_figures_for_one_agency_with_the_agencies_under_it(data, year, column):
    values = selectors.figures(registry.resolve(list(DEPARTMENT_S)), year,
                               data.agencies["S"])
    assert values == {code: expected[column] for code, expected in DEPARTMENT_S.items()}


def test_a_district_counts_its_communes(data):
    values = selectors.figures(registry.resolve(["agencies.total", "users.officials",
                                                 "certificates.active"]), Y2017,
                               data.agencies["D"])
    assert values == {"agencies.total": 2, "users.officials": 2, "certificates.active": 1}


def test_stocks_are_read_at_the_end_of_the_period(data):
    # X closed on 1 July 2017 and the specialist's account on 1 September.
    half = Period(dt.date(2017, 1, 1), dt.date(2017, 6, 30))
    values = selectors.figures(registry.resolve(["agencies.total", "users.officials"]), half)
    assert values == {"agencies.total": 6, "users.officials": 8}
    august = Period(dt.date(2017, 8, 1), dt.date(2017, 8, 31))
    values = selectors.figures(registry.resolve(["agencies.total", "users.officials"]), august)
    assert values == {"agencies.total": 5, "users.officials": 8}


def test_an_account_closed_and_reopened_counts_by_its_history(data):
    query = registry.get("users.officials")
    days = {"2017-08-31": 8, "2017-09-01": 7, "2018-01-31": 7, "2018-02-01": 8}
    for day, expected in days.items():
        on = dt.date.fromisoformat(day)
        assert query.value(Query(Period(on, on))) == expected, day


def test_counts_and_their_records_agree(data):
    """The drill-down lists exactly the records a count counts."""
    checked, counts = 0, 0
    for indicator in registry.all_indicators():
        if indicator.records is None or indicator.unit != Unit.COUNT:
            continue
        counts += 1
        for period in (Y2016, Y2017, Y2018):
            for agency in (None, data.agencies["S"], data.agencies["D"]):
                query = Query(period, selectors.scope_ids(agency, period))
                assert indicator.records(query).queryset.count() == indicator.value(query), (
                    indicator.code, period, agency)
                checked += 1
    assert checked == counts * 9 and counts >= 26


def test_shares_list_the_records_of_their_numerator(data):
    indicator = registry.get("d766.procedures.full_online_rate")
    records = indicator.records(Query(Y2018))
    assert sorted(v.procedure.code for v in records.queryset) == ["B", "DP"]
    assert records.link(records.queryset.first()) == "/thu-tuc/B/"


def test_records_show_columns_and_link_to_each_record(data):
    records = registry.get("certificates.revoked").records(Query(Y2017))
    rows = [[str(c.value(obj)) for c in records.columns[:3]] for obj in records.queryset]
    assert rows == [["Sở Tư pháp", "Sở Tư pháp", "Cơ quan, tổ chức (con dấu)"]]
    certificate = records.queryset.get()
    assert records.link(certificate) == f"/signatures/{certificate.uid}/"
    agencies = registry.get("agencies.total").records(Query(Y2017, [data.agencies["D"].pk]))
    assert [a.code for a in agencies.queryset] == ["000.00.02.H59"]
    district = data.agencies["D"].pk
    assert agencies.link(agencies.queryset.get()) == f"/organizations/agencies/{district}/"


def test_a_share_of_nothing_is_none(data):
    values = selectors.figures(registry.resolve(["d766.procedures.online_rate"]), Y2017,
                               data.agencies["C"])
    assert values == {"d766.procedures.online_rate": None}


def test_against_the_previous_period(data):
    rows = selectors.compare(registry.resolve(["certificates.active", "users.officials.opened",
                                               "d766.procedures.full_online_rate"]), Y2018)
    assert [(r.value, r.previous, r.change, r.change_percent) for r in rows] == [
        (3, 4, -1, -25.0), (0, 2, -2, -100.0), (40.0, 25.0, 15.0, None)]


def test_month_by_month(data):
    series = selectors.by_month(registry.get("certificates.issued"), Y2017)
    assert [(m.start.month, v) for m, v in series] == [
        (1, 0), (2, 1), (3, 0), (4, 0), (5, 0), (6, 1), (7, 0), (8, 0), (9, 0), (10, 0),
        (11, 0), (12, 0)]
    stock = selectors.by_month(registry.get("certificates.active"),
                               Period(dt.date(2017, 5, 15), dt.date(2017, 7, 10)))
    assert [(m.start, m.end, v) for m, v in stock] == [
        (dt.date(2017, 5, 15), dt.date(2017, 5, 31), 4),
        (dt.date(2017, 6, 1), dt.date(2017, 6, 30), 4),
        (dt.date(2017, 7, 1), dt.date(2017, 7, 10), 4)]


def test_agency_by_agency_adds_up_to_the_whole(data):
    parts = selectors.by_agency(registry.get("users.officials"), Y2017)
    assert [(a.code, whole, v) for a, whole, v in parts] == [
        ("000.00.31.H59", True, 3), ("000.00.02.H59", True, 2),
        ("000.00.00.H59", False, 1), ("000.00.23.H59", True, 1)]
    assert sum(v for _a, _w, v in parts) == 7
    district = selectors.by_agency(registry.get("users.officials"), Y2017, data.agencies["D"])
    assert [(a.code, whole, v) for a, whole, v in district] == [
        ("000.00.02.H59", False, 2), ("000.02.02.H59", True, 0)]


def test_agency_lookup(data):
    on = dt.date(2017, 12, 31)
    assert selectors.agency_lookup("000.00.31.h59", on) == data.agencies["S"]
    assert selectors.agency_lookup(" stttt ", on) == data.agencies["S"]
    with pytest.raises(ValidationError) as exc:
        selectors.agency_lookup("UBND", on)
    assert exc.value.message_dict == {"agency": [
        "Nhiều cơ quan có tên viết tắt UBND; hãy ghi mã định danh điện tử "
        "(ví dụ 000.00.31.H59)."]}
    with pytest.raises(ValidationError) as exc:
        selectors.agency_lookup("SMOI", on)
    assert exc.value.message_dict == {"agency": [
        "Không có cơ quan nào có mã định danh hoặc tên viết tắt “SMOI” hoạt động vào ngày "
        "31/12/2017."]}
    assert selectors.agency_lookup("SMOI", dt.date(2018, 1, 1)) == data.agencies["N"]


def test_select_names_everything_wrong_at_once(data):
    with pytest.raises(ValidationError) as exc:
        selectors.select(start="2017-13-01", end="2017-12-31", agency="STTTT",
                         only="agencies.total,nope,also.nope")
    assert exc.value.message_dict == {
        "from": ["“2017-13-01” không phải là ngày theo dạng YYYY-MM-DD."],
        "only": ["Mã chỉ số không tồn tại: nope, also.nope."],
    }
    with pytest.raises(ValidationError) as exc:
        selectors.select(start="2017-12-31", end="2017-01-01", agency="KHONGCO")
    assert exc.value.message_dict == {
        "to": ["Kỳ báo cáo kết thúc (01/01/2017) trước khi bắt đầu (31/12/2017)."]}
    selection = selectors.select(start="2017-01-01", end="2017-12-31", agency="STTTT",
                                 only=["certificates.active", "agencies.total"])
    assert (selection.period, selection.agency, [i.code for i in selection.indicators]) == (
        Y2017, data.agencies["S"], ["certificates.active", "agencies.total"])
