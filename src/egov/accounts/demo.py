"""People of the demo province: named logins for each role, officials for every agency,
and with ``--full`` the bulk of accounts up to the 7,582 official accounts the 2017 report counts
(a figure for the whole province, mostly specialists spread over the agencies).

Named logins go through the one-by-one services, like an administrator's clicks; the
generated officials go through ``officials_bulk_create`` with the demo password hashed
once. Names are drawn from ``ctx.random`` so two loads give the same people.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import unicodedata
import zoneinfo
from collections.abc import Iterator

from egov.accounts import services
from egov.accounts.identifiers import MOBILE_PREFIXES, tax_check_digit
from egov.accounts.models import Official, Role, User
from egov.accounts.services import OfficialRow
from egov.core.demo import DEMO_PASSWORD, DemoContext
from egov.organizations.models import Agency, Unit

# Users of the document system in the report (Báo cáo 1407/BC-STTTT-VP, section 2).
# The report counts 7,582 users of the document system, i.e. official accounts, 117 of
# them opened during 2017; the others were opened in the years before.
REPORT_USER_COUNT = 7582
REPORT_OPENED_2017 = 117
VIETNAM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
OPENED_NAMED = dt.datetime(2015, 3, 2, 8, 0, tzinfo=VIETNAM)
STTTT_CODE = "000.00.31.H59"
MAIL_DOMAIN = "travinh.gov.vn"
# Agencies with a one-stop desk (bộ phận một cửa) that receives dossiers.
RECEIVING_KINDS = {Agency.Kind.DEPARTMENT, Agency.Kind.DISTRICT_COMMITTEE,
                   Agency.Kind.COMMUNE_COMMITTEE}
# Kinds whose units get a head and a specialist each, and an agency administrator.
STAFFED_KINDS = {Agency.Kind.DEPARTMENT, Agency.Kind.PROVINCIAL_OFFICE,
                 Agency.Kind.DISTRICT_COMMITTEE}
# How the --full bulk of specialists is shared out: relative weight per agency kind.
BULK_WEIGHTS = {
    Agency.Kind.PROVINCIAL_COMMITTEE: 30, Agency.Kind.PROVINCIAL_OFFICE: 30,
    Agency.Kind.DEPARTMENT: 40, Agency.Kind.DISTRICT_COMMITTEE: 60,
    Agency.Kind.COMMUNE_COMMITTEE: 20, Agency.Kind.OTHER: 12,
}

# Family names weighted roughly as in the Mekong Delta, with the Khmer families of
# Trà Vinh (Thạch, Kim, Sơn, Danh).
SURNAMES = [("Nguyễn", 30), ("Trần", 11), ("Lê", 9), ("Phạm", 6), ("Huỳnh", 5), ("Võ", 4),
            ("Phan", 4), ("Thạch", 4), ("Trương", 2), ("Đặng", 2), ("Bùi", 2), ("Đỗ", 2),
            ("Hồ", 2), ("Ngô", 2), ("Dương", 2), ("Lâm", 2), ("Kim", 2), ("Sơn", 2),
            ("Danh", 1), ("Lý", 1), ("Đoàn", 1), ("Mai", 1), ("Tô", 1)]
MIDDLE = {"m": ["Văn", "Hữu", "Minh", "Thanh", "Quốc", "Đức", "Công", "Hoàng", "Ngọc", "Tấn",
                "Chí", "Phước"],
          "f": ["Thị", "Thị", "Thị", "Ngọc", "Thanh", "Thu", "Kim", "Mỹ", "Bích", "Hồng",
                "Thùy"]}
GIVEN = {"m": ["An", "Bình", "Cường", "Dũng", "Duy", "Hải", "Hiếu", "Hùng", "Huy", "Khang",
               "Khoa", "Lâm", "Long", "Lộc", "Minh", "Nam", "Nghĩa", "Phong", "Phúc", "Quang",
               "Sang", "Sơn", "Tài", "Tâm", "Thắng", "Thành", "Thịnh", "Toàn", "Trí", "Trung",
               "Tuấn", "Việt", "Vinh", "Luân", "Bảo"],
         "f": ["Anh", "Châu", "Diễm", "Dung", "Giang", "Hà", "Hạnh", "Hằng", "Hiền", "Hoa",
               "Hương", "Lan", "Linh", "Loan", "Mai", "My", "Nga", "Ngân", "Nhung", "Oanh",
               "Phương", "Quyên", "Thảo", "Thu", "Thúy", "Trang", "Trinh", "Tuyết", "Vân",
               "Yến"]}

# (username, full name, unit short name or None, position, roles, description)
STTTT_LOGINS = [
    ("giamdoc.stttt", "Trần Văn Dũng", None, "Giám đốc Sở", [Role.DIRECTOR],
     "Giám đốc Sở Thông tin và Truyền thông"),
    ("truongphong.stttt", "Phạm Thị Thu Hà", "BCVT", "Trưởng phòng", [Role.HEAD_OF_UNIT],
     "Trưởng phòng Bưu chính - Viễn thông, Sở TT&TT"),
    ("chuyenvien.stttt", "Huỳnh Minh Khoa", "BCVT", "Chuyên viên", [Role.SPECIALIST],
     "Chuyên viên Phòng Bưu chính - Viễn thông, Sở TT&TT"),
    ("vanthu.stttt", "Nguyễn Thị Bích Ngân", "VP", "Văn thư", [Role.CLERK],
     "Văn thư, Văn phòng Sở TT&TT"),
    ("motcua.stttt", "Võ Thanh Tâm", "VP", "Công chức Bộ phận một cửa", [Role.DESK_OFFICER],
     "Cán bộ một cửa, Văn phòng Sở TT&TT"),
    ("quantri.stttt", "Lâm Quốc Việt", "VP", "Chuyên viên công nghệ thông tin",
     [Role.AGENCY_ADMIN], "Quản trị tài khoản của Sở TT&TT"),
    ("thanhtra.stttt", "Kim Ngọc Sang", "TTra", "Thanh tra viên", [Role.INSPECTOR],
     "Thanh tra viên, Thanh tra Sở TT&TT"),
]


def ascii_slug(text: str) -> str:
    """``Càng Long`` → ``canglong``: what fits in a user name."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if c.isascii() and c.isalnum()).lower()


def agency_slugs(agencies: list[Agency]) -> dict[int, str]:
    """A short, unique user-name suffix per agency: ``stttt``, ``canglong``, ``xdonxuan``."""
    slugs: dict[int, str] = {}
    used: set[str] = set()
    for agency in agencies:
        division = agency.division
        if agency.kind == Agency.Kind.DISTRICT_COMMITTEE:
            rest = division.name[len(division.kind):] if division.name.lower().startswith(
                division.kind.lower()) else division.name
            initials = "".join(w[0] for w in division.kind.split())
            candidates = [ascii_slug(rest), ascii_slug(initials) + ascii_slug(rest)]
        elif agency.kind == Agency.Kind.COMMUNE_COMMITTEE:
            initials = "".join(w[0] for w in division.kind.split())
            rest = division.name[len(division.kind):] if division.name.lower().startswith(
                division.kind.lower()) else division.name
            base = ascii_slug(initials) + ascii_slug(rest)
            parent = slugs.get(agency.parent_id, "")
            candidates = [base, f"{base}.{parent}" if parent else base]
        elif agency.kind == Agency.Kind.PROVINCIAL_COMMITTEE:
            candidates = ["ubndtinh"]
        else:
            candidates = [ascii_slug(agency.short_name)]
        candidates.append(f"{candidates[0]}{agency.code[:10].replace('.', '')}")
        slug = next(c for c in candidates if c and c not in used)
        used.add(slug)
        slugs[agency.pk] = slug
    return slugs


class People:
    """Deterministic Vietnamese names, phone numbers and unique user names."""

    def __init__(self, rng: random.Random, taken: set[str]) -> None:
        self.rng = rng
        self.taken = taken
        self._surnames = [s for s, _ in SURNAMES]
        self._weights = [w for _, w in SURNAMES]
        self._mobile = sorted(MOBILE_PREFIXES)

    def name(self) -> str:
        sex = self.rng.choice("mf")
        surname = self.rng.choices(self._surnames, self._weights)[0]
        middle = self.rng.choice(MIDDLE[sex])
        given = self.rng.choice(GIVEN[sex])
        if sex == "f" and middle == "Thị" and self.rng.random() < 0.3:
            # Two-part given names are common among women: Nguyễn Thị Ngọc Hân.
            middle = f"Thị {self.rng.choice(MIDDLE['f'][3:])}"
        return f"{surname} {middle} {given}"

    def username(self, full_name: str, suffix: str) -> str:
        """Given name + initials of the others, as agencies name mailboxes: Nguyễn Văn An
        of STTTT → ``annv.stttt``."""
        words = full_name.split()
        base = ascii_slug(words[-1]) + "".join(ascii_slug(w)[0] for w in words[:-1])
        candidate, n = f"{base}.{suffix}", 1
        while candidate in self.taken:
            n += 1
            candidate = f"{base}{n}.{suffix}"
        self.taken.add(candidate)
        return candidate

    def mobile(self) -> str:
        return self.rng.choice(self._mobile) + f"{self.rng.randrange(10**7):07d}"


def _director_position(agency: Agency) -> str:
    if agency.kind in (Agency.Kind.DISTRICT_COMMITTEE, Agency.Kind.COMMUNE_COMMITTEE,
                       Agency.Kind.PROVINCIAL_COMMITTEE):
        return "Chủ tịch Ủy ban nhân dân"
    if agency.kind == Agency.Kind.PROVINCIAL_OFFICE:
        return "Chánh Văn phòng"
    if agency.name.startswith("Thanh tra"):
        return "Chánh Thanh tra"
    if agency.name.startswith("Ban"):
        return "Trưởng ban"
    if agency.kind == Agency.Kind.DEPARTMENT:
        return "Giám đốc Sở"
    return "Thủ trưởng cơ quan"


def _head_position(unit: Unit) -> str:
    if unit.short_name == "VP":
        return "Chánh Văn phòng"
    if unit.name.startswith("Thanh tra"):
        return "Chánh Thanh tra"
    if unit.name.startswith("Trung tâm"):
        return "Giám đốc Trung tâm"
    return "Trưởng phòng"


def _rows_for_agency(agency: Agency, units: list[Unit], slug: str, people: People,
                     filled: set[tuple[str, object]]) -> Iterator[OfficialRow]:
    """The officials an agency needs to work: director, clerk, desk officer where dossiers
    are received, a head and a specialist per unit, an administrator — less the posts
    that a named login already holds (``filled``: (role, unit id, None for the agency as
    a whole, or "*" for that role anywhere in the agency))."""
    office = next((u for u in units if u.short_name == "VP"), None)

    def row(role: str, position: str, unit: Unit | None = None) -> OfficialRow:
        full_name = people.name()
        username = people.username(full_name, slug)
        return OfficialRow(username=username, full_name=full_name,
                           email=f"{username}@{MAIL_DOMAIN}", agency=agency, roles=(role,),
                           unit=unit, position=position, phone=people.mobile())

    posts: list[tuple[str, str, Unit | None]] = [
        (Role.DIRECTOR, _director_position(agency), None),
        (Role.CLERK, "Văn thư", office),
    ]
    if agency.kind in RECEIVING_KINDS:
        posts.append((Role.DESK_OFFICER, "Công chức Bộ phận một cửa", office))
    if agency.kind in STAFFED_KINDS:
        posts.append((Role.AGENCY_ADMIN, "Chuyên viên công nghệ thông tin", office))
        for unit in units:
            posts.append((Role.HEAD_OF_UNIT, _head_position(unit), unit))
            posts.append((Role.SPECIALIST, "Chuyên viên", unit))
            if unit.name.startswith("Thanh tra"):
                posts.append((Role.INSPECTOR, "Thanh tra viên", unit))
    if agency.name.startswith("Thanh tra"):
        posts.append((Role.INSPECTOR, "Thanh tra viên", None))
    for role, position, unit in posts:
        key = (role, unit.pk if unit else None)
        if key in filled or (role in (Role.DIRECTOR, Role.AGENCY_ADMIN, Role.CLERK,
                                      Role.DESK_OFFICER) and (role, "*") in filled):
            continue
        yield row(role, position, unit)


def _share(total: int, weights: list[int]) -> list[int]:
    """Split ``total`` in proportion to ``weights``, exactly (largest remainders)."""
    whole = sum(weights)
    exact = [total * w / whole for w in weights]
    shares = [int(x) for x in exact]
    by_remainder = sorted(range(len(weights)), key=lambda i: exact[i] - shares[i],
                          reverse=True)
    for i in by_remainder[: total - sum(shares)]:
        shares[i] += 1
    return shares


def load(ctx: DemoContext) -> None:
    stttt = Agency.objects.get(code=STTTT_CODE)
    stttt_units = {u.short_name: u for u in stttt.units.all()}
    canglong = Agency.objects.get(kind=Agency.Kind.DISTRICT_COMMITTEE,
                                  name__endswith="Càng Long")

    admin = services.official_create(
        actor=None, username="admin", full_name="Lê Hoàng Phúc",
        email=f"admin@{MAIL_DOMAIN}", agency=stttt, unit=stttt_units["TTCNTT"],
        position="Quản trị hệ thống", roles=[Role.SYSTEM_ADMIN], password=DEMO_PASSWORD,
        opened_at=OPENED_NAMED,
    ).user
    ctx.logins.append(("admin", "Quản trị hệ thống (toàn tỉnh, trang quản trị cấu hình)"))

    filled: dict[int, set[tuple[str, object]]] = {stttt.pk: set(), canglong.pk: set()}
    for username, full_name, unit_short, position, roles, description in STTTT_LOGINS:
        unit = stttt_units[unit_short] if unit_short else None
        services.official_create(
            actor=admin, username=username, full_name=full_name,
            email=f"{username}@{MAIL_DOMAIN}", agency=stttt, unit=unit, position=position,
            roles=roles, password=DEMO_PASSWORD, opened_at=OPENED_NAMED,
        )
        ctx.logins.append((username, description))
        filled[stttt.pk] |= {(r, unit.pk if unit else None) for r in roles}
        filled[stttt.pk] |= {(r, "*") for r in roles}
    canglong_office = canglong.units.get(short_name="VP")
    services.official_create(
        actor=admin, username="quantri.canglong", full_name="Đặng Hữu Nghĩa",
        email=f"quantri.canglong@{MAIL_DOMAIN}", agency=canglong, unit=canglong_office,
        position="Chuyên viên công nghệ thông tin", roles=[Role.AGENCY_ADMIN],
        password=DEMO_PASSWORD, opened_at=OPENED_NAMED,
    )
    ctx.logins.append(("quantri.canglong", "Quản trị tài khoản của UBND huyện Càng Long"))
    filled[canglong.pk] |= {(Role.AGENCY_ADMIN, "*")}

    services.citizen_register(
        full_name="Nguyễn Văn An", citizen_id="084085001234", phone="0913456789",
        email="nguyenvanan@example.com", password=DEMO_PASSWORD,
        address="Số 12 đường Nguyễn Đáng, Phường 7, thành phố Trà Vinh", username="congdan",
    )
    ctx.logins.append(("congdan", "Công dân Nguyễn Văn An (CCCD 084085001234)"))
    tax_code = _demo_tax_code("21001234")
    services.business_register(
        name="Công ty TNHH Giải pháp Phần mềm Trà Vinh", tax_code=tax_code,
        phone="02943855123", email="lienhe@example.com", password=DEMO_PASSWORD,
        address="Số 45 đường Phạm Thái Bường, Phường 4, thành phố Trà Vinh",
        username="doanhnghiep",
    )
    ctx.logins.append(("doanhnghiep", f"Doanh nghiệp, mã số thuế {tax_code}"))

    agencies = list(Agency.objects.select_related("division").order_by("code"))
    units: dict[int, list[Unit]] = {}
    for unit in Unit.objects.order_by("agency_id", "short_name"):
        units.setdefault(unit.agency_id, []).append(unit)
    slugs = agency_slugs(agencies)
    people = People(ctx.random("accounts.people"),
                    set(User.objects.values_list("username", flat=True)))
    rows = [
        row
        for agency in agencies
        for row in _rows_for_agency(agency, units.get(agency.pk, []), slugs[agency.pk],
                                    people, filled.get(agency.pk, set()))
    ]
    dates = ctx.random("accounts.opened")
    rows = [dataclasses.replace(row, opened_at=_opened_before_2017(dates)) for row in rows]
    services.officials_bulk_create(actor=admin, rows=rows, password=DEMO_PASSWORD)

    if ctx.full:
        remaining = REPORT_USER_COUNT - Official.objects.count()
        if remaining < REPORT_OPENED_2017:
            raise RuntimeError(f"The demo already has about {REPORT_USER_COUNT} officials.")
        shares = _share(remaining, [BULK_WEIGHTS[Agency.Kind(a.kind)] for a in agencies])
        bulk: list[OfficialRow] = []
        for agency, count in zip(agencies, shares, strict=True):
            agency_units = units.get(agency.pk, [])
            for i in range(count):
                full_name = people.name()
                username = people.username(full_name, slugs[agency.pk])
                unit = agency_units[i % len(agency_units)] if agency_units else None
                bulk.append(OfficialRow(
                    username=username, full_name=full_name, email=f"{username}@{MAIL_DOMAIN}",
                    agency=agency, roles=(Role.SPECIALIST,), unit=unit, position="Chuyên viên",
                    phone=people.mobile(), opened_at=_opened_before_2017(dates),
                ))
        # Spread evenly through the list, so the year's new accounts are in every agency.
        step = len(bulk) / REPORT_OPENED_2017
        for n in range(REPORT_OPENED_2017):
            index = int(n * step)
            bulk[index] = dataclasses.replace(bulk[index], opened_at=_opened_in_2017(dates))
        services.officials_bulk_create(actor=admin, rows=bulk, password=DEMO_PASSWORD)

    ctx.write(f"    {User.objects.count()} users, {Official.objects.count()} of them officials")


def _opened_before_2017(rng: random.Random) -> dt.datetime:
    day = dt.date(2012, 1, 2) + dt.timedelta(days=rng.randrange(5 * 365))
    return dt.datetime.combine(day, dt.time(8 + rng.randrange(9), rng.randrange(60)), VIETNAM)


def _opened_in_2017(rng: random.Random) -> dt.datetime:
    day = dt.date(2017, 1, 3) + dt.timedelta(days=rng.randrange(360))
    return dt.datetime.combine(day, dt.time(8 + rng.randrange(9), rng.randrange(60)), VIETNAM)


def _demo_tax_code(prefix: str) -> str:
    """The first valid 10-digit tax code that starts with ``prefix`` (8 digits)."""
    for ninth in range(10):
        head = f"{prefix}{ninth}"
        check = tax_check_digit(head)
        if check is not None:
            return f"{head}{check}"
    raise ValueError(prefix)
