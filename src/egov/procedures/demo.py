"""The demo catalogue: the Department of Information and Communications' own procedures
and enough procedures across the province for the report's 238 services at level 3-4.

The STTTT procedures with a national code in ``STTTT`` below are real (codes and rules
from ../shared/domain); every other
procedure is plausible demo content, named after the kinds of procedures each
department handles, with codes in a ``DEMO.`` range so they can never be mistaken for
national codes.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from egov.core.demo import DemoContext
from egov.organizations.models import Agency
from egov.procedures import services

VALID_FROM = dt.date(2016, 1, 1)
# The report: 238 services at level 3-4, of which 226 at level 3 and 12 at level 4.
LEVEL_3_4_TOTAL = 238
LEVEL_4_TOTAL = 12
LEVEL_2_TOTAL = 120

_LEGAL_2016 = [{"document": "61/2018/NĐ-CP", "title": "Cơ chế một cửa, một cửa liên thông"}]


def _steps(limit: int, unit: str = "") -> list[dict[str, Any]]:
    """Desk 10 %, head 15 %, director 10 % of the time limit, the specialist the rest."""
    def share(percent: int) -> Decimal:
        return max(Decimal("0.1"), (Decimal(limit) * percent / 100).quantize(Decimal("0.1")))

    desk, head, director = share(10), share(15), share(10)
    specialist = Decimal(limit) - desk - head - director
    return [
        {"name": "Tiếp nhận hồ sơ", "role": "desk_officer", "unit": "VP", "days": str(desk)},
        {"name": "Thẩm định hồ sơ", "role": "specialist", "unit": unit, "days": str(specialist)},
        {"name": "Xem xét, trình ký", "role": "head_of_unit", "unit": unit, "days": str(head)},
        {"name": "Phê duyệt, ký kết quả", "role": "director", "unit": "", "days": str(director)},
    ]


_APPLICANT_FORM = [
    {"name": "applicant_name", "label": "Họ và tên người nộp", "type": "text", "required": True},
    {"name": "citizen_id", "label": "Số CCCD", "type": "citizen_id", "required": True},
    {"name": "phone", "label": "Số điện thoại", "type": "phone", "required": True},
    {"name": "email", "label": "Thư điện tử", "type": "email", "required": False},
    {"name": "address", "label": "Địa chỉ", "type": "text", "required": True},
]

# (code, field code, field name, name, level, limit, fee, unit, papers, form extras).
# 1.003868, 2.001171 and 2.001884 are national codes (../shared/domain, section 7).
STTTT = [
    ("1.003868", "XB", "Xuất bản, In và Phát hành",
     "Cấp giấy phép xuất bản tài liệu không kinh doanh", 3, 10, 0, "TTBCXB",
     [("Đơn đề nghị cấp giấy phép xuất bản tài liệu không kinh doanh", 1, 0),
      ("Bản thảo tài liệu", 2, 0)],
     [{"name": "document_title", "label": "Tên tài liệu", "type": "text", "required": True},
      {"name": "copies", "label": "Số lượng in", "type": "number", "required": True,
       "min": 1, "max": 1000000}],
    ),
    ("2.001171", "BC", "Báo chí",
     "Thông báo tổ chức họp báo", 3, 1, 0, "TTBCXB",
     [("Văn bản thông báo tổ chức họp báo (địa điểm, thời gian, nội dung, người chủ trì)", 1, 0)],
     [{"name": "held_at", "label": "Thời gian họp báo", "type": "date", "required": True},
      {"name": "place", "label": "Địa điểm", "type": "text", "required": True}],
    ),
    ("2.001884", "PTTH", "Phát thanh, truyền hình và thông tin điện tử",
     "Sửa đổi, bổ sung giấy chứng nhận đủ điều kiện hoạt động điểm cung cấp dịch vụ trò chơi "
     "điện tử công cộng", 3, 5, 0, "BCVT",
     [("Đơn đề nghị sửa đổi, bổ sung (Mẫu 07/08)", 1, 0),
      ("Giấy chứng nhận đã được cấp", 1, 0)], [],
    ),
    ("DEMO.STTTT.01", "PTTH", "Phát thanh, truyền hình và thông tin điện tử",
     "Cấp giấy chứng nhận đủ điều kiện hoạt động điểm cung cấp dịch vụ trò chơi điện tử "
     "công cộng", 4, 10, 0, "BCVT",
     [("Đơn đề nghị cấp giấy chứng nhận (Mẫu 02a/02b)", 1, 0),
      ("Giấy chứng nhận đăng ký hộ kinh doanh hoặc doanh nghiệp", 0, 1),
      ("Căn cước công dân của chủ điểm", 0, 1)],
     [{"name": "point_name", "label": "Tên điểm cung cấp dịch vụ", "type": "text",
       "required": True},
      {"name": "area_m2", "label": "Diện tích phòng máy (m²)", "type": "number",
       "required": True, "min": 1},
      {"name": "distance_to_school_m", "label": "Khoảng cách đến trường học gần nhất (m)",
       "type": "number", "required": True, "min": 200}],
    ),
    ("DEMO.STTTT.02", "PTTH", "Phát thanh, truyền hình và thông tin điện tử",
     "Cấp lại giấy chứng nhận đủ điều kiện hoạt động điểm cung cấp dịch vụ trò chơi điện tử "
     "công cộng", 4, 5, 0, "BCVT",
     [("Đơn đề nghị cấp lại (Mẫu 12/13)", 1, 0)], [],
    ),
    ("DEMO.STTTT.03", "TS", "Tần số vô tuyến điện",
     "Xác nhận đăng ký sử dụng thiết bị vô tuyến điện nghiệp dư", 3, 7, 0, "BCVT",
     [("Bản khai đăng ký thiết bị", 1, 0)], [],
    ),
    ("DEMO.STTTT.04", "XB", "Xuất bản, In và Phát hành",
     "Cấp giấy phép hoạt động in", 3, 7, 0, "TTBCXB",
     [("Đơn đề nghị cấp giấy phép hoạt động in", 1, 0),
      ("Giấy chứng nhận đăng ký doanh nghiệp", 0, 1)], [],
    ),
    ("DEMO.STTTT.05", "XB", "Xuất bản, In và Phát hành",
     "Đăng ký hoạt động cơ sở in", 3, 5, 0, "TTBCXB",
     [("Tờ khai đăng ký hoạt động cơ sở in", 1, 0)], [],
    ),
    ("DEMO.STTTT.06", "BC", "Báo chí",
     "Cấp giấy phép xuất bản bản tin", 3, 15, 0, "TTBCXB",
     [("Đơn đề nghị cấp giấy phép xuất bản bản tin", 1, 0),
      ("Mẫu trình bày tên gọi bản tin", 1, 0)], [],
    ),
    ("DEMO.STTTT.07", "BC", "Báo chí",
     "Cấp giấy phép trưng bày tranh, ảnh và các hình thức thông tin khác bên ngoài trụ sở "
     "cơ quan đại diện nước ngoài", 3, 7, 0, "TTBCXB",
     [("Văn bản đề nghị", 1, 0), ("Nội dung trưng bày", 1, 0)], [],
    ),
]

# What each kind of department handles, to name the plausible demo procedures.
SUBJECTS = [
    "giấy phép kinh doanh", "giấy chứng nhận đủ điều kiện", "giấy phép hoạt động",
    "chứng chỉ hành nghề", "giấy xác nhận đăng ký", "văn bản chấp thuận",
    "giấy phép thành lập", "giấy chứng nhận đăng ký",
]
ACTIONS = ["Cấp", "Cấp lại", "Điều chỉnh", "Gia hạn", "Thu hồi"]


def _version(name: str, level: int, limit: int, fee: int, unit: str,
             papers: list[tuple[str, int, int]], extra_form: list[dict[str, Any]],
             applicants: str = "Tổ chức, cá nhân") -> dict[str, Any]:
    return {
        "valid_from": VALID_FROM.isoformat(), "name": name, "old_level": level,
        "online_level": {4: "toan_trinh", 3: "mot_phan"}.get(level, "khong"),
        "time_limit_days": limit, "fee": fee, "charge": 0,
        "pay_before_processing": level == 4 and fee > 0, "postal_return_allowed": True,
        "applicants": applicants, "result_name": name.replace("Cấp lại ", "").replace(
            "Cấp ", "").capitalize(),
        "form": _APPLICANT_FORM + extra_form if level >= 3 else [],
        "legal_basis": _LEGAL_2016,
        "papers": [{"name": n, "originals": o, "copies": c} for n, o, c in papers],
        "steps": _steps(limit, unit),
    }


def load(ctx: DemoContext) -> None:
    rng = ctx.random("procedures")
    stttt = Agency.objects.get(code="000.00.31.H59")
    for code, field_code, field_name, name, level, limit, fee, unit, papers, form in STTTT:
        field = services.field_get_or_create(actor=None, code=field_code, name=field_name)
        services.procedure_create(actor=None, code=code, agency=stttt, field=field,
                                  version=_version(name, level, limit, fee, unit, papers, form))

    # The rest of the province, to reach the report's totals exactly.
    stttt_34 = sum(1 for p in STTTT if p[4] >= 3)
    stttt_4 = sum(1 for p in STTTT if p[4] == 4)
    levels = (
        [4] * (LEVEL_4_TOTAL - stttt_4)
        + [3] * (LEVEL_3_4_TOTAL - stttt_34 - (LEVEL_4_TOTAL - stttt_4))
        + [2] * LEVEL_2_TOTAL
    )
    rng.shuffle(levels)
    departments = list(Agency.objects.filter(kind=Agency.Kind.DEPARTMENT)
                       .exclude(pk=stttt.pk).order_by("code"))
    districts = list(Agency.objects.filter(kind=Agency.Kind.DISTRICT_COMMITTEE).order_by("code"))
    # The report's "5 departments and 2 districts" on the one-stop system offer most of the
    # online services (all level-4 ones, half of level 3); the others offer the rest.
    on_system = departments[:4] + districts[:2]
    others = departments[4:] + districts[2:]
    for number, level in enumerate(levels, start=1):
        if level == 4 or (level == 3 and number % 2 == 0):
            owner = on_system[number % len(on_system)]
        else:
            owner = others[number % len(others)]
        subject = SUBJECTS[number % len(SUBJECTS)]
        verb = ACTIONS[(number // len(SUBJECTS)) % len(ACTIONS)]
        field = services.field_get_or_create(
            actor=None, code=f"{owner.code}-CHUNG", name=f"Lĩnh vực chung – {owner.name}"
        )
        limit = rng.choice([3, 5, 7, 10, 15, 20])
        services.procedure_create(
            actor=None, code=f"DEMO.{number:03d}", agency=owner, field=field,
            version=_version(f"{verb} {subject} – {owner.name} ({number:03d})", level, limit,
                             rng.choice([0, 0, 50000, 100000, 200000]), "",
                             [("Đơn đề nghị", 1, 0), ("Giấy tờ chứng minh", 0, 1)], []),
        )
    ctx.write(f"    procedures: {len(STTTT) + len(levels)} in the catalogue, "
              f"{LEVEL_3_4_TOTAL - LEVEL_4_TOTAL} at level 3 and {LEVEL_4_TOTAL} at level 4")
