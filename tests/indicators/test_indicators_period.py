"""Periods: reading them, the previous period of the same length, months, bounds."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from egov.indicators import registry
from egov.indicators.base import Period, percent

D = dt.date


def test_parse():
    assert Period.parse("2017-01-01", " 2017-12-31 ") == Period(D(2017, 1, 1), D(2017, 12, 31))
    assert Period.parse(D(2017, 3, 1), D(2017, 3, 1)).days == 1


@pytest.mark.parametrize("start, end, errors", [
    (None, "2017-12-31", {"from": ["Hãy ghi ngày theo dạng YYYY-MM-DD."]}),
    ("2017-02-30", "", {"from": ["“2017-02-30” không phải là ngày theo dạng YYYY-MM-DD."],
                        "to": ["Hãy ghi ngày theo dạng YYYY-MM-DD."]}),
    ("01/01/2017", "2017-12-31",
     {"from": ["“01/01/2017” không phải là ngày theo dạng YYYY-MM-DD."]}),
    ("2017-12-31", "2017-01-01",
     {"to": ["Kỳ báo cáo kết thúc (01/01/2017) trước khi bắt đầu (31/12/2017)."]}),
])
def test_bad_periods(start, end, errors):
    with pytest.raises(ValidationError) as exc:
        Period.parse(start, end)
    assert exc.value.message_dict == errors


@pytest.mark.parametrize("period, previous", [
    (Period.year(2017), Period(D(2016, 1, 1), D(2016, 12, 31))),
    # Whole months are compared with as many months, whatever their length.
    (Period(D(2017, 3, 1), D(2017, 3, 31)), Period(D(2017, 2, 1), D(2017, 2, 28))),
    (Period(D(2017, 1, 1), D(2017, 3, 31)), Period(D(2016, 10, 1), D(2016, 12, 31))),
    (Period(D(2016, 3, 1), D(2016, 4, 30)), Period(D(2016, 1, 1), D(2016, 2, 29))),
    # Anything else: as many days just before.
    (Period(D(2017, 1, 10), D(2017, 1, 19)), Period(D(2016, 12, 31), D(2017, 1, 9))),
    (Period(D(2017, 3, 15), D(2017, 3, 15)), Period(D(2017, 3, 14), D(2017, 3, 14))),
])
def test_previous(period, previous):
    assert period.previous() == previous


def test_months_are_cut_to_the_period():
    months = Period(D(2016, 12, 20), D(2017, 2, 10)).months()
    assert [(m.start, m.end) for m in months] == [
        (D(2016, 12, 20), D(2016, 12, 31)), (D(2017, 1, 1), D(2017, 1, 31)),
        (D(2017, 2, 1), D(2017, 2, 10))]
    assert len(Period.year(2017).months()) == 12


def test_bounds_are_local_days():
    period = Period.year(2017)
    assert timezone.localtime(period.start_at).isoformat() == "2017-01-01T00:00:00+07:00"
    assert timezone.localtime(period.end_at).isoformat() == "2018-01-01T00:00:00+07:00"
    assert str(period) == "01/01/2017 – 31/12/2017"


def test_percent():
    assert (percent(112, 15068), percent(0, 5), percent(3, 0), percent(None, 3)) == (
        0.74, 0.0, None, None)


def test_codes_are_unique_and_resolved_in_the_order_asked():
    codes = [i.code for i in registry.all_indicators()]
    assert len(codes) == len(set(codes))
    assert [i.code for i in registry.resolve(["certificates.active", " agencies.total",
                                              "certificates.active"])] == [
        "certificates.active", "agencies.total"]
    assert registry.resolve(None) == registry.all_indicators() == registry.resolve([""])
    with pytest.raises(ValidationError) as exc:
        registry.resolve(["agencies.total", "agencies.nope"])
    assert exc.value.message_dict == {"only": ["Mã chỉ số không tồn tại: agencies.nope."]}


def test_every_definition_is_complete():
    for indicator in registry.all_indicators():
        assert indicator.code == indicator.code.strip().lower()
        assert str(indicator.name) and str(indicator.description) and str(indicator.group)
        assert indicator.unit in ("count", "percent", "vnd")
        assert indicator.measure in ("stock", "flow", "rate")
        assert indicator.dimensions[:2] == ("period", "agency") or \
            indicator.dimensions[0] == "period"


def test_every_code_is_listed_in_the_docs():
    from pathlib import Path

    docs = (Path(__file__).resolve().parents[2] / "docs" / "indicators.md").read_text()
    missing = [i.code for i in registry.all_indicators() if f"| `{i.code}` |" not in docs]
    assert missing == []
