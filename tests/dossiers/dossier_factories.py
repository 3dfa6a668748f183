"""Data and walks through the real services, shared by the dossier tests."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from zoneinfo import ZoneInfo

from egov.dossiers import services

PASSWORD = "Hồ-sơ-một-cửa-2017"
VN = ZoneInfo("Asia/Ho_Chi_Minh")
ANSWERS = {"applicant_name": "Nguyễn Văn An", "title": "Kỷ yếu 20 năm thành lập trường",
           "copies": "500"}
APPLICANT = {"name": "Lê Thị Hồng", "phone": "0939123456", "id_number": "084180000123",
             "address": "Ấp Long Bình, xã Long Đức, TP. Trà Vinh", "email": ""}


def at(text: str) -> dt.datetime:
    """``"2018-02-09 10:00"`` in Vietnam's time."""
    return dt.datetime.fromisoformat(text).replace(tzinfo=VN)


def procedure_record(**overrides):
    data = {
        "valid_from": "2016-01-01",
        "name": "Cấp giấy phép xuất bản tài liệu không kinh doanh",
        "old_level": 3, "online_level": "mot_phan", "time_limit_days": 10,
        "fee": 0, "charge": 0,
        "result_name": "Giấy phép xuất bản tài liệu không kinh doanh",
        "form": [
            {"name": "applicant_name", "label": "Họ và tên", "type": "text", "required": True},
            {"name": "title", "label": "Tên tài liệu", "type": "text", "required": True},
            {"name": "copies", "label": "Số lượng in", "type": "number", "required": True,
             "min": 1},
        ],
        "papers": [{"name": "Đơn đề nghị cấp giấy phép", "originals": 1, "copies": 0},
                   {"name": "Bản thảo tài liệu", "originals": 2, "copies": 0}],
        "steps": [
            {"name": "Tiếp nhận hồ sơ", "role": "desk_officer", "unit": "VP", "days": "0.5"},
            {"name": "Thẩm định hồ sơ", "role": "specialist", "unit": "TTBCXB", "days": "8"},
            {"name": "Xem xét, trình ký", "role": "head_of_unit", "unit": "TTBCXB",
             "days": "1"},
            {"name": "Phê duyệt, ký kết quả", "role": "director", "days": "0.5"},
        ],
    }
    data.update(overrides)
    return data


def pdf_bytes() -> bytes:
    return (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages"
            b"/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")


def png_bytes() -> bytes:
    return b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def office_bytes(main: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml",
                         f'<?xml version="1.0"?><Types><Override PartName="/x" '
                         f'ContentType="{main}"/></Types>')
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def submitted(citizen, procedure, **kwargs):
    """An online dossier, submitted."""
    dossier = services.dossier_create_draft(actor=citizen, procedure=procedure,
                                            answers=kwargs.pop("answers", ANSWERS), **kwargs)
    return services.dossier_submit(actor=citizen, dossier=dossier)


def received(people, procedure, applicant="citizen"):
    """An online dossier accepted by the desk, papers all ticked."""
    dossier = submitted(people[applicant], procedure)
    return services.dossier_accept(actor=people["desk"], dossier=dossier,
                                   papers_received=[p["position"] for p in dossier.papers])


def at_specialist(people, procedure):
    dossier = received(people, procedure)
    return services.dossier_forward(actor=people["desk"], dossier=dossier,
                                    to_user=people["specialist"])


def at_director(people, procedure):
    dossier = at_specialist(people, procedure)
    dossier = services.dossier_forward(actor=people["specialist"], dossier=dossier,
                                       to_user=people["head"])
    return services.dossier_forward(actor=people["head"], dossier=dossier,
                                    to_user=people["director"])


def result_ready(people, procedure):
    return services.dossier_approve(actor=people["director"],
                                    dossier=at_director(people, procedure))


def returned(people, procedure):
    return services.dossier_return(actor=people["desk"], dossier=result_ready(people, procedure),
                                   method="desk", recipient_name="Nguyễn Văn An")
