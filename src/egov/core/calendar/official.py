"""Days the Government declared off or worked for civil servants that ``holidays`` lacks.

Each year the Ministry (of Labour until 2025, of Home Affairs since) announces the
holiday schedule of cán bộ, công chức, viên chức. For 2017–2026 the schedule of
``holidays`` 0.109 (public holidays, Tết with its compensatory days, and the swaps
it lists) was compared with those announcements as the press reported them:

- 2017: Tết 26/01–01/02; 30/04–1/05 from 29/04 to 02/05; 02/09 to 04/09.
- 2018: Tết 14/02–20/02; 31/12/2018 off, worked on Saturday 05/01/2019 (in the package).
- 2019: Tết 02/02–10/02; 29/04 off, worked on Saturday 04/05 (in the package).
- 2020: Tết 23/01–29/01. 2021: Tết 10/02–16/02. 2022: Tết 29/01–06/02.
- 2023: Tết 20/01–26/01; 29/04–03/05 without a swap.
- 2024: Tết 08/02–14/02; 29/04 off, worked on Saturday 04/05 (in the package);
  Quốc khánh 31/08–03/09.
- 2025: Tết 25/01–02/02; 02/05 off, worked on Saturday 26/04 (in the package).
- 2026: Tết 14/02–22/02; 31/08 off, worked on Saturday 22/08 (in the package).

The only announced change the package does not have is the New Year swap of 2026,
below. ``calendar_official_days_load`` declares these rows and skips any that a
newer ``holidays`` release has taken in.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from egov.core.calendar.models import CalendarDay


@dataclass(frozen=True)
class OfficialDay:
    date: dt.date
    kind: str
    name: str
    legal_basis: str


_VPCP_12729 = (
    "Công văn số 12729/VPCP-KGVX ngày 25/12/2025 của Văn phòng Chính phủ "
    "và thông báo của Bộ Nội vụ cùng ngày"
)

OFFICIAL_DAYS: tuple[OfficialDay, ...] = (
    OfficialDay(
        dt.date(2026, 1, 2), CalendarDay.Kind.DAY_OFF,
        "Nghỉ Tết Dương lịch 2026 (hoán đổi với thứ Bảy 10/01/2026)", _VPCP_12729,
    ),
    OfficialDay(
        dt.date(2026, 1, 10), CalendarDay.Kind.WORKING_DAY,
        "Làm bù cho thứ Sáu 02/01/2026 (Tết Dương lịch 2026)", _VPCP_12729,
    ),
)
