"""The catalogue as an Excel workbook, for officials who keep it in spreadsheets.

Three sheets: *Thủ tục* (one row per procedure version), *Thành phần hồ sơ* (papers) and
*Quy trình* (steps), joined by national code and start date. The form and the legal
basis, which are structured, sit as JSON in their cells.
"""

from __future__ import annotations

import io
import json
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

VERSION_COLUMNS = [
    "code", "agency", "field_code", "field_name", "valid_from", "valid_to", "name", "old_level",
    "online_level", "time_limit_days", "fee", "charge", "fee_note", "pay_before_processing",
    "postal_return_allowed", "applicants", "result_name", "result_template", "form",
    "legal_basis",
]
PAPER_COLUMNS = ["code", "valid_from", "name", "originals", "copies", "required", "form_template"]
STEP_COLUMNS = ["code", "valid_from", "name", "role", "unit", "days"]
SHEETS = {"Thủ tục": VERSION_COLUMNS, "Thành phần hồ sơ": PAPER_COLUMNS, "Quy trình": STEP_COLUMNS}


def export_workbook(records: list[dict[str, Any]]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    sheets = {}
    for title, columns in SHEETS.items():
        sheet = book.create_sheet(title)
        sheet.append(columns)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheets[title] = sheet
    for record in records:
        for version in record["versions"]:
            row = {"code": record["code"], "agency": record["agency"],
                   "field_code": record["field"]["code"], "field_name": record["field"]["name"],
                   **version,
                   "form": json.dumps(version["form"], ensure_ascii=False),
                   "legal_basis": json.dumps(version["legal_basis"], ensure_ascii=False)}
            sheets["Thủ tục"].append([row.get(c) for c in VERSION_COLUMNS])
            for paper in version["papers"]:
                sheets["Thành phần hồ sơ"].append(
                    [record["code"], version["valid_from"]] + [paper[c] for c in PAPER_COLUMNS[2:]])
            for step in version["steps"]:
                sheets["Quy trình"].append(
                    [record["code"], version["valid_from"]] + [step[c] for c in STEP_COLUMNS[2:]])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _rows(book: Any, title: str, columns: list[str]) -> list[tuple[int, dict[str, Any]]]:
    if title not in book.sheetnames:
        raise ValidationError(_("The workbook has no sheet named %(name)s.") % {"name": title})
    rows = list(book[title].iter_rows(values_only=True))
    if not rows or [str(c or "") for c in rows[0][: len(columns)]] != columns:
        raise ValidationError(_("Sheet %(name)s must start with the columns: %(columns)s.")
                              % {"name": title, "columns": ", ".join(columns)})
    return [
        (number, dict(zip(columns, row[: len(columns)], strict=False)))
        for number, row in enumerate(rows[1:], start=2)
        if any(value not in (None, "") for value in row)
    ]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.date().isoformat() if hasattr(value, "date") else value.isoformat()
    return str(value).strip()


def read_workbook(content: bytes) -> list[dict[str, Any]]:
    """Turn a workbook back into records; a bad cell is named by sheet and row."""
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not XLSX
        raise ValidationError(_("The file is not an Excel workbook (.xlsx).")) from exc
    records: dict[str, dict[str, Any]] = {}
    versions: dict[tuple[str, str], dict[str, Any]] = {}
    problems: list[str] = []
    for number, row in _rows(book, "Thủ tục", VERSION_COLUMNS):
        code, start = _text(row["code"]), _text(row["valid_from"])
        try:
            form = json.loads(row["form"] or "[]")
            legal_basis = json.loads(row["legal_basis"] or "[]")
        except (TypeError, json.JSONDecodeError):
            problems.append(_("Thủ tục, row %(row)s: the form or legal basis is not valid JSON.")
                            % {"row": number})
            continue
        record = records.setdefault(code, {
            "code": code, "agency": _text(row["agency"]),
            "field": {"code": _text(row["field_code"]), "name": _text(row["field_name"])},
            "versions": [],
        })
        version = {
            "valid_from": start, "valid_to": _text(row["valid_to"]) or None,
            "name": _text(row["name"]), "old_level": row["old_level"],
            "online_level": _text(row["online_level"]),
            "time_limit_days": row["time_limit_days"], "fee": row["fee"] or 0,
            "charge": row["charge"] or 0, "fee_note": _text(row["fee_note"]),
            "pay_before_processing": bool(row["pay_before_processing"]),
            "postal_return_allowed": bool(row["postal_return_allowed"]),
            "applicants": _text(row["applicants"]), "result_name": _text(row["result_name"]),
            "result_template": _text(row["result_template"]), "form": form,
            "legal_basis": legal_basis, "papers": [], "steps": [],
        }
        record["versions"].append(version)
        versions[(code, start)] = version
    for sheet, key, columns in (("Thành phần hồ sơ", "papers", PAPER_COLUMNS),
                                ("Quy trình", "steps", STEP_COLUMNS)):
        for number, row in _rows(book, sheet, columns):
            version = versions.get((_text(row["code"]), _text(row["valid_from"])))
            if version is None:
                problems.append(_("%(sheet)s, row %(row)s: no procedure version %(code)s from "
                                  "%(date)s in sheet Thủ tục.")
                                % {"sheet": sheet, "row": number, "code": _text(row["code"]),
                                   "date": _text(row["valid_from"])})
                continue
            item = {c: row[c] for c in columns[2:]}
            if key == "papers":
                item["required"] = bool(item["required"])
                item["form_template"] = _text(item["form_template"])
            else:
                item["unit"] = _text(item["unit"])
                item["days"] = _text(item["days"])
            version[key].append(item)
    if problems:
        raise ValidationError(problems)
    return list(records.values())
