"""Server-drawn SVG charts: one bar per figure, a link and a tooltip on each, labels
escaped, whole-number scales for counts."""

import re

from egov.indicators import charts


def test_columns():
    svg = charts.columns([charts.Bar("01/17", 5, "/chi-so/x/?a=1&b=2", "Tháng 1"),
                          charts.Bar("02/17", 0), charts.Bar("<b>", None)],
                         title="Chứng thư số <mới>")
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 720 260"')
    assert 'aria-label="Chứng thư số &lt;mới&gt;"' in svg
    assert svg.count("<rect") == 3
    assert '<a href="/chi-so/x/?a=1&amp;b=2" aria-label="Tháng 1: 5">' in svg
    assert "&lt;b&gt;" in svg and "<b>" not in svg
    # Five grid lines from 0 to 8 in steps of 2: no fractions of a certificate.
    assert re.findall(r'fill="#222">([^<]+)</text>', svg)[:5] == ["0", "2", "4", "6", "8"]


def test_rows_for_shares():
    svg = charts.rows([charts.Bar("Sở Thông tin và Truyền thông", 13.41, "/r/"),
                       charts.Bar("Ủy ban nhân dân huyện Càng Long và các xã trực thuộc", 0)],
                      title="Tỷ lệ", percent=True)
    assert 'viewBox="0 0 720 60"' in svg
    assert ">13,41 %</text>" in svg and ">0,00 %</text>" in svg
    assert "Ủy ban nhân dân huyện Càng Long và các …" in svg
    assert '<a href="/r/" aria-label="Sở Thông tin và Truyền thông: 13,41 %">' in svg


def test_nice_scales():
    assert [charts._nice_max(v, True) for v in (0, 1, 5, 13, 195, 470, 7582)] == [
        4, 4, 8, 20, 200, 800, 8000]
    assert [charts._nice_max(v, False) for v in (0.74, 13.41, 100.0)] == [0.8, 20, 100]
