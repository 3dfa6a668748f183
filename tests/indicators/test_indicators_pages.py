"""The leaders' dashboard at /chi-so/: filters, figures against the previous period,
charts, a link from every figure to its records; the records page; the downloads."""

import csv
import io
import re

import pytest
from openpyxl import load_workbook

Y2017 = "from=2017-01-01&to=2017-12-31"


def page(web_as, user, url):
    return web_as(user).get(url)


def test_dashboard_with_filters(web_as):
    response = page(web_as, "p_leader", f"/chi-so/?{Y2017}&agency=&chart=users.officials")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Toàn tỉnh" in html
    assert "01/01/2017 – 31/12/2017, so với 01/01/2016 – 31/12/2016." in html
    # Each figure links to its records for the same period and agency.
    assert re.search(r'<a href="/chi-so/agencies.total/\?from=2017-01-01&amp;to=2017-12-31" '
                     r'data-code="agencies.total">5</a>', html)
    assert '<a href="/chi-so/agencies.total/?from=2016-01-01&amp;to=2016-12-31">6</a>' in html
    assert '<td class="num change-down">−1 (−16,7 %)</td>' in html
    assert '<td class="num change-up">+1 (+16,7 %)</td>' in html  # officials 7 against 6
    assert ">25,00 %</a>" in html and "±0,00 điểm phần trăm" in html
    # The charts are inline SVG, each bar a link to the records of its month or agency.
    assert html.count("<svg") == 2 and "cdn" not in html.lower()
    assert ('<a href="/chi-so/users.officials/?from=2017-03-01&amp;to=2017-03-31" '
            'aria-label="01/03/2017 – 31/03/2017: 7">') in html
    assert ('href="/chi-so/users.officials/?from=2017-01-01&amp;to=2017-12-31&amp;'
            'agency=000.00.31.H59"') in html
    assert 'href="/chi-so/xuat/summary.xlsx?from=2017-01-01&amp;to=2017-12-31&amp;' \
           'chart=users.officials"' in html


def test_an_agency_leader_sees_their_agency(web_as, data):
    response = page(web_as, "d_director", f"/chi-so/?{Y2017}")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ủy ban nhân dân huyện Càng Long và các cơ quan trực thuộc" in html
    assert ('<a href="/chi-so/agencies.total/?from=2017-01-01&amp;to=2017-12-31&amp;'
            'agency=000.00.02.H59" data-code="agencies.total">2</a>') in html
    # They may pick their district or its communes, not the whole province.
    options = re.findall(r'<option value="([^"]*)"', html.split('name="agency"')[1]
                         .split("</select>")[0])
    assert options == ["000.00.02.H59", "000.02.02.H59"]


def test_the_form_reports_bad_input(web_as):
    response = page(web_as, "p_leader", "/chi-so/?from=2017-12-31&to=2017-01-01")
    assert response.status_code == 400
    assert "Kỳ báo cáo kết thúc (01/01/2017) trước khi bắt đầu (31/12/2017)." in \
        response.content.decode()
    response = page(web_as, "p_leader", "/chi-so/?from=2017-01-01&to=2017-12-31&chart=x.y")
    assert response.status_code == 400


@pytest.mark.parametrize("user, url, status", [
    (None, f"/chi-so/?{Y2017}", 302),
    ("citizen", f"/chi-so/?{Y2017}", 403),
    ("s_specialist", f"/chi-so/?{Y2017}", 403),
    ("s_clerk", f"/chi-so/agencies.total/?{Y2017}", 403),
    ("s_director", f"/chi-so/agencies.total/?{Y2017}&agency=STP", 403),
    ("s_director", f"/chi-so/xuat/summary.csv?{Y2017}&agency=STP", 403),
    ("s_director", f"/chi-so/agencies.total/?{Y2017}&agency=STTTT", 200),
    ("p_leader", f"/chi-so/agencies.total/?{Y2017}&agency=STP", 200),
    ("p_leader", f"/chi-so/agencies.nope/?{Y2017}", 404),
    ("p_leader", f"/chi-so/xuat/summary.pdf?{Y2017}", 404),
    ("p_leader", "/chi-so/agencies.total/?from=2017-01-01&to=2016-01-01", 400),
])
def test_who_sees_what(web_as, user, url, status):
    assert page(web_as, user, url).status_code == status


def test_records_behind_a_figure(web_as, data):
    response = page(web_as, "p_leader", f"/chi-so/certificates.active/?{Y2017}")
    html = response.content.decode()
    assert "01/01/2017 – 31/12/2017: <strong>4</strong>" in html
    assert "4 bản ghi" in html
    assert html.count('href="/signatures/') == 4
    response = page(web_as, "p_leader", f"/chi-so/agencies.total/?{Y2017}&agency=000.00.02.H59"
                                        "&alone=1")
    html = response.content.decode()
    assert "1 bản ghi" in html
    assert re.search(r"Ủy ban nhân dân huyện Càng Long,\s+01/01/2017 – 31/12/2017: "
                     r"<strong>1</strong>", html)
    assert ('<a href="/chi-so/?from=2017-01-01&amp;to=2017-12-31&amp;agency=000.00.02.H59">'
            "Quay lại trang chỉ số</a>") in html
    assert f'href="/organizations/agencies/{data.agencies["D"].pk}/"' in html


def test_records_download(web_as):
    response = page(web_as, "p_leader", f"/chi-so/users.officials.opened/?{Y2017}&format=csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == \
        'attachment; filename="users.officials.opened-20170101-20171231.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Họ và tên", "Tên đăng nhập", "Loại", "Cơ quan", "Ngày mở"]
    assert [r[1] for r in rows[1:]] == ["d.specialist", "s.clerk"]


def test_summary_downloads(web_as):
    response = page(web_as, "s_director", f"/chi-so/xuat/summary.csv?{Y2017}"
                                          "&agency=STTTT")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Mã", "Chỉ số", "Đơn vị tính", "01/01/2017 – 31/12/2017",
                       "01/01/2016 – 31/12/2016", "Thay đổi", "Thay đổi (%)"]
    assert ["agencies.total", "Cơ quan, đơn vị đang hoạt động", "số lượng", "1", "2", "-1",
            "-50.0"] in rows
    response = page(web_as, "p_leader", f"/chi-so/xuat/months.xlsx?{Y2017}"
                                        "&chart=certificates.issued")
    assert response["Content-Type"] == \
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][0] == "certificates.issued theo tháng"
    assert values[1] == ["Tháng", "Từ ngày", "Đến ngày", "Chứng thư số cấp mới"]
    assert [row[3] for row in values[2:]] == [0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0]
    response = page(web_as, "p_leader", f"/chi-so/xuat/agencies.csv?{Y2017}"
                                        "&chart=users.officials")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1] == ["000.00.31.H59", "Sở Thông tin và Truyền thông", "có", "3"]
