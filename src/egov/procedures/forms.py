"""Application forms defined as data (tờ khai điện tử).

A procedure version's ``form`` is a list of field definitions; ``check_definition``
refuses a malformed one when the catalogue is edited or imported, and ``clean_answers``
validates what an applicant filled in, returning the cleaned values or a
``ValidationError`` naming each wrong field.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from egov.accounts.identifiers import (
    normalize_phone,
    normalize_tax_code,
    validate_citizen_id,
    validate_phone,
    validate_tax_code,
)

FIELD_TYPES = {
    "text", "textarea", "number", "date", "email", "phone", "citizen_id", "tax_code",
    "choice", "checkbox",
}
_NAME_RE = re.compile(r"^[a-z][a-z0-9_]{0,49}$")
_KNOWN_KEYS = {"name", "label", "type", "required", "choices", "min", "max", "max_length",
               "pattern", "help"}


def check_definition(form: Any) -> list[dict[str, Any]]:
    """Return the definition if it is well formed; raise ValidationError otherwise."""
    if not isinstance(form, list):
        raise ValidationError(_("The form must be a list of fields."))
    seen: set[str] = set()
    problems: list[str] = []
    for index, field in enumerate(form, start=1):
        where = _("Field %(n)s") % {"n": index}
        if not isinstance(field, dict):
            problems.append(_("%(where)s is not an object.") % {"where": where})
            continue
        unknown = set(field) - _KNOWN_KEYS
        if unknown:
            problems.append(_("%(where)s has unknown keys: %(keys)s.")
                            % {"where": where, "keys": ", ".join(sorted(unknown))})
        name = field.get("name", "")
        if not isinstance(name, str) or not _NAME_RE.match(name):
            problems.append(_("%(where)s needs a name of lower-case letters, digits and _.")
                            % {"where": where})
        elif name in seen:
            problems.append(_("%(where)s repeats the name %(name)s.")
                            % {"where": where, "name": name})
        seen.add(name)
        if not str(field.get("label", "")).strip():
            problems.append(_("%(where)s needs a label.") % {"where": where})
        kind = field.get("type")
        if kind not in FIELD_TYPES:
            problems.append(_("%(where)s has an unknown type %(type)s.")
                            % {"where": where, "type": kind})
        if kind == "choice" and not (
            isinstance(field.get("choices"), list) and field["choices"]
            and all(isinstance(c, str) and c for c in field["choices"])
        ):
            problems.append(_("%(where)s is a choice without choices.") % {"where": where})
        if "pattern" in field:
            try:
                re.compile(field["pattern"])
            except (re.error, TypeError):
                problems.append(_("%(where)s has an invalid pattern.") % {"where": where})
    if problems:
        raise ValidationError(problems)
    return form


def _clean_one(field: dict[str, Any], raw: Any) -> Any:
    kind = field["type"]
    if kind == "checkbox":
        if isinstance(raw, bool):
            return raw
        return str(raw).lower() in {"1", "true", "on", "yes"}
    value = "" if raw is None else str(raw).strip()
    if value == "":
        if field.get("required"):
            raise ValidationError(_("This field is required."))
        return None
    if kind in {"text", "textarea"}:
        limit = field.get("max_length", 2000 if kind == "textarea" else 255)
        if len(value) > limit:
            raise ValidationError(_("At most %(n)s characters.") % {"n": limit})
        if field.get("pattern") and not re.fullmatch(field["pattern"], value):
            raise ValidationError(_("The value does not have the required form."))
        return value
    if kind == "number":
        try:
            number = int(value.replace(".", "").replace(",", ""))
        except ValueError:
            raise ValidationError(_("Enter a whole number.")) from None
        if "min" in field and number < field["min"]:
            raise ValidationError(_("At least %(n)s.") % {"n": field["min"]})
        if "max" in field and number > field["max"]:
            raise ValidationError(_("At most %(n)s.") % {"n": field["max"]})
        return number
    if kind == "date":
        for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
            try:
                return dt.datetime.strptime(value, fmt).date().isoformat()
            except ValueError:
                continue
        raise ValidationError(_("Enter a date as dd/mm/yyyy."))
    if kind == "email":
        validate_email(value)
        return value
    if kind == "phone":
        validate_phone(value)
        return normalize_phone(value)
    if kind == "citizen_id":
        validate_citizen_id(value)
        return value
    if kind == "tax_code":
        validate_tax_code(value)
        return normalize_tax_code(value)
    if kind == "choice":
        if value not in field["choices"]:
            raise ValidationError(_("Choose one of the listed values."))
        return value
    raise ValidationError(_("Unknown field type."))


def clean_answers(form: list[dict[str, Any]], answers: dict[str, Any]) -> dict[str, Any]:
    """Validate an applicant's answers against the form; unknown keys are refused too."""
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, Any] = {}
    names = {f["name"] for f in form}
    for key in answers:
        if key not in names:
            errors[key] = [_("This form has no such field.")]
    for field in form:
        try:
            cleaned[field["name"]] = _clean_one(field, answers.get(field["name"]))
        except ValidationError as exc:
            errors[field["name"]] = exc.messages
    if errors:
        raise ValidationError(errors)
    return cleaned
