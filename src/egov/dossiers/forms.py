"""Parsing what the dossier pages post. The form of a procedure is data
(``ProcedureVersion.form``): ``answer_fields`` turns it into what the template draws,
and the services validate the answers (``egov.procedures.forms.clean_answers``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.http import QueryDict

from egov.accounts.models import User

INPUT_TYPES = {"text": "text", "number": "number", "date": "date", "email": "email",
               "phone": "tel", "citizen_id": "text", "tax_code": "text"}


@dataclass
class AnswerField:
    name: str
    label: str
    kind: str
    required: bool
    value: Any
    help: str = ""
    choices: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def input_type(self) -> str:
        return INPUT_TYPES.get(self.kind, "text")

    @property
    def html_name(self) -> str:
        return f"answer_{self.name}"


def answer_fields(definition: list[dict[str, Any]], values: dict[str, Any],
                  errors: dict[str, list[str]] | None = None) -> list[AnswerField]:
    errors = errors or {}
    fields = []
    for item in definition:
        value = values.get(item["name"], "")
        if item["type"] == "date" and isinstance(value, str):
            # <input type=date> wants ISO; an answer typed as dd/mm/yyyy is shown so.
            parsed = posted_date(value)
            value = parsed.isoformat() if parsed else value
        fields.append(AnswerField(
            name=item["name"], label=item["label"], kind=item["type"],
            required=bool(item.get("required")), value=value, help=item.get("help", ""),
            choices=list(item.get("choices", [])), errors=list(errors.get(item["name"], []))))
    return fields


# Which profile item a form field asks for: by the field's type first, else by its name.
PROFILE_BY_TYPE = {"citizen_id": "citizen_id", "tax_code": "tax_code", "phone": "phone",
                   "email": "email"}
PROFILE_BY_NAME = {
    "name": {"applicant_name", "full_name", "name", "ho_ten", "business_name",
             "organization_name", "ten_to_chuc", "ten_doanh_nghiep"},
    "id_number": {"id_number", "applicant_id_number", "cccd", "so_cccd", "identity_number"},
    "citizen_id": {"citizen_id"},
    "tax_code": {"tax_code", "ma_so_thue"},
    "phone": {"phone", "applicant_phone", "phone_number", "so_dien_thoai", "dien_thoai"},
    "email": {"email", "applicant_email", "thu_dien_tu"},
    "address": {"address", "applicant_address", "dia_chi", "dia_chi_thuong_tru",
                "head_office_address", "tru_so"},
}
_PROFILE_FIELD_TYPES = {"text", "textarea", "citizen_id", "tax_code", "phone", "email"}


def profile_answers(definition: list[dict[str, Any]], user: Any) -> dict[str, str]:
    """What the applicant's account already says for the form's fields that ask for it
    (name, citizen ID or tax code, phone, e-mail, address): the starting values of a new
    application, which the applicant may still change."""
    # A business is known by its tax code, a person by their citizen ID.
    if user.kind == User.Kind.BUSINESS:
        id_number = user.tax_code or ""
    else:
        id_number = user.citizen_id or user.tax_code or ""
    profile = {
        "name": user.get_full_name(), "citizen_id": user.citizen_id or "",
        "tax_code": user.tax_code or "", "id_number": id_number,
        "phone": user.phone, "email": user.email, "address": user.address,
    }
    answers = {}
    for item in definition:
        if item["type"] not in _PROFILE_FIELD_TYPES:
            continue
        wanted = PROFILE_BY_TYPE.get(item["type"]) or next(
            (key for key, names in PROFILE_BY_NAME.items() if item["name"] in names), None)
        if wanted and profile[wanted]:
            answers[item["name"]] = profile[wanted]
    return answers


def posted_answers(definition: list[dict[str, Any]], data: QueryDict) -> dict[str, Any]:
    """The answers as posted (``answer_<name>``); unchecked boxes are False."""
    answers: dict[str, Any] = {}
    for item in definition:
        key = f"answer_{item['name']}"
        if item["type"] == "checkbox":
            answers[item["name"]] = key in data
        elif data.get(key, "").strip():
            answers[item["name"]] = data[key].strip()
    return answers


def posted_positions(data: QueryDict, name: str = "papers") -> list[str]:
    return data.getlist(name)


def posted_lines(text: str) -> list[str]:
    return [line.strip(" -•\t") for line in (text or "").splitlines() if line.strip(" -•\t")]


def posted_date(text: str) -> dt.date | None:
    text = (text or "").strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def error_messages(exc: Any) -> tuple[dict[str, list[str]], list[str]]:
    """A ValidationError as (field → messages, every message) for a page."""
    if hasattr(exc, "error_dict"):
        by_field = {name: list(msgs) for name, msgs in exc.message_dict.items()}
        return by_field, [m for msgs in by_field.values() for m in msgs]
    return {}, list(exc.messages)
