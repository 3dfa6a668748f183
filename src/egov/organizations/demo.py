"""Trà Vinh as of 2017: its divisions, 195 agencies and their units.

Electronic identifiers follow QCVN 102:2016 (V1V2V3.Z1Z2.Y1Y2.MX1X2):

* MX1X2 = ``H59``. Assumption: provinces are numbered H01-H63 in the alphabetical
  order of their Vietnamese names, which puts Trà Vinh 59th; not checked against the
  list issued with Circular 10/2016/TT-BTTTT.
* Y1Y2 (level 1, under the provincial People's Committee ``000.00.00.H59``):
  01-09 the district-level People's Committees in the order of their GSO codes
  (842, 844, ..., 851); 10-20 provincial public bodies; 21 the Office of the People's
  Committee and 22-37 the departments in the order of Decree 24/2014/NĐ-CP, which makes
  the Department of Information and Communications 31; 38 the Ethnic Minorities
  Committee; 39-61 central agencies in the province, mass organisations and public
  enterprises that exchange documents with the province.
* Z1Z2 (level 2): the communes of a district in the order of their GSO codes
  (``000.01.01.H59`` is Phường 4 of Trà Vinh city); the sub-departments and centres of
  a department (``000.01.27.H59``, Chi cục Kiểm lâm under Sở Nông nghiệp).

The fifteen departments, the Provincial Inspectorate, the Office and the Ethnic
Minorities Committee are those of Decree 24/2014 (as a province of the Mekong Delta with
a large Khmer population, Trà Vinh has the committee). The other bodies and all units
except those of Sở TT&TT are plausible for 2017, not verified one by one.
"""

from __future__ import annotations

import datetime as dt

from egov.core.demo import DemoContext
from egov.organizations import services
from egov.organizations.editions import EDITION_2008, EDITION_2025, REORGANISATION_DATE
from egov.organizations.models import AdministrativeDivision, Agency

PROVINCE_CODE = "84"
SUCCESSOR_PROVINCE_CODE = "86"
PROVINCE_PART = "H59"
VALID_FROM = dt.date(2017, 1, 1)
AGENCY_COUNT = 195

Kind = Agency.Kind

# (Y1Y2, name, short name, kind, units as (name, short name))
_DEPARTMENT_UNITS = ("Văn phòng", "VP")
PROVINCIAL_AGENCIES: list[tuple[str, str, str, str, list[tuple[str, str]]]] = [
    ("21", "Văn phòng Ủy ban nhân dân tỉnh", "VPUBND", Kind.PROVINCIAL_OFFICE, [
        ("Phòng Hành chính - Tổ chức", "HCTC"),
        ("Trung tâm Tin học - Công báo", "TTTHCB"),
    ]),
    ("22", "Sở Nội vụ", "SNV", Kind.DEPARTMENT, [
        ("Phòng Tổ chức, biên chế và tổ chức phi chính phủ", "TCBC"),
        ("Phòng Xây dựng chính quyền và công tác thanh niên", "XDCQ"),
    ]),
    ("23", "Sở Tư pháp", "STP", Kind.DEPARTMENT, [("Phòng Hành chính tư pháp", "HCTP")]),
    ("24", "Sở Kế hoạch và Đầu tư", "SKHĐT", Kind.DEPARTMENT,
     [("Phòng Đăng ký kinh doanh", "ĐKKD")]),
    ("25", "Sở Tài chính", "STC", Kind.DEPARTMENT, [("Phòng Quản lý ngân sách", "QLNS")]),
    ("26", "Sở Công Thương", "SCT", Kind.DEPARTMENT, [("Phòng Quản lý thương mại", "QLTM")]),
    ("27", "Sở Nông nghiệp và Phát triển nông thôn", "SNN", Kind.DEPARTMENT,
     [("Phòng Kế hoạch - Tài chính", "KHTC")]),
    ("28", "Sở Giao thông vận tải", "SGTVT", Kind.DEPARTMENT,
     [("Phòng Quản lý vận tải, phương tiện và người lái", "QLVT")]),
    ("29", "Sở Xây dựng", "SXD", Kind.DEPARTMENT, [("Phòng Quản lý xây dựng", "QLXD")]),
    ("30", "Sở Tài nguyên và Môi trường", "STNMT", Kind.DEPARTMENT,
     [("Phòng Tài nguyên nước, khí tượng thủy văn và biến đổi khí hậu", "TNN")]),
    ("31", "Sở Thông tin và Truyền thông", "STTTT", Kind.DEPARTMENT, [
        ("Thanh tra", "TTra"),
        ("Phòng Bưu chính - Viễn thông", "BCVT"),
        ("Phòng Công nghệ thông tin", "CNTT"),
        ("Phòng Thông tin - Báo chí - Xuất bản", "TTBCXB"),
        ("Trung tâm Công nghệ thông tin và Truyền thông", "TTCNTT"),
    ]),
    ("32", "Sở Lao động - Thương binh và Xã hội", "SLĐTBXH", Kind.DEPARTMENT,
     [("Phòng Lao động - Việc làm", "LĐVL")]),
    ("33", "Sở Văn hóa, Thể thao và Du lịch", "SVHTTDL", Kind.DEPARTMENT,
     [("Phòng Quản lý văn hóa", "QLVH")]),
    ("34", "Sở Khoa học và Công nghệ", "SKHCN", Kind.DEPARTMENT,
     [("Phòng Quản lý khoa học", "QLKH")]),
    ("35", "Sở Giáo dục và Đào tạo", "SGDĐT", Kind.DEPARTMENT,
     [("Phòng Giáo dục Trung học", "GDTrH")]),
    ("36", "Sở Y tế", "SYT", Kind.DEPARTMENT, [("Phòng Nghiệp vụ Y", "NVY")]),
    ("37", "Thanh tra tỉnh", "TTr", Kind.DEPARTMENT, [("Phòng Nghiệp vụ 1", "NV1")]),
    ("38", "Ban Dân tộc", "BDT", Kind.DEPARTMENT, [("Phòng Chính sách", "CS")]),
]

# Other bodies at provincial level: (Y1Y2, name, short name).
OTHER_BODIES = [
    ("10", "Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân tỉnh", "VPĐĐBQHHĐND"),
    ("11", "Ban Quản lý Khu kinh tế tỉnh", "BQLKKT"),
    ("12", "Đài Phát thanh và Truyền hình Trà Vinh", "ĐPTTH"),
    ("13", "Báo Trà Vinh", "BTV"),
    ("14", "Trường Đại học Trà Vinh", "ĐHTV"),
    ("15", "Trường Cao đẳng Y tế Trà Vinh", "CĐYT"),
    ("16", "Trường Cao đẳng nghề Trà Vinh", "CĐN"),
    ("17", "Trường Chính trị tỉnh", "TCT"),
    ("18", "Quỹ Đầu tư phát triển tỉnh", "QĐTPT"),
    ("19", "Liên minh Hợp tác xã tỉnh", "LMHTX"),
    ("20", "Ban Quản lý dự án đầu tư xây dựng các công trình dân dụng và công nghiệp",
     "BQLDA"),
    ("39", "Ban An toàn giao thông tỉnh", "BATGT"),
    ("40", "Công an tỉnh", "CAT"),
    ("41", "Bộ Chỉ huy Quân sự tỉnh", "BCHQS"),
    ("42", "Bộ Chỉ huy Bộ đội Biên phòng tỉnh", "BĐBP"),
    ("43", "Tòa án nhân dân tỉnh", "TAND"),
    ("44", "Viện Kiểm sát nhân dân tỉnh", "VKSND"),
    ("45", "Cục Thuế tỉnh", "CT"),
    ("46", "Kho bạc Nhà nước Trà Vinh", "KBNN"),
    ("47", "Bảo hiểm xã hội tỉnh", "BHXH"),
    ("48", "Cục Thống kê tỉnh", "CTK"),
    ("49", "Ngân hàng Nhà nước Chi nhánh Trà Vinh", "NHNN"),
    ("50", "Cục Thi hành án dân sự tỉnh", "CTHADS"),
    ("51", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "MTTQ"),
    ("52", "Tỉnh đoàn Trà Vinh", "TĐ"),
    ("53", "Hội Liên hiệp Phụ nữ tỉnh", "HLHPN"),
    ("54", "Hội Nông dân tỉnh", "HND"),
    ("55", "Hội Cựu chiến binh tỉnh", "HCCB"),
    ("56", "Liên đoàn Lao động tỉnh", "LĐLĐ"),
    ("57", "Hội Chữ thập đỏ tỉnh", "HCTĐ"),
    ("58", "Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh", "LHHKHKT"),
    ("59", "Hội Văn học Nghệ thuật tỉnh", "HVHNT"),
    ("60", "Bưu điện tỉnh Trà Vinh", "BĐT"),
    ("61", "Viễn thông Trà Vinh", "VNPTTV"),
]

# Bodies under a department: department's Y1Y2 → [(name, short name)], numbered Z1Z2 01...
DEPARTMENT_BODIES = {
    "22": [("Ban Thi đua - Khen thưởng", "BTĐKT"), ("Ban Tôn giáo", "BTG"),
           ("Chi cục Văn thư - Lưu trữ", "CCVTLT")],
    "23": [("Trung tâm Trợ giúp pháp lý nhà nước", "TTTGPL"),
           ("Phòng Công chứng số 1", "PCC1")],
    "24": [("Trung tâm Xúc tiến Đầu tư", "TTXTĐT")],
    "26": [("Chi cục Quản lý thị trường", "CCQLTT")],
    "27": [("Chi cục Kiểm lâm", "CCKL"), ("Chi cục Thủy sản", "CCTS"),
           ("Chi cục Trồng trọt và Bảo vệ thực vật", "CCTTBVTV"),
           ("Chi cục Chăn nuôi và Thú y", "CCCNTY"), ("Chi cục Thủy lợi", "CCTL"),
           ("Chi cục Phát triển nông thôn", "CCPTNT"),
           ("Chi cục Quản lý chất lượng Nông lâm sản và Thủy sản", "CCQLCL"),
           ("Trung tâm Nước sạch và Vệ sinh môi trường nông thôn", "TTNS")],
    "30": [("Chi cục Bảo vệ môi trường", "CCBVMT"), ("Chi cục Quản lý đất đai", "CCQLĐĐ"),
           ("Văn phòng Đăng ký đất đai", "VPĐKĐĐ")],
    "32": [("Chi cục Phòng, chống tệ nạn xã hội", "CCPCTNXH"),
           ("Trung tâm Dịch vụ việc làm", "TTDVVL"), ("Trung tâm Bảo trợ xã hội", "TTBTXH")],
    "33": [("Thư viện tỉnh", "TVT"), ("Trung tâm Văn hóa tỉnh", "TTVH")],
    "34": [("Chi cục Tiêu chuẩn Đo lường Chất lượng", "CCTCĐLCL"),
           ("Trung tâm Thông tin và Ứng dụng khoa học công nghệ", "TTUDKHCN")],
    "36": [("Chi cục Dân số - Kế hoạch hóa gia đình", "CCDSKHHGĐ"),
           ("Chi cục An toàn vệ sinh thực phẩm", "CCATVSTP"),
           ("Bệnh viện Đa khoa tỉnh Trà Vinh", "BVĐK"),
           ("Trung tâm Y tế dự phòng tỉnh", "TTYTDP")],
}

DISTRICT_UNITS = [("Văn phòng Hội đồng nhân dân và Ủy ban nhân dân", "VP"),
                  ("Phòng Văn hóa và Thông tin", "VHTT")]


def agency_code(y: str, z: str = "00") -> str:
    return f"000.{z}.{y}.{PROVINCE_PART}"


def _committee_name(division: AdministrativeDivision) -> str:
    # "Ủy ban nhân dân huyện Càng Long", but "Ủy ban nhân dân Phường 4": a numbered
    # ward's name is the whole phrase.
    if division.name.split()[-1].isdigit():
        return f"Ủy ban nhân dân {division.name}"
    return f"Ủy ban nhân dân {division.name[0].lower()}{division.name[1:]}"


def load(ctx: DemoContext) -> None:
    services.divisions_import(actor=None, edition=EDITION_2008, province=PROVINCE_CODE)
    # The 2025 reorganisation: Vĩnh Long as it stands since 1 July 2025, with the link
    # Trà Vinh → Vĩnh Long. The 2017 agencies stay as they were.
    services.divisions_import(actor=None, edition=EDITION_2025,
                              province=SUCCESSOR_PROVINCE_CODE)
    province = AdministrativeDivision.objects.get(
        level=AdministrativeDivision.Level.PROVINCE, code=PROVINCE_CODE,
        valid_to=REORGANISATION_DATE,
    )

    def create(code: str, name: str, short_name: str, kind: str,
               division: AdministrativeDivision, parent: Agency | None) -> Agency:
        return services.agency_create(actor=None, code=code, name=name, short_name=short_name,
                                      kind=kind, division=division, parent=parent,
                                      valid_from=VALID_FROM)

    def add_units(agency: Agency, units: list[tuple[str, str]]) -> None:
        for name, short_name in units:
            services.unit_create(actor=None, agency=agency, name=name, short_name=short_name,
                                 valid_from=VALID_FROM)

    committee = create(agency_code("00"), "Ủy ban nhân dân tỉnh Trà Vinh", "UBND",
                       Kind.PROVINCIAL_COMMITTEE, province, None)
    for y, name, short_name, kind, units in PROVINCIAL_AGENCIES:
        agency = create(agency_code(y), name, short_name, kind, province, committee)
        add_units(agency, units if kind == Kind.PROVINCIAL_OFFICE
                  else [_DEPARTMENT_UNITS, *units])
        for z, (body, body_short) in enumerate(DEPARTMENT_BODIES.get(y, []), start=1):
            create(agency_code(y, f"{z:02d}"), body, body_short, Kind.OTHER, province, agency)
    for y, name, short_name in OTHER_BODIES:
        create(agency_code(y), name, short_name, Kind.OTHER, province, committee)

    districts = province.children.order_by("code")
    for y, district in enumerate(districts, start=1):
        district_committee = create(agency_code(f"{y:02d}"), _committee_name(district), "UBND",
                                    Kind.DISTRICT_COMMITTEE, district, committee)
        add_units(district_committee, DISTRICT_UNITS)
        for z, commune in enumerate(district.children.order_by("code"), start=1):
            create(agency_code(f"{y:02d}", f"{z:02d}"), _committee_name(commune), "UBND",
                   Kind.COMMUNE_COMMITTEE, commune, district_committee)

    count = Agency.objects.valid_on(VALID_FROM).count()
    ctx.write(f"    {count} agencies of Trà Vinh as of {VALID_FROM:%d/%m/%Y}")
