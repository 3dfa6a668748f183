"""``egov indicators``: JSON keyed by code, CSV, a table, the list of codes; bad input
exits with code 2 and says what was wrong."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError


def run(*args):
    out = StringIO()
    call_command("indicators", *args, stdout=out)
    return out.getvalue()


def test_json_keys_are_the_codes(data):
    out = run("--from", "2017-01-01", "--to", "2017-12-31", "--format", "json", "--only",
              "agencies.total,users.officials,certificates.active,d766.procedures.online_rate")
    assert json.loads(out) == {"agencies.total": 5, "users.officials": 7,
                               "certificates.active": 4, "d766.procedures.online_rate": 75.0}


def test_json_for_one_agency(data):
    out = run("--from", "2016-01-01", "--to", "2016-12-31", "--agency", "STTTT", "--format",
              "json", "--only", "agencies.total,users.officials")
    assert json.loads(out) == {"agencies.total": 2, "users.officials": 3}
    out = run("--from", "2017-01-01", "--to", "2017-12-31", "--agency", "000.00.02.H59",
              "--format", "json", "--only", "agencies.total")
    assert json.loads(out) == {"agencies.total": 2}


def test_every_indicator_by_default(data):
    from egov.indicators import registry

    out = json.loads(run("--from", "2017-01-01", "--to", "2017-12-31", "--format", "json"))
    assert list(out) == [i.code for i in registry.all_indicators()]


def test_csv(data):
    out = run("--from", "2017-01-01", "--to", "2017-12-31", "--format", "csv", "--only",
              "certificates.issued,d766.procedures.full_online_rate")
    assert out == (
        "Mã,Chỉ số,Đơn vị tính,Giá trị\n"
        "certificates.issued,Chứng thư số cấp mới,số lượng,2\n"
        "d766.procedures.full_online_rate,Tỷ lệ thủ tục cung cấp trực tuyến toàn trình,"
        "phần trăm,25.0\n")


def test_table(data):
    out = run("--from", "2017-01-01", "--to", "2017-12-31", "--agency", "STTTT", "--only",
              "users.officials,d766.procedures.full_online_rate")
    assert out.splitlines() == [
        "01/01/2017 – 31/12/2017  Sở Thông tin và Truyền thông",
        f"{'users.officials':32}  {'3':>12}  Tài khoản cán bộ",
        f"{'d766.procedures.full_online_rate':32}  {'50,00 %':>12}  Tỷ lệ thủ tục cung cấp "
        "trực tuyến toàn trình",
    ]


def test_list(db):
    lines = run("--list").splitlines()
    assert lines[0].split("\t")[:4] == ["agencies.total", "count", "stock", "period,agency"]
    assert any(line.startswith("certificates.revoked\tcount\tflow\t") for line in lines)


@pytest.mark.parametrize("args, message", [
    (["--from", "2017-12-31", "--to", "2017-01-01"],
     "--to: Kỳ báo cáo kết thúc (01/01/2017) trước khi bắt đầu (31/12/2017)."),
    (["--from", "2017-01-01", "--to", "2017-12-31", "--agency", "KHONGCO"],
     "--agency: Không có cơ quan nào có mã định danh hoặc tên viết tắt “KHONGCO” hoạt động "
     "vào ngày 31/12/2017."),
    (["--from", "2017-01-01", "--to", "2017-12-31", "--agency", "UBND"],
     "--agency: Nhiều cơ quan có tên viết tắt UBND; hãy ghi mã định danh điện tử "
     "(ví dụ 000.00.31.H59)."),
    (["--from", "2017-01-01", "--to", "2017-12-31", "--only", "agencies.total,agencies.x"],
     "--only: Mã chỉ số không tồn tại: agencies.x."),
    (["--to", "2017-12-31"], "--from: Hãy ghi ngày theo dạng YYYY-MM-DD."),
    (["--from", "2017-1-1", "--to", "2017-12-31"],
     "--from: “2017-1-1” không phải là ngày theo dạng YYYY-MM-DD."),
])
def test_bad_input_exits_with_2(data, args, message):
    with pytest.raises(CommandError) as exc:
        run(*args, "--format", "json")
    assert (exc.value.returncode, str(exc.value)) == (2, message)
