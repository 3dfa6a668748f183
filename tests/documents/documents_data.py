"""Files and entries the document tests share (imported by module name: no packages)."""

from __future__ import annotations

import datetime as dt
import functools
import io

from egov.documents.files import Upload
from egov.documents.services.incoming import IncomingData


@functools.cache
def pdf_bytes(text: str = "Báo cáo tổng kết công tác năm 2017") -> bytes:
    import weasyprint

    html = f'<html><body style="font-family: DejaVu Sans"><p>{text}</p></body></html>'
    return weasyprint.HTML(string=html).write_pdf()


def docx_bytes(*paragraphs: str) -> bytes:
    import docx

    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    table = document.add_table(rows=1, cols=1)
    table.rows[0].cells[0].text = "Bảng số liệu thuê bao"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def pdf(name: str = "van-ban.pdf", text: str = "Báo cáo tổng kết công tác năm 2017") -> Upload:
    return Upload(name=name, data=pdf_bytes(text))


def entry(**changes) -> IncomingData:
    """VNCERT's letter 123/VNCERT-DPUJC, as a clerk would enter it (give ``doc_type``)."""
    values = dict(
        number_symbol="123/VNCERT-DPUJC", document_date=dt.date(2017, 4, 24),
        summary="Về các phương thức tấn công khai thác hệ thống",
        issuer_name="Trung tâm Ứng cứu khẩn cấp máy tính Việt Nam",
        signer_name="Nguyễn Khắc Lịch", signer_position="Giám đốc", pages=2,
        arrival_date=dt.date(2017, 4, 25),
    )
    values.update(changes)
    return IncomingData(**values)


def draft_data(doc_type, signer, **changes):
    """The department's 2017 report, as its drafter would start it."""
    from egov.documents.services.outgoing import DraftData, RecipientSpec

    values = dict(
        doc_type=doc_type, summary="Tổng kết công tác năm 2017 và nhiệm vụ công tác năm 2018",
        body="# Tình hình phát triển lĩnh vực thông tin và truyền thông\n"
             "Trong năm 2017, lĩnh vực thông tin truyền thông trên địa bàn tỉnh hoạt động ổn "
             "định.\n## Công tác tham mưu\nTham mưu UBND tỉnh ban hành các văn bản.",
        recipients=[RecipientSpec("Bộ TT&TT (b/c)"), RecipientSpec("VP UBND tỉnh (b/c)")],
        signer=signer,
    )
    values.update(changes)
    return DraftData(**values)


# The passphrase of the test director's signing key (conftest's certificates).
SIGNING_PASSPHRASE = "ky-so-giam-doc-2017"
