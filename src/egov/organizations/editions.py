"""The two maps of Vietnam's administrative divisions that egov knows.

* Edition ``2008``: the 63 provinces with their districts and communes, from the
  Hà Tây–Hà Nội merger (Resolution 15/2008/QH12, in force 1 August 2008) until
  30 June 2025. Read from ``data/divisions-2008.json.gz``, a compact copy of the data of
  ``vietnam-provinces`` 0.6.0 (see ``data/README.md``).
* Edition ``2025``: the 34 provinces and their communes from 1 July 2025, when
  provinces were merged (Resolution 202/2025/QH15) and the district level ended
  (Law 72/2025/QH15 on the organisation of local government). Read from the installed
  ``vietnam-provinces`` package.

The package data is a snapshot: units created or merged inside an edition's period
(a district split in 2015, communes merged in 2019-2020) carry the edition's dates, not
their own.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from egov.organizations.models import AdministrativeDivision

Level = AdministrativeDivision.Level

EDITION_2008 = "2008"
EDITION_2025 = "2025"
REORGANISATION_DATE = dt.date(2025, 7, 1)
_DATA_2008 = Path(__file__).parent / "data" / "divisions-2008.json.gz"


@dataclass(frozen=True)
class DivisionRow:
    code: str
    name: str
    kind: str
    level: int
    parent_code: str | None


@dataclass(frozen=True)
class Edition:
    key: str
    valid_from: dt.date
    valid_to: dt.date | None
    # Why rows of this edition end, by level (stored as each row's close_reason).
    close_reasons: dict[int, str]


EDITIONS = {
    EDITION_2008: Edition(
        key=EDITION_2008,
        valid_from=dt.date(2008, 8, 1),
        valid_to=REORGANISATION_DATE,
        close_reasons={
            Level.PROVINCE: "Sắp xếp đơn vị hành chính cấp tỉnh theo Nghị quyết 202/2025/QH15",
            Level.DISTRICT: "Kết thúc hoạt động của đơn vị hành chính cấp huyện từ 01/7/2025 "
                            "(Luật Tổ chức chính quyền địa phương số 72/2025/QH15)",
            Level.COMMUNE: "Sắp xếp đơn vị hành chính cấp xã từ 01/7/2025",
        },
    ),
    EDITION_2025: Edition(
        key=EDITION_2025, valid_from=REORGANISATION_DATE, valid_to=None, close_reasons={}
    ),
}

# Which 2025 province took in each of the 63 provinces, by Resolution 202/2025/QH15
# (built by hand from the resolution's list of the 23 merged and 11 unchanged provinces).
PROVINCE_SUCCESSORS_2025 = {
    "01": "01",  # Hà Nội → Hà Nội
    "02": "08",  # Hà Giang → Tuyên Quang
    "04": "04",  # Cao Bằng → Cao Bằng
    "06": "19",  # Bắc Kạn → Thái Nguyên
    "08": "08",  # Tuyên Quang → Tuyên Quang
    "10": "15",  # Lào Cai → Lào Cai
    "11": "11",  # Điện Biên → Điện Biên
    "12": "12",  # Lai Châu → Lai Châu
    "14": "14",  # Sơn La → Sơn La
    "15": "15",  # Yên Bái → Lào Cai
    "17": "25",  # Hòa Bình → Phú Thọ
    "19": "19",  # Thái Nguyên → Thái Nguyên
    "20": "20",  # Lạng Sơn → Lạng Sơn
    "22": "22",  # Quảng Ninh → Quảng Ninh
    "24": "24",  # Bắc Giang → Bắc Ninh
    "25": "25",  # Phú Thọ → Phú Thọ
    "26": "25",  # Vĩnh Phúc → Phú Thọ
    "27": "24",  # Bắc Ninh → Bắc Ninh
    "30": "31",  # Hải Dương → Hải Phòng
    "31": "31",  # Hải Phòng → Hải Phòng
    "33": "33",  # Hưng Yên → Hưng Yên
    "34": "33",  # Thái Bình → Hưng Yên
    "35": "37",  # Hà Nam → Ninh Bình
    "36": "37",  # Nam Định → Ninh Bình
    "37": "37",  # Ninh Bình → Ninh Bình
    "38": "38",  # Thanh Hóa → Thanh Hóa
    "40": "40",  # Nghệ An → Nghệ An
    "42": "42",  # Hà Tĩnh → Hà Tĩnh
    "44": "44",  # Quảng Bình → Quảng Trị
    "45": "44",  # Quảng Trị → Quảng Trị
    "46": "46",  # Huế → Huế
    "48": "48",  # Đà Nẵng → Đà Nẵng
    "49": "48",  # Quảng Nam → Đà Nẵng
    "51": "51",  # Quảng Ngãi → Quảng Ngãi
    "52": "52",  # Bình Định → Gia Lai
    "54": "66",  # Phú Yên → Đắk Lắk
    "56": "56",  # Khánh Hòa → Khánh Hòa
    "58": "56",  # Ninh Thuận → Khánh Hòa
    "60": "68",  # Bình Thuận → Lâm Đồng
    "62": "51",  # Kon Tum → Quảng Ngãi
    "64": "52",  # Gia Lai → Gia Lai
    "66": "66",  # Đắk Lắk → Đắk Lắk
    "67": "68",  # Đắk Nông → Lâm Đồng
    "68": "68",  # Lâm Đồng → Lâm Đồng
    "70": "75",  # Bình Phước → Đồng Nai
    "72": "80",  # Tây Ninh → Tây Ninh
    "74": "79",  # Bình Dương → Hồ Chí Minh
    "75": "75",  # Đồng Nai → Đồng Nai
    "77": "79",  # Bà Rịa - Vũng Tàu → Hồ Chí Minh
    "79": "79",  # Hồ Chí Minh → Hồ Chí Minh
    "80": "80",  # Long An → Tây Ninh
    "82": "82",  # Tiền Giang → Đồng Tháp
    "83": "86",  # Bến Tre → Vĩnh Long
    "84": "86",  # Trà Vinh → Vĩnh Long
    "86": "86",  # Vĩnh Long → Vĩnh Long
    "87": "82",  # Đồng Tháp → Đồng Tháp
    "89": "91",  # An Giang → An Giang
    "91": "91",  # Kiên Giang → An Giang
    "92": "92",  # Cần Thơ → Cần Thơ
    "93": "92",  # Hậu Giang → Cần Thơ
    "94": "92",  # Sóc Trăng → Cần Thơ
    "95": "96",  # Bạc Liêu → Cà Mau
    "96": "96",  # Cà Mau → Cà Mau
}

_LEVEL_BY_CODE_LENGTH = {2: Level.PROVINCE, 3: Level.DISTRICT, 5: Level.COMMUNE}


@cache
def _rows_2008() -> tuple[DivisionRow, ...]:
    with gzip.open(_DATA_2008, "rt", encoding="utf-8") as fh:
        doc = json.load(fh)
    return tuple(
        DivisionRow(code, name, kind, _LEVEL_BY_CODE_LENGTH[len(code)], parent)
        for code, name, kind, parent in doc["rows"]
    )


# The 2025 package writes provinces without their prefix ("Vĩnh Long") and cities with it.
_PROVINCE_PREFIX_2025 = {"tỉnh": "Tỉnh", "thành phố trung ương": "Thành phố"}


@cache
def _rows_2025() -> tuple[DivisionRow, ...]:
    # Imported here: the package builds its code enums on import (about 0.1 s), which
    # every start of the platform would otherwise pay.
    from vietnam_provinces import NESTED_DIVISIONS_JSON_PATH

    with open(NESTED_DIVISIONS_JSON_PATH, encoding="utf-8") as fh:
        provinces = json.load(fh)
    rows: list[DivisionRow] = []
    for province in provinces:
        code = f"{province['code']:02d}"
        kind = province["division_type"]
        name = province["name"]
        prefix = _PROVINCE_PREFIX_2025[kind]
        if not name.startswith(prefix + " "):
            name = f"{prefix} {name}"
        rows.append(DivisionRow(code, name, kind, Level.PROVINCE, None))
        rows.extend(
            DivisionRow(f"{ward['code']:05d}", ward["name"], ward["division_type"],
                        Level.COMMUNE, code)
            for ward in sorted(province["wards"], key=lambda w: w["code"])
        )
    return tuple(rows)


def edition_rows(edition: str) -> tuple[DivisionRow, ...]:
    """All rows of an edition, each parent before its children."""
    return _rows_2008() if edition == EDITION_2008 else _rows_2025()


def province_rows(edition: str, province_code: str) -> Iterator[DivisionRow]:
    """The province and everything under it, each parent before its children."""
    inside: set[str] = set()
    for row in edition_rows(edition):
        if row.code == province_code and row.level == Level.PROVINCE:
            inside.add(row.code)
            yield row
        elif row.parent_code in inside:
            if row.level == Level.DISTRICT:
                inside.add(row.code)
            yield row
