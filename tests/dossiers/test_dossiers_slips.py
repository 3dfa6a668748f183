"""The one-stop slips as PDFs: what each says, who may have it, and when it exists."""

from __future__ import annotations

import datetime as dt
import subprocess

import pytest
import time_machine
from dossier_factories import at, at_specialist, received, submitted

from egov.dossiers import services, slips


def text_of(pdf: bytes) -> str:
    """The PDF's text as poppler reads it, on one line."""
    out = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True,
                         check=True).stdout.decode()
    return " ".join(out.split())


def test_the_receipt_says_code_papers_times_and_the_appointment(people, procedure):
    with time_machine.travel(at("2018-02-09 14:05"), tick=False):
        dossier = received(people, procedure)
    pdf = slips.render_slip(dossier, "receipt")
    assert pdf.startswith(b"%PDF-")
    text = text_of(pdf)
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in text
    assert f"Mã hồ sơ: {dossier.code}" in text
    assert "SỞ THÔNG TIN VÀ TRUYỀN THÔNG" in text
    assert "Trà Vinh, ngày 09 tháng 02 năm 2018" in text
    assert "Nguyễn Văn An" in text and "Bản thảo tài liệu" in text
    assert "14 giờ 05 phút, ngày 09 tháng 02 năm 2018" in text
    # 10 working days from Friday 09/02/2018 across Tết Mậu Tuất.
    assert dossier.due_date == dt.date(2018, 3, 2)
    assert "trả kết quả giải quyết hồ sơ: ngày 02 tháng 3 năm 2018" in text
    assert "Võ Thanh Tâm" in text


def test_supplement_refusal_and_apology(people, procedure):
    dossier = services.dossier_request_supplement(
        actor=people["desk"], dossier=submitted(people["citizen"], procedure),
        missing=["Bản thảo tài liệu có đóng dấu giáp lai", "Đơn đề nghị có chữ ký"])
    text = text_of(slips.render_slip(dossier, "supplement"))
    assert "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ" in text
    assert "1. Bản thảo tài liệu có đóng dấu giáp lai" in text
    assert "2. Đơn đề nghị có chữ ký" in text

    refused = services.dossier_refuse(actor=people["desk"],
                                      dossier=submitted(people["citizen"], procedure),
                                      reason="Tài liệu thuộc thẩm quyền của Bộ.")
    text = text_of(slips.render_slip(refused, "refusal"))
    assert "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ" in text
    assert "Tài liệu thuộc thẩm quyền của Bộ." in text

    with time_machine.travel(at("2017-11-01 09:00"), tick=False):
        late = at_specialist(people, procedure)
        late = services.dossier_apologise(actor=people["specialist"], dossier=late,
                                          reason="Cần xin ý kiến Cục Xuất bản.",
                                          new_due_date=dt.date(2017, 11, 22))
    text = text_of(slips.render_slip(late, "apology"))
    assert "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ" in text
    assert "Kính gửi: Nguyễn Văn An" in text
    assert "ngày 15 tháng 11 năm 2017" in text and "ngày 22 tháng 11 năm 2017" in text
    assert "Cần xin ý kiến Cục Xuất bản." in text


def test_the_control_sheet_rows(people, procedure):
    with time_machine.travel(at("2017-11-01 09:00"), tick=False):
        dossier = at_specialist(people, procedure)
    with time_machine.travel(at("2017-11-16 10:30"), tick=False):
        dossier = services.dossier_forward(actor=people["specialist"], dossier=dossier,
                                           to_user=people["head"])
    rows = slips.slip_context(dossier, "control")["rows"]
    assert [(r["giver"], r["receiver"], r["ended"], r["result"]) for r in rows] == [
        ("Võ Thanh Tâm", "Võ Thanh Tâm", "", ""),
        ("Võ Thanh Tâm", "Huỳnh Minh Khoa", "Tiếp nhận hồ sơ", "Trước hạn"),
        ("Huỳnh Minh Khoa", "Phạm Thị Thu Hà", "Thẩm định hồ sơ", "Quá hạn"),
    ]
    text = text_of(slips.render_slip(dossier, "control"))
    assert "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ" in text
    assert "10 giờ 30 phút" in text


def test_slips_exist_only_once_issued(people, procedure):
    dossier = submitted(people["citizen"], procedure)
    assert slips.available(dossier) == []
    for kind in ("receipt", "control", "apology", "nonsense"):
        with pytest.raises(LookupError):
            slips.render_slip(dossier, kind)
    dossier = services.dossier_accept(actor=people["desk"], dossier=dossier,
                                      papers_received=[1, 2])
    assert slips.available(dossier) == ["receipt", "control"]


@pytest.mark.parametrize("who, status", [("citizen", 200), ("desk", 200), ("director", 200),
                                         ("citizen2", 404), ("b_desk", 404)])
def test_who_may_download(web_as, api_as, people, procedure, who, status):
    dossier = received(people, procedure)
    page = web_as(who).get(f"/ho-so/{dossier.pk}/phieu/receipt/")
    assert page.status_code == status
    if status == 200:
        assert page["Content-Type"] == "application/pdf"
    api = api_as(who).get(f"/api/v1/dossiers/{dossier.pk}/slips/receipt/")
    assert api.status_code == status
    assert web_as("desk").get(f"/ho-so/{dossier.pk}/phieu/refusal/").status_code == 404
