"""Changes to the procedure catalogue. Every function runs in a transaction and is audited.

The catalogue travels as *records*: one dict per procedure, the same shape in the JSON
export, the XLSX export and the API (see ``docs/procedures.md``)::

    {"code": "1.003868", "agency": "000.00.31.H59",
     "field": {"code": "XB", "name": "Xuất bản"},
     "versions": [{"valid_from": "2017-01-01", "name": "...", "old_level": 3, ...,
                   "papers": [...], "steps": [...], "form": [...], "legal_basis": [...]}]}
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from egov.core import audit
from egov.core.text import fold
from egov.organizations.models import Agency
from egov.procedures.forms import check_definition
from egov.procedures.models import (
    Field,
    Procedure,
    ProcedureVersion,
    ProcessingStep,
    RequiredPaper,
)
from egov.procedures.selectors import forget_catalogue

_VERSION_KEYS = {
    "valid_from", "valid_to", "name", "old_level", "online_level", "time_limit_days", "fee",
    "charge", "fee_note", "pay_before_processing", "postal_return_allowed", "applicants",
    "result_name", "result_template", "form", "legal_basis", "papers", "steps",
}


def _date(value: Any, label: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ValidationError({label: _("Enter a date as YYYY-MM-DD.")}) from None


def _whole(value: Any, label: str, *, minimum: int = 0) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValidationError({label: _("Enter a whole number.")}) from None
    if number < minimum:
        raise ValidationError({label: _("At least %(n)s.") % {"n": minimum}})
    return number


def _clean_version(data: dict[str, Any]) -> dict[str, Any]:
    """Check one version's data; return it cleaned or raise ValidationError per field."""
    unknown = set(data) - _VERSION_KEYS
    if unknown:
        raise ValidationError(_("Unknown keys: %(keys)s.") % {"keys": ", ".join(sorted(unknown))})
    errors: dict[str, list[str]] = {}
    clean: dict[str, Any] = {}

    def attempt(key: str, fn: Any) -> None:
        try:
            clean[key] = fn()
        except ValidationError as exc:
            for field, messages in exc.message_dict.items() if hasattr(exc, "error_dict") \
                    else [(key, exc.messages)]:
                errors.setdefault(field, []).extend(messages)

    attempt("valid_from", lambda: _date(data.get("valid_from"), "valid_from"))
    if data.get("valid_to"):
        attempt("valid_to", lambda: _date(data["valid_to"], "valid_to"))
    for key in ("name", "result_name"):
        value = str(data.get(key, "")).strip()
        if not value:
            errors.setdefault(key, []).append(_("This field is required."))
        clean[key] = value
    attempt("time_limit_days", lambda: _whole(data.get("time_limit_days"), "time_limit_days",
                                              minimum=1))
    attempt("fee", lambda: _whole(data.get("fee", 0), "fee"))
    attempt("charge", lambda: _whole(data.get("charge", 0), "charge"))
    old_level = data.get("old_level")
    if old_level not in ProcedureVersion.OldLevel.values:
        errors.setdefault("old_level", []).append(_("The level must be 1, 2, 3 or 4."))
    online_level = data.get("online_level")
    if online_level not in ProcedureVersion.OnlineLevel.values:
        errors.setdefault("online_level", []).append(
            _("The online service must be toan_trinh, mot_phan or khong."))
    elif old_level in ProcedureVersion.OldLevel.values and (
        (old_level >= 3) != (online_level != ProcedureVersion.OnlineLevel.NONE)
    ):
        errors.setdefault("online_level", []).append(
            _("Levels 3 and 4 are online services (toan_trinh or mot_phan); levels 1 and 2 "
              "are not (khong)."))
    clean["old_level"], clean["online_level"] = old_level, online_level
    for key in ("fee_note", "applicants", "result_template"):
        clean[key] = str(data.get(key, "") or "")
    clean["pay_before_processing"] = bool(data.get("pay_before_processing", False))
    clean["postal_return_allowed"] = bool(data.get("postal_return_allowed", True))
    attempt("form", lambda: check_definition(data.get("form", [])))
    attempt("legal_basis", lambda: _clean_legal_basis(data.get("legal_basis", [])))
    attempt("papers", lambda: _clean_papers(data.get("papers", [])))
    attempt("steps", lambda: _clean_steps(data.get("steps", [])))

    if not errors:
        if clean.get("valid_to") and clean["valid_to"] <= clean["valid_from"]:
            errors["valid_to"] = [_("A version must end after it starts.")]
        if clean["pay_before_processing"] and clean["fee"] + clean["charge"] == 0:
            errors["pay_before_processing"] = [_("Payment first needs a fee or a charge.")]
        total = sum(step["days"] for step in clean["steps"])
        if clean["steps"] and total != clean["time_limit_days"]:
            errors["steps"] = [
                _("The steps add up to %(total)s working days, the time limit is %(limit)s.")
                % {"total": total, "limit": clean["time_limit_days"]}
            ]
    if errors:
        raise ValidationError(errors)
    return clean


def _clean_legal_basis(items: Any) -> list[dict[str, str]]:
    if not isinstance(items, list):
        raise ValidationError(_("The legal basis must be a list."))
    clean = []
    for item in items:
        if not isinstance(item, dict) or not str(item.get("document", "")).strip():
            raise ValidationError(_("Each legal basis names its document (e.g. 42/2022/NĐ-CP)."))
        entry = {"document": str(item["document"]).strip(), "title": str(item.get("title", ""))}
        if item.get("effective"):
            entry["effective"] = _date(item["effective"], "legal_basis").isoformat()
        clean.append(entry)
    return clean


def _clean_papers(items: Any) -> list[dict[str, Any]]:
    if not isinstance(items, list):
        raise ValidationError(_("The papers must be a list."))
    clean = []
    for item in items:
        if not isinstance(item, dict) or not str(item.get("name", "")).strip():
            raise ValidationError(_("Each paper needs a name."))
        originals = _whole(item.get("originals", 0), "papers")
        copies = _whole(item.get("copies", 0), "papers")
        if originals + copies == 0:
            raise ValidationError(
                _("Paper %(name)s: at least one original or copy.") % {"name": item["name"]})
        clean.append({"name": str(item["name"]).strip(), "originals": originals, "copies": copies,
                      "required": bool(item.get("required", True)),
                      "form_template": str(item.get("form_template", "") or "")})
    return clean


def _clean_steps(items: Any) -> list[dict[str, Any]]:
    if not isinstance(items, list):
        raise ValidationError(_("The steps must be a list."))
    clean = []
    for item in items:
        if not isinstance(item, dict) or not str(item.get("name", "")).strip():
            raise ValidationError(_("Each step needs a name."))
        if item.get("role") not in ProcessingStep.Role.values:
            raise ValidationError(_("Step %(name)s: unknown role %(role)s.")
                                  % {"name": item["name"], "role": item.get("role")})
        try:
            days = Decimal(str(item.get("days")))
        except InvalidOperation:
            raise ValidationError(_("Step %(name)s: the days must be a number.")
                                  % {"name": item["name"]}) from None
        if days <= 0 or days != days.quantize(Decimal("0.1")):
            raise ValidationError(_("Step %(name)s: the days must be positive, to one decimal.")
                                  % {"name": item["name"]})
        clean.append({"name": str(item["name"]).strip(), "role": item["role"],
                      "unit_short_name": str(item.get("unit", "") or ""), "days": days})
    return clean


def _save_version(procedure: Procedure, clean: dict[str, Any]) -> ProcedureVersion:
    papers, steps = clean.pop("papers"), clean.pop("steps")
    version = ProcedureVersion.objects.create(procedure=procedure, **clean)
    RequiredPaper.objects.bulk_create(
        RequiredPaper(version=version, position=i, **paper) for i, paper in enumerate(papers, 1)
    )
    ProcessingStep.objects.bulk_create(
        ProcessingStep(version=version, position=i, **step) for i, step in enumerate(steps, 1)
    )
    # This process reads the catalogue afresh; the others within seconds (selectors).
    forget_catalogue()
    return version


def _reindex(procedure: Procedure, name: str) -> None:
    # Padded with spaces so a search word can be matched at the start of a word.
    procedure.search_text = f" {fold(f'{procedure.code} {name}')[:597]} "
    procedure.save(update_fields=["search_text"])


def field_get_or_create(*, actor: Any, code: str, name: str) -> Field:
    code, name = code.strip(), name.strip()
    if not code or not name:
        raise ValidationError({"field": _("A field needs a code and a name.")})
    with transaction.atomic():
        field = Field.objects.filter(code=code).first()
        if field is None:
            field = Field.objects.create(code=code, name=name)
            audit.record("procedures.field.create", field, actor=actor,
                         after=audit.snapshot(field))
    return field


def procedure_create(
    *, actor: Any, code: str, agency: Agency, field: Field, version: dict[str, Any]
) -> Procedure:
    """Add a procedure to the catalogue with its first version."""
    code = code.strip()
    if not code:
        raise ValidationError({"code": _("The national code is required.")})
    clean = _clean_version(dict(version))
    with transaction.atomic():
        if Procedure.objects.filter(code=code).exists():
            raise ValidationError({"code": _("A procedure with code %(code)s already exists.")
                                   % {"code": code}})
        procedure = Procedure.objects.create(code=code, agency=agency, field=field)
        saved = _save_version(procedure, clean)
        _reindex(procedure, saved.name)
        audit.record("procedures.procedure.create", procedure, actor=actor,
                     after=procedure_record(procedure), object_label=f"{code} {saved.name}")
    return procedure


def procedure_version_publish(
    *, actor: Any, procedure: Procedure, version: dict[str, Any]
) -> ProcedureVersion:
    """A new legal version from ``valid_from``; the version in force until then ends there."""
    clean = _clean_version(dict(version))
    with transaction.atomic():
        procedure = Procedure.objects.select_for_update().get(pk=procedure.pk)
        before = procedure_record(procedure)
        latest = procedure.versions.order_by("-valid_from").first()
        if latest is not None:
            if clean["valid_from"] <= latest.valid_from:
                raise ValidationError({"valid_from": _(
                    "A new version must start after the latest one (%(date)s)."
                ) % {"date": latest.valid_from.strftime("%d/%m/%Y")}})
            if latest.valid_to is None or latest.valid_to > clean["valid_from"]:
                latest.valid_to = clean["valid_from"]
                latest.save(update_fields=["valid_to"])
        saved = _save_version(procedure, clean)
        _reindex(procedure, saved.name)
        audit.record("procedures.version.publish", procedure, actor=actor, before=before,
                     after=procedure_record(procedure),
                     object_label=f"{procedure.code} {saved.name}")
    return saved


def procedure_record(procedure: Procedure) -> dict[str, Any]:
    """The procedure with all its versions in the exchange shape (for export and audit)."""
    versions = []
    for v in procedure.versions.order_by("valid_from").prefetch_related("papers", "steps"):
        versions.append({
            "valid_from": v.valid_from.isoformat(),
            "valid_to": v.valid_to.isoformat() if v.valid_to else None,
            "name": v.name, "old_level": v.old_level, "online_level": v.online_level,
            "time_limit_days": v.time_limit_days, "fee": v.fee, "charge": v.charge,
            "fee_note": v.fee_note, "pay_before_processing": v.pay_before_processing,
            "postal_return_allowed": v.postal_return_allowed, "applicants": v.applicants,
            "result_name": v.result_name, "result_template": v.result_template,
            "form": v.form, "legal_basis": v.legal_basis,
            "papers": [{"name": p.name, "originals": p.originals, "copies": p.copies,
                        "required": p.required, "form_template": p.form_template}
                       for p in v.papers.all()],
            "steps": [{"name": s.name, "role": s.role, "unit": s.unit_short_name,
                       "days": str(s.days.normalize())} for s in v.steps.all()],
        })
    return {"code": procedure.code, "agency": procedure.agency.code,
            "field": {"code": procedure.field.code, "name": procedure.field.name},
            "versions": versions}


def catalogue_import(*, actor: Any, records: list[dict[str, Any]]) -> dict[str, int]:
    """Load records into the catalogue, all or nothing.

    A new code becomes a procedure; for a known code, versions that start after its
    latest version are published and versions already present unchanged are skipped.
    Every problem is reported as ``"<position> <code>: <message>"``.
    """
    if not isinstance(records, list):
        raise ValidationError(_("The catalogue must be a list of procedures."))
    problems: list[str] = []
    counts = {"procedures": 0, "versions": 0, "unchanged": 0}
    with transaction.atomic():
        for position, record in enumerate(records, start=1):
            code = str(record.get("code", "")) if isinstance(record, dict) else ""
            try:
                with transaction.atomic():
                    _import_one(actor, record, counts)
            except ValidationError as exc:
                for message in _flatten(exc):
                    problems.append(f"{position} {code}: {message}")
        if problems:
            transaction.set_rollback(True)
    if problems:
        raise ValidationError(problems)
    return counts


def _flatten(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [f"{field}: {m}" for field, msgs in exc.message_dict.items() for m in msgs]
    return list(exc.messages)


def _import_one(actor: Any, record: Any, counts: dict[str, int]) -> None:
    if not isinstance(record, dict):
        raise ValidationError(_("Each procedure must be an object."))
    agency_code = str(record.get("agency", ""))
    agency = Agency.objects.filter(code=agency_code).order_by("-valid_from").first()
    if agency is None:
        raise ValidationError({"agency": _("No agency has the code %(code)s.")
                               % {"code": agency_code}})
    field_data = record.get("field") or {}
    field = field_get_or_create(actor=actor, code=str(field_data.get("code", "")),
                                name=str(field_data.get("name", "")))
    versions = record.get("versions") or []
    if not versions:
        raise ValidationError({"versions": _("A procedure needs at least one version.")})
    versions = sorted(versions, key=lambda v: str(v.get("valid_from", "")))
    code = str(record.get("code", "")).strip()
    procedure = Procedure.objects.filter(code=code).first()
    existing = (
        {v["valid_from"]: v for v in procedure_record(procedure)["versions"]} if procedure else {}
    )
    for index, data in enumerate(versions):
        data = dict(data)
        # Only the last version may carry an end (an abolished procedure); the others
        # end where the next one starts.
        if index < len(versions) - 1:
            data.pop("valid_to", None)
        start = str(data.get("valid_from", ""))
        if procedure is None:
            procedure = procedure_create(actor=actor, code=code, agency=agency, field=field,
                                         version=data)
            counts["procedures"] += 1
            counts["versions"] += 1
        elif start in existing:
            if _comparable(data) != _comparable(existing[start]):
                raise ValidationError({"versions": _(
                    "The version from %(date)s differs from the one already in the catalogue; "
                    "publish a new version instead of changing it."
                ) % {"date": start}})
            counts["unchanged"] += 1
        else:
            procedure_version_publish(actor=actor, procedure=procedure, version=data)
            counts["versions"] += 1


def _comparable(data: dict[str, Any]) -> dict[str, Any]:
    return _clean_version({k: v for k, v in data.items() if k != "valid_to"})
