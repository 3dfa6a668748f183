"""Documents shaped like the department's real paperwork (seed report 1407/BC-STTTT-VP
and the công văn 943/STTTT-BCVT it cites)."""

import datetime as dt

from egov.printing import vietnamese as vn
from egov.printing.document import (
    Appendix,
    Heading,
    OfficialDocument,
    Paragraph,
    Signer,
    Table,
)

LONG_PARAGRAPH = (
    "Hạ tầng viễn thông phát triển rộng khắp trên địa bàn tỉnh, đa dạng hóa các dịch vụ "
    "với chất lượng ngày càng cao, tốc độ tăng trưởng đa số đều đạt và vượt chỉ tiêu, đặc "
    "biệt là dịch vụ thông tin di động và internet. Từ đó, đã góp phần tích cực vào sự phát "
    "triển kinh tế - xã hội, nâng cao chất lượng cuộc sống của người dân trong tỉnh."
)


def report(**changes) -> OfficialDocument:
    """The annual report, long enough for two pages."""
    values = {
        "parent_agency": "UBND tỉnh Trà Vinh",
        "agency": "Sở Thông tin và Truyền thông",
        "number": 1407,
        "type_name": "Báo cáo",
        "type_code": "BC",
        "issuer_code": "STTTT",
        "unit_code": "VP",
        "place": "Trà Vinh",
        "date": dt.date(2017, 11, 3),
        "title": "Tổng kết công tác năm 2017 và nhiệm vụ công tác năm 2018",
        "body": (
            Heading("Tình hình phát triển lĩnh vực thông tin và truyền thông năm 2017"),
            Paragraph(
                "Trong năm 2017, lĩnh vực thông tin truyền thông trên địa bàn tỉnh hoạt động "
                "ổn định và có sự phát triển về mọi mặt:"
            ),
            *[Paragraph(f"- {LONG_PARAGRAPH}") for _ in range(5)],
            Heading("Kết quả triển khai thực hiện nhiệm vụ năm 2017"),
            Heading("Về Bưu chính - Viễn thông", level=2),
            Paragraph(
                "Tham mưu ban hành Công văn số 943/STTTT-BCVT ngày 01/8/2017 về việc khắc "
                "phục việc chỉnh trang, làm gọn cáp trên địa bàn tỉnh."
            ),
            Table(
                columns=("STT", "Chỉ tiêu", "Đơn vị", "Năm 2017"),
                rows=(
                    ("1", "Chứng thư số đang hoạt động", "chứng thư", "470"),
                    ("2", "Hộp thư điện tử công vụ", "hộp thư", "6.195"),
                    ("3", "Người sử dụng hệ thống quản lý văn bản", "người", "7.582"),
                ),
                title="Bảng 1. Một số chỉ tiêu ứng dụng công nghệ thông tin",
                align=("center", "left", "center", "right"),
                widths=(1, 6, 2, 2),
            ),
            Heading("Về Công nghệ thông tin", level=2),
            Heading("Ứng dụng trong cơ quan nhà nước", level=3),
            *[Paragraph(LONG_PARAGRAPH) for _ in range(6)],
        ),
        "recipients": ("UBND tỉnh (b/c)", "Bộ Thông tin và Truyền thông (b/c)", "BGĐ Sở"),
        "archive": ("VT", "VP"),
        "signer": Signer(
            authority=(vn.signing_authority("KT", "Giám đốc"),),
            position="Phó Giám đốc",
            name="Nguyễn Văn Thanh",
        ),
        "appendices": (
            Appendix(
                title="Số liệu phát triển thuê bao năm 2017",
                table=Table(
                    columns=("Doanh nghiệp", "Di động", "Internet"),
                    rows=(("VNPT Trà Vinh", "120.500", "35.200"),
                          ("Viettel Trà Vinh", "410.300", "28.900")),
                    align=("left", "right", "right"),
                ),
            ),
        ),
    }
    values.update(changes)
    return OfficialDocument(**values)


def letter(**changes) -> OfficialDocument:
    """A công văn: no type, "V/v" under the number, "Kính gửi"."""
    values = {
        "parent_agency": "UBND tỉnh Trà Vinh",
        "agency": "Sở Thông tin và Truyền thông",
        "number": 943,
        "issuer_code": "STTTT",
        "unit_code": "BCVT",
        "place": "Trà Vinh",
        "date": dt.date(2017, 8, 1),
        "title": "khắc phục việc chỉnh trang, làm gọn cáp trên địa bàn tỉnh",
        "addressees": ("UBND các huyện, thị xã, thành phố", "VNPT Trà Vinh",
                       "Viettel Trà Vinh"),
        "body": (Paragraph(LONG_PARAGRAPH),),
        "recipients": ("Như trên",),
        "archive": ("VT", "BCVT"),
        "urgency": vn.Urgency.URGENT,
        "signer": Signer(position="Giám đốc", name="Trần Thị Minh"),
    }
    values.update(changes)
    return OfficialDocument(**values)
