"""Demo documents: the year 2017 of the Department of Information and Communications
(Sở TT&TT) of Trà Vinh, and of the district of Càng Long, brought in as an agency brings
its old registers (``services.bulk.documents_import``: checked, numbered by the
numbering service, one audit entry).

* Outgoing: one series for the year across types, as Decree 30/2020 has it by default,
  laid out so that the documents the report names get their numbers: Công văn
  924/STTTT-BCVT of 27/7/2017, 943/STTTT-BCVT of 01/8/2017 and the report itself,
  1407/BC-STTTT-VP of 03/11/2017 (made through the services, with its signed PDF and
  DOCX in the official layout, delivered on the platform to the provincial Office, which has
  accepted it, and to the Department of Planning and Investment, where it waits).
  The report also names Công văn 75/STTTT-BCVT of 08/8/2017, which cannot be in the
  same yearly series one week after No. 943 (numbers grow with dates): a misprint,
  left out.
* Incoming: the documents the report names (Chỉ thị 24-CT/TU, Quyết định
  21/2017/QĐ-UBND and 2058/QĐ-UBND of its appendix, Nghị định 49/2017/NĐ-CP, the VNCERT
  letters...) among a year of documents from the province, the ministry, the
  departments and the districts, over 90 % electronic as the report says; assigned to the
  units with deadlines in working days, nearly all finished on time, some late, and a few
  still open and overdue. A few arrived in the last days, so the inboxes of today show
  documents due soon; a reply to one of them waits for the director's signature (he signs
  with his current certificate, the clerk then issues it) and a plan for the head's review.

The documents the report names (924, 943 and the report 1407) are made the way the
platform makes one, as of their day: drafted, approved, signed by the director with the
personal certificate he held then, issued under the department's seal of that day, with
their PDF and DOCX (egov.signatures signs as of a past moment with the keys of 2017, which
stay sealed after they expire). The rest of the year's series is the register of the old
system, brought in without files.

Everything is drawn from ``ctx.random``: two loads give the same registers.
"""

from __future__ import annotations

import datetime as dt
import importlib
import itertools
import random
from collections.abc import Iterator
from dataclasses import replace

from django.apps import apps as django_apps
from django.utils import timezone

from egov.accounts.models import Official, Role, User
from egov.core.calendar import add_working_days, is_working_day
from egov.core.demo import DemoContext
from egov.core.text import fold
from egov.documents import symbols
from egov.documents.models import DocumentType, IncomingDocument, OutgoingDocument
from egov.documents.services import exchange, handling, outgoing
from egov.documents.services.bulk import (
    ImportedAssignment,
    ImportedIncoming,
    ImportedOutgoing,
    documents_import,
)
from egov.documents.services.handling import AssignmentSpec
from egov.documents.services.incoming import IncomingData
from egov.documents.services.outgoing import DraftData, RecipientSpec
from egov.organizations.models import Agency
from egov.signatures import selectors as signatures

STTTT = "000.00.31.H59"
PROVINCE_COMMITTEE = "000.00.00.H59"
PROVINCIAL_OFFICE = "000.00.21.H59"
PLANNING = "000.00.24.H59"
YEAR = 2017
OUTGOING_TOTAL = 1620
INCOMING_TOTAL = 2100
REPORT_BODY = """# Tình hình phát triển lĩnh vực thông tin và truyền thông của tỉnh Trà Vinh năm 2017
Trong năm 2017, lĩnh vực thông tin truyền thông trên địa bàn tỉnh hoạt động ổn định và có sự phát triển về mọi mặt.
- Hạ tầng viễn thông phát triển rộng khắp trên địa bàn tỉnh, đa dạng hóa các dịch vụ với chất lượng ngày càng cao.
- Ứng dụng công nghệ thông tin trong cải cách hành chính được duy trì và tiếp tục triển khai theo đúng kế hoạch.
# Kết quả triển khai thực hiện nhiệm vụ năm 2017
## Công tác tham mưu và ban hành các văn bản chỉ đạo, điều hành
Tham mưu Ban Thường vụ Tỉnh ủy ban hành văn bản về tăng cường công tác quản lý cán bộ, đảng viên sử dụng internet và mạng xã hội.
## Về công nghệ thông tin
Ứng dụng phần mềm quản lý văn bản và điều hành được triển khai áp dụng tại 195 cơ quan, đơn vị với 7.582 người sử dụng; trên 90% các văn bản (trừ tài liệu mật) trao đổi giữa các cơ quan nhà nước dưới dạng điện tử.
# Nhiệm vụ công tác năm 2018
Tăng cường theo dõi, hướng dẫn, thanh tra, kiểm tra việc chấp hành pháp luật của Nhà nước về thông tin và truyền thông trên địa bàn tỉnh."""  # noqa: E501

REPORT_NUMBER = 1407
# The outgoing documents the report names: number → (day, type, drafting unit, summary,
# body, recipients as (printed name, agency code on the platform or "")).
NAMED_OUTGOING = {
    924: (dt.date(2017, 7, 27), "Công văn", "BCVT",
          "V/v trả lời lắp đặt trạm thu, phát sóng thông tin di động mạng Vietnamobile",
          "Sở Thông tin và Truyền thông nhận được văn bản của Công ty Vietnamobile về việc "
          "lắp đặt trạm thu, phát sóng thông tin di động trên địa bàn tỉnh.\n"
          "Sở đề nghị Công ty thực hiện đúng quy hoạch hạ tầng kỹ thuật viễn thông thụ động "
          "đã được phê duyệt và hoàn thiện hồ sơ xin cấp phép xây dựng theo quy định.",
          [("Công ty Vietnamobile", ""), ("Lưu: VT, BCVT", "")]),
    943: (dt.date(2017, 8, 1), "Công văn", "BCVT",
          "V/v khắc phục việc chỉnh trang, làm gọn cáp trên địa bàn tỉnh",
          "Qua kiểm tra, nhiều tuyến cáp viễn thông trên địa bàn tỉnh treo chưa đúng quy "
          "định, gây mất mỹ quan đô thị.\nSở đề nghị các doanh nghiệp viễn thông khẩn "
          "trương chỉnh trang, làm gọn cáp và báo cáo kết quả trước ngày 30/9/2017.",
          [("UBND huyện Càng Long (phối hợp)", "000.00.02.H59"),
           ("Viễn thông Trà Vinh; Viettel Trà Vinh", ""), ("Lưu: VT, BCVT", "")]),
    REPORT_NUMBER: (
        dt.date(2017, 11, 3), "BC", "VP",
        "Tổng kết công tác năm 2017 và nhiệm vụ công tác năm 2018", REPORT_BODY,
        [("Bộ TT&TT (b/c)", ""), ("Cục Công tác phía Nam (b/c)", ""),
         ("VP Tỉnh uỷ (b/c)", ""), ("VP UBND tỉnh (b/c)", PROVINCIAL_OFFICE),
         ("Ban Tuyên giáo Tỉnh uỷ", ""), ("Cục PTTH & TTĐT", ""),
         ("Sở Kế Hoạch và Đầu tư", PLANNING), ("BGD Sở", ""),
         ("Các Phòng, TT thuộc Sở (t/h)", ""), ("P.VHTT các huyện, thị xã, thành phố", ""),
         ("ĐTT các huyện, thị xã, thành phố", "")]),
}
# (number, day) that the report fixes in the outgoing series of 2017.
ANCHORS = sorted((number, named[0]) for number, named in NAMED_OUTGOING.items())

# Incoming documents named in the report: (type category, code or name, number and symbol,
# date, issuer name, issuer agency code or "", summary, lead unit).
NAMED_INCOMING = [
    ("party", "TB", "19-TB/TW", dt.date(2016, 12, 29), "Ban Bí thư", "",
     "Thông báo kết luận về tiếp tục thực hiện Chỉ thị 42-CT/TW của Ban Bí thư về nâng cao "
     "chất lượng toàn diện của hoạt động xuất bản", "TTBCXB"),
    ("administrative", "QĐ", "441/QĐ-BTTTT", dt.date(2017, 3, 28),
     "Bộ Thông tin và Truyền thông", "",
     "Quy định chi tiết thực hiện tiêu chí thông tin và truyền thông trong bộ tiêu chí "
     "quốc gia về xã nông thôn mới giai đoạn 2016 - 2020", "BCVT"),
    ("legal", "NĐ", "49/2017/NĐ-CP", dt.date(2017, 4, 24), "Chính phủ", "",
     "Sửa đổi, bổ sung Điều 15 của Nghị định số 25/2011/NĐ-CP và Điều 30 của Nghị định số "
     "174/2013/NĐ-CP về bưu chính, viễn thông, công nghệ thông tin và tần số vô tuyến điện",
     "BCVT"),
    ("administrative", "Công văn", "123/VNCERT-DPUJC", dt.date(2017, 4, 24),
     "Trung tâm Ứng cứu khẩn cấp máy tính Việt Nam", "",
     "Về các phương thức tấn công khai thác hệ thống mới của nhóm tin tặc Shadow Brokers",
     "CNTT"),
    ("administrative", "Công văn", "144/VNCERT-DPUJC", dt.date(2017, 5, 13),
     "Trung tâm Ứng cứu khẩn cấp máy tính Việt Nam", "",
     "Về theo dõi ngăn chặn kết nối máy chủ điều khiển mã độc WannaCry", "CNTT"),
    ("administrative", "QĐ", "705/QĐ-TTg", dt.date(2017, 5, 25), "Thủ tướng Chính phủ", "",
     "Phê duyệt Chương trình phổ biến, giáo dục pháp luật giai đoạn 2017 - 2021", "VP"),
    ("party", "CT", "24-CT/TU", dt.date(2017, 6, 29), "Ban Thường vụ Tỉnh ủy Trà Vinh", "",
     "Về việc tiếp cận, xử lý và chia sẻ thông tin trên mạng xã hội đối với cán bộ, đảng "
     "viên, đoàn viên, hội viên trên địa bàn tỉnh.", "TTBCXB"),
    ("party", "CT", "14-CT/TW", dt.date(2017, 7, 19), "Ban Bí thư", "",
     "Về tiếp tục tăng cường sự lãnh đạo của Đảng đối với công tác người có công với cách "
     "mạng", "VP"),
    ("legal", "QĐ", "21/2017/QĐ-UBND", dt.date(2017, 10, 24), "Ủy ban nhân dân tỉnh",
     PROVINCE_COMMITTEE,
     "Ban hành Quy định về quản lý hoạt động thông tin đối ngoại trên địa bàn tỉnh Trà Vinh.",
     "TTBCXB"),
    ("administrative", "QĐ", "2058/QĐ-UBND", dt.date(2017, 10, 30),
     "Chủ tịch Ủy ban nhân dân tỉnh", PROVINCE_COMMITTEE,
     "Về việc phê duyệt Quy hoạch Hạ tầng kỹ thuật viễn thông thụ động của MobiFone Trà Vinh "
     "đến năm 2020 và định hướng đến năm 2025.", "BCVT"),
]

# Topics of ordinary documents by unit: what a department of information writes about.
TOPICS = {
    "BCVT": ["chỉnh trang, làm gọn cáp viễn thông", "lắp đặt trạm thu, phát sóng thông tin "
             "di động", "quy hoạch hạ tầng viễn thông thụ động", "chất lượng dịch vụ bưu "
             "chính công ích", "thuê bao di động trả trước", "cấp phép xây dựng trạm BTS",
             "dịch vụ viễn thông công ích", "số hóa truyền hình mặt đất"],
    "CNTT": ["bảo đảm an toàn thông tin mạng", "triển khai phần mềm quản lý văn bản và điều "
             "hành", "dịch vụ công trực tuyến mức độ 3, 4", "chứng thư số chuyên dùng",
             "hệ thống thư điện tử công vụ", "hội nghị truyền hình trực tuyến",
             "Chính phủ điện tử theo Nghị quyết 36a"],
    "TTBCXB": ["tuyên truyền kỷ niệm các ngày lễ lớn", "cấp giấy phép xuất bản tài liệu "
               "không kinh doanh", "quản lý thông tin trên mạng xã hội", "hoạt động báo chí "
               "trên địa bàn tỉnh", "thông tin đối ngoại", "điểm cung cấp dịch vụ trò chơi "
               "điện tử công cộng"],
    "VP": ["cải cách hành chính năm 2017", "kiểm soát thủ tục hành chính", "thi đua, khen "
           "thưởng", "phòng, chống tham nhũng", "công tác văn thư, lưu trữ", "dự toán ngân "
           "sách năm 2018", "tổ chức cán bộ"],
    "TTra": ["thanh tra chuyên ngành thông tin và truyền thông", "giải quyết khiếu nại, tố "
             "cáo", "xử phạt vi phạm hành chính trong lĩnh vực viễn thông"],
    "TTCNTT": ["vận hành Trung tâm dữ liệu tỉnh", "Cổng thông tin điện tử tỉnh",
               "đào tạo kỹ năng công nghệ thông tin"],
}
# Outgoing types of a department and their share of its series (công văn above all).
OUTGOING_TYPES = [("Công văn", 70), ("BC", 8), ("QĐ", 6), ("KH", 5), ("TB", 4), ("TTr", 4),
                  ("GM", 3)]
SUMMARY_OPENINGS = {
    "Công văn": "V/v {topic}", "BC": "Báo cáo tình hình {topic}",
    "QĐ": "Quyết định về {topic}", "KH": "Kế hoạch triển khai {topic}",
    "TB": "Thông báo về {topic}", "TTr": "Tờ trình về {topic}",
    "GM": "Giấy mời họp về {topic}",
}


def _working_days(year: int) -> list[dt.date]:
    day, days = dt.date(year, 1, 1), []
    while day.year == year:
        if is_working_day(day):
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def _dates_for_numbers(total: int, days: list[dt.date]) -> list[dt.date]:
    """The day of each number 1..total, so that the anchors fall on their days: linear
    between anchors, over working days."""
    index = {day: i for i, day in enumerate(days)}
    points = [(1, 0), *((n, index[day]) for n, day in ANCHORS), (total, len(days) - 1)]
    dates = []
    for (n0, i0), (n1, i1) in itertools.pairwise(points):
        for n in range(n0, n1):
            dates.append(days[i0 + (i1 - i0) * (n - n0) // max(n1 - n0, 1)])
    dates.append(days[-1])
    return dates


def _people(agency: Agency) -> dict[str, object]:
    officials = list(Official.objects.filter(agency=agency, is_active=True)
                     .select_related("user", "unit").prefetch_related("roles"))

    def first(role: str, unit_short: str | None = None) -> User | None:
        for official in officials:
            if role in official.role_set and (unit_short is None or (
                    official.unit and official.unit.short_name == unit_short)):
                return official.user
        return None

    units = {u.short_name: u for u in agency.units.all()}
    return {
        "director": first(Role.DIRECTOR), "clerk": first(Role.CLERK), "units": units,
        "specialists": {short: first(Role.SPECIALIST, short) for short in units},
        "heads": {short: first(Role.HEAD_OF_UNIT, short) for short in units},
    }


def _at(day: dt.date, minutes: int, seconds: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(7, 30))
                               + dt.timedelta(minutes=minutes, seconds=seconds))


def _outgoing(rng: random.Random, agency: Agency, people: dict, recipients: list[Agency],
              types: dict[str, DocumentType], total: int, days: list[dt.date],
              named: dict[int, tuple[str, str, str]]) -> list[ImportedOutgoing]:
    director, clerk = people["director"], people["clerk"]
    units = people["units"]
    rows = []
    for number, day in enumerate(_dates_for_numbers(total, days), start=1):
        if number in named:
            code, unit_short, summary = named[number]
        else:
            code = rng.choices([c for c, _w in OUTGOING_TYPES],
                               [w for _c, w in OUTGOING_TYPES])[0]
            unit_short = rng.choice([u for u in TOPICS if u in units])
            summary = SUMMARY_OPENINGS[code].format(topic=rng.choice(TOPICS[unit_short]))
            # A report or a plan is written by the office for the whole department.
            if code in ("BC", "KH", "TTr") and rng.random() < 0.3:
                unit_short = "VP"
        to = rng.sample(recipients, rng.randint(1, 3))
        unit = units[unit_short]
        rows.append(ImportedOutgoing(
            agency=agency, drafting_unit=unit,
            data=DraftData(doc_type=types[code], summary=summary, signer=director,
                           body="", place="Trà Vinh", copies=len(to) + 1),
            # Seconds apart in the order of their numbers, all in the morning.
            issued_at=_at(day, 0, number), created_by=people["specialists"].get(
                unit_short) or clerk, issued_by=clerk,
            recipients=tuple(RecipientSpec(a.name, agency=a) for a in to),
            # Over 90 % sent through the old system's exchange (the report's figure).
            sent_electronically=rng.random() < 0.93))
    return rows


def _issuers(by_code: dict[str, Agency]) -> list[tuple[int, str, Agency | None, list[str]]]:
    """(weight, name, agency on the platform, symbol patterns with {n}) of who writes to
    the department."""
    committee = by_code[PROVINCE_COMMITTEE]
    office = by_code[PROVINCIAL_OFFICE]
    departments = [a for code, a in by_code.items() if a.kind == Agency.Kind.DEPARTMENT
                   and code not in (STTTT,)]
    districts = [a for a in by_code.values() if a.kind == Agency.Kind.DISTRICT_COMMITTEE]
    issuers = [
        (25, committee.name, committee, ["{n}/UBND-KGVX", "{n}/QĐ-UBND", "{n}/KH-UBND",
                                         "{n}/TB-UBND", "{n}/UBND-KTKT"]),
        (15, office.name, office, ["{n}/VPUBND-KGVX", "{n}/TB-VPUBND"]),
        (12, "Bộ Thông tin và Truyền thông", None, ["{n}/BTTTT-THH", "{n}/BTTTT-VP",
                                                    "{n}/QĐ-BTTTT", "{n}/KH-BTTTT"]),
        (4, "Cục An toàn thông tin", None, ["{n}/CATTT-NCSC"]),
        (5, "Ban Tuyên giáo Tỉnh ủy", None, ["{n}-CV/BTGTU", "{n}-KH/BTGTU"]),
        (4, "Viễn thông Trà Vinh", by_code.get("000.00.61.H59"), ["{n}/VNPTTV-KHKD"]),
    ]
    for department in departments:
        issuers.append((1, department.name, department,
                        [f"{{n}}/{department.short_name}-VP"]))
    for district in districts:
        issuers.append((2, district.name, district, ["{n}/UBND-VP", "{n}/BC-UBND"]))
    return issuers


def _type_of(symbol: str, issuer: Agency | None,
             types: dict[tuple[str, str], DocumentType]) -> DocumentType:
    if "-CV/" in symbol:
        return types[("party", "CV")]
    if "-KH/" in symbol:
        return types[("party", "KH")]
    head = symbol.split("/", 1)[1].split("-", 1)[0]
    if issuer is not None and head == issuer.short_name:
        head = ""  # the issuer's own name: a letter (the Inspectorate is "TTr")
    return types.get(("administrative", head)) or types[("administrative", "Công văn")]


def _incoming(rng: random.Random, agency: Agency, people: dict,
              by_code: dict[str, Agency], days: list[dt.date],
              types: dict[tuple[str, str], DocumentType]) -> Iterator[ImportedIncoming]:
    """A year of documents received, each assigned and handled."""
    issuers = _issuers(by_code)
    counters: dict[tuple[str, str], int] = {}
    director, clerk = people["director"], people["clerk"]
    units = people["units"]
    open_overdue = 0
    for index in range(INCOMING_TOTAL):
        arrival = days[index * len(days) // INCOMING_TOTAL]
        weight_pick = rng.choices(issuers, [w for w, *_rest in issuers])[0]
        _weight, name, issuer_agency, patterns = weight_pick
        pattern = rng.choice(patterns)
        key = (name, pattern)
        counters[key] = counters.get(key, rng.randint(10, 60)) + rng.randint(1, 9)
        number_symbol = pattern.format(n=f"{counters[key]:02d}")
        document_date = arrival - dt.timedelta(days=rng.choice([0, 1, 1, 2, 3, 6]))
        lead_unit = rng.choice(["BCVT", "BCVT", "CNTT", "CNTT", "TTBCXB", "VP", "TTra"])
        topic = rng.choice(TOPICS[lead_unit])
        doc_type = _type_of(number_symbol, issuer_agency, types)
        overdue = arrival.month >= 11 and open_overdue < 24 and rng.random() < 0.2
        open_overdue += overdue
        yield _handled(rng, agency, IncomingData(
            number_symbol=number_symbol, document_date=document_date, doc_type=doc_type,
            summary=f"Về {topic}", issuer_agency=issuer_agency, issuer_name=name,
            pages=rng.randint(1, 12), arrival_date=arrival,
            urgency=rng.choices(["normal", "urgent", "very_urgent", "flash"],
                                [90, 7, 2, 1])[0]),
            # Over 90 % electronic, as the report counts it.
            "exchange" if rng.random() < 0.8 else "electronic" if rng.random() < 0.6
            else "paper", units[lead_unit], people, director, clerk, overdue=overdue)


def _handled(rng: random.Random, agency: Agency, data: IncomingData, channel: str,
             unit: object, people: dict, director: User, clerk: User, *,
             overdue: bool = False) -> ImportedIncoming:
    arrival = data.arrival_date
    registered_at = _at(arrival, rng.randint(0, 90))
    assigned_at = registered_at + dt.timedelta(hours=rng.randint(1, 5))
    short = unit.short_name  # type: ignore[attr-defined]
    if rng.random() < 0.15 and not overdue:
        # For information only: read, and filed the same day.
        return ImportedIncoming(
            agency=agency, data=data, channel=channel, registered_at=registered_at,
            assignments=(ImportedAssignment(role="inform", unit=unit, assigned_by=director,
                                            assigned_at=assigned_at),),
            finished_at=assigned_at + dt.timedelta(hours=2), finished_by=director,
            finish_note="Đã nghiên cứu, lưu hồ sơ.")
    deadline = add_working_days(arrival, rng.choice([3, 5, 5, 7, 10]))
    specialist = people["specialists"].get(short)
    assignments = [ImportedAssignment(role="lead", unit=unit, assigned_by=director,
                                      assigned_at=assigned_at, deadline=deadline,
                                      instructions="Đề nghị nghiên cứu, tham mưu xử lý.")]
    if specialist is not None:
        assignments.append(ImportedAssignment(
            role="lead", unit=unit, assignee=specialist,
            assigned_by=people["heads"].get(short) or director,
            assigned_at=assigned_at + dt.timedelta(hours=1), deadline=deadline))
    if rng.random() < 0.2:
        other = rng.choice([u for s, u in people["units"].items() if s != short])
        assignments.append(ImportedAssignment(role="cooperate", unit=other,
                                              assigned_by=director, assigned_at=assigned_at,
                                              deadline=deadline))
    if overdue:
        return ImportedIncoming(agency=agency, data=data, channel=channel,
                                registered_at=registered_at, assignments=tuple(assignments))
    late = rng.random() < 0.06
    finished_day = add_working_days(deadline, rng.randint(1, 4)) if late else max(
        arrival, add_working_days(arrival, rng.randint(0, max(0, (deadline - arrival).days
                                                                // 2))))
    return ImportedIncoming(
        agency=agency, data=data, channel=channel, registered_at=registered_at,
        assignments=tuple(assignments), finished_at=_at(finished_day, 480),
        finished_by=specialist or director,
        finish_note="Đã tham mưu văn bản trả lời." if rng.random() < 0.6
        else "Đã triển khai thực hiện.")


def _ensure_document_types() -> None:
    """The standard types come from a data migration; `egov flush` (and so
    `load_demo --reset`) empties the table without migrating again, so put them back."""
    if not DocumentType.objects.exists():
        seed = importlib.import_module("egov.documents.migrations.0002_load_document_types")
        seed.load(django_apps, None)


def load(ctx: DemoContext) -> None:
    _ensure_document_types()
    rng = ctx.random("documents")
    by_code = {a.code: a for a in Agency.objects.select_related("division")}
    stttt = by_code[STTTT]
    people = _people(stttt)
    # By abbreviation, or by name for the types that have none (Công văn, Luật...).
    types = {(t.category, t.code or t.name): t for t in DocumentType.objects.all()}
    admin_types = {code: types[("administrative", code)] for code, _w in OUTGOING_TYPES}
    days = _working_days(YEAR)
    recipients = [a for a in by_code.values() if a.kind in (
        Agency.Kind.DEPARTMENT, Agency.Kind.DISTRICT_COMMITTEE,
        Agency.Kind.PROVINCIAL_OFFICE) and a.pk != stttt.pk]
    outgoing_rows = _outgoing(rng, stttt, people, recipients, admin_types,
                              OUTGOING_TOTAL, days, {n: (t, u, s) for n, (_d, t, u, s, _b, _r)
                                                     in NAMED_OUTGOING.items()})
    incoming_rows = list(_incoming(rng, stttt, people, by_code, days, types))
    for category, code, number_symbol, date, issuer, issuer_code, summary, unit in (
            NAMED_INCOMING):
        doc_type = types[(category, code)]
        arrival = add_working_days(max(date, dt.date(2017, 1, 1)), 1)
        incoming_rows.append(_handled(rng, stttt, IncomingData(
            number_symbol=number_symbol, document_date=date, doc_type=doc_type,
            summary=summary, issuer_agency=by_code.get(issuer_code), issuer_name=issuer,
            arrival_date=arrival, pages=rng.randint(2, 20)), "exchange",
            people["units"][unit], people, people["director"], people["clerk"]))
    documents_import(actor=None, incoming=_without_clashes(incoming_rows))
    # The register up to each named document comes from the old system; the named ones
    # are made, signed and issued through the services as of their day, so they take
    # their numbers in the series.
    named = {}
    imported_to = 0
    for number in sorted(NAMED_OUTGOING):
        documents_import(actor=None, outgoing=outgoing_rows[imported_to:number - 1])
        named[number] = _issue_named(stttt, people, number, outgoing_rows[number - 1],
                                     by_code)
        imported_to = number
    documents_import(actor=None, outgoing=outgoing_rows[imported_to:])
    report = named[REPORT_NUMBER]
    office = report.exchanges.get(receiver_agency__code=PROVINCIAL_OFFICE)
    exchange.exchange_accept(actor=_people(by_code[PROVINCIAL_OFFICE])["clerk"],
                             exchange=office)
    _today(stttt, people, types)
    ctx.write(f"    {IncomingDocument.objects.count()} incoming and "
              f"{OutgoingDocument.objects.count()} outgoing documents; "
              f"the report {symbols.display(report.number_symbol)}")


def _without_clashes(rows: list[ImportedIncoming]) -> list[ImportedIncoming]:
    """Drop generated documents that would repeat one already drawn (same issuer, number
    and date): the register refuses a document twice."""
    seen, kept = set(), []
    for row in rows:
        issuer = (row.data.issuer_agency.code if row.data.issuer_agency
                  else fold(row.data.issuer_name))
        key = (issuer, row.data.number_symbol, row.data.document_date)
        if key not in seen:
            seen.add(key)
            kept.append(row)
    return kept


def _issue_named(stttt: Agency, people: dict, number: int, row: ImportedOutgoing,
                 by_code: dict[str, Agency]) -> OutgoingDocument:
    """A document the report names, made the way the platform makes one, as of its day:
    drafted in its unit, approved by the head and the director, signed by the director
    with the personal certificate he held that day and issued by the clerk under the
    department's seal of that day (its PDF, DOCX and deliveries on the platform)."""
    day, _code, unit_short, summary, body, recipients = NAMED_OUTGOING[number]
    director, clerk = people["director"], people["clerk"]
    drafter = people["specialists"].get(unit_short) or clerk
    document = outgoing.outgoing_create(
        actor=drafter, drafting_unit=people["units"][unit_short], at=_at(day, 0), data=replace(
            row.data, summary=summary, body=body, copies=len(recipients) + 1,
            recipients=[RecipientSpec(name, agency=by_code.get(code))
                        for name, code in recipients]))
    reviewers = [p for p in (people["heads"].get(unit_short), director)
                 if p is not None and p != drafter]
    outgoing.outgoing_submit(actor=drafter, document=document, reviewers=reviewers)
    for minutes, reviewer in enumerate(reviewers, start=1):
        outgoing.outgoing_review(actor=reviewer, document=document, approve=True,
                                 at=_at(day, 15 * minutes))
    signed_at, issued_at = _at(day, 60), _at(day, 120)
    outgoing.outgoing_sign(
        actor=director, document=document, at=signed_at,
        certificate=signatures.personal_certificate_at(director.official.pk, signed_at))
    document = outgoing.outgoing_issue(actor=clerk, document=document, at=issued_at,
                                       seal=signatures.seal_at(stttt.pk, issued_at))
    if document.number != number:
        raise RuntimeError(f"the demo's {summary!r} got No. {document.number}, not {number}")
    return document


def _today(stttt: Agency, people: dict, types: dict[tuple[str, str], DocumentType]) -> None:
    """A few documents of the last days, so today's inboxes have work that is due."""
    today = timezone.localdate()
    specialist = people["specialists"]["BCVT"]
    director = people["director"]
    letter = types[("administrative", "Công văn")]
    recent = []
    for offset, summary in ((3, "Về báo cáo số liệu thuê bao di động quý"),
                            (2, "Về kiểm tra trạm BTS lắp đặt không phép"),
                            (1, "Về hội nghị trực tuyến chuyển đổi số")):
        arrival = today - dt.timedelta(days=offset)
        number = 100 + offset
        recent.append(ImportedIncoming(
            agency=stttt, channel="exchange", registered_at=_at(arrival, 30),
            data=IncomingData(number_symbol=f"{number}/VPUBND-KGVX", document_date=arrival,
                              doc_type=letter, summary=summary,
                              issuer_name="Văn phòng Ủy ban nhân dân tỉnh Trà Vinh",
                              arrival_date=arrival)))
    imported = documents_import(actor=None, incoming=recent).incoming
    # The first two assigned (due tomorrow, due in a week); the last waits for the director.
    for document, days in zip(imported, (1, 5), strict=False):
        handling.incoming_assign(actor=director, document=document, assignments=[
            AssignmentSpec(role="lead", unit=people["units"]["BCVT"], assignee=specialist,
                           working_days=days, instructions="Đề nghị xử lý đúng hạn.")])
    # A reply drafted by the specialist: approved by her head and the director, waiting
    # for the director's signature, then for the clerk to issue it; and a second draft
    # waiting for the head's review.
    head = people["heads"]["BCVT"]
    reply = outgoing.outgoing_create(
        actor=specialist, in_reply_to=imported[0], data=DraftData(
            doc_type=letter, summary="V/v báo cáo số liệu thuê bao di động quý",
            body="Thực hiện văn bản của Văn phòng Ủy ban nhân dân tỉnh, Sở Thông tin và "
                 "Truyền thông báo cáo số liệu thuê bao di động như sau.",
            signer=director, recipients=[RecipientSpec(
                "Văn phòng Ủy ban nhân dân tỉnh", agency=Agency.objects.get(
                    code=PROVINCIAL_OFFICE))]))
    outgoing.outgoing_submit(actor=specialist, document=reply, reviewers=[head, director])
    outgoing.outgoing_review(actor=head, document=reply, approve=True, comment="Đồng ý.")
    outgoing.outgoing_review(actor=director, document=reply, approve=True)
    draft = outgoing.outgoing_create(actor=specialist, data=DraftData(
        doc_type=types[("administrative", "KH")],
        summary="Kế hoạch kiểm tra trạm BTS lắp đặt không phép", signer=director,
        body="# Mục đích, yêu cầu\nKiểm tra các trạm BTS trên địa bàn tỉnh."))
    outgoing.outgoing_submit(actor=specialist, document=draft, reviewers=[head, director])
