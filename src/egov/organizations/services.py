"""Every change to divisions, agencies and units (đơn vị hành chính, cơ quan, đơn vị).

Each service validates everything before writing, runs in one transaction and ends
with an audit entry. Nothing is deleted: an agency or unit that ceases is closed
(``valid_to`` and a reason), so the records that named it keep their meaning.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from egov.accounts.identifiers import normalize_phone, validate_phone
from egov.core import audit
from egov.core.errors import Conflict
from egov.core.text import fold
from egov.organizations.editions import (
    EDITION_2008,
    EDITIONS,
    PROVINCE_SUCCESSORS_2025,
    REORGANISATION_DATE,
    edition_rows,
    province_rows,
)
from egov.organizations.models import (
    AGENCY_CODE_RE,
    AdministrativeDivision,
    Agency,
    Unit,
    short_name_validator,
)

Level = AdministrativeDivision.Level


def _day(value: dt.date) -> str:
    return value.strftime("%d/%m/%Y")


def _is_date(value: Any) -> bool:
    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)


class _Errors:
    """Collects field errors so one answer names everything that is wrong."""

    def __init__(self) -> None:
        self.errors: dict[str, list[str]] = {}

    def add(self, field: str, message: str) -> None:
        self.errors.setdefault(field, []).append(str(message))

    def check(self, field: str, validator: Any, value: Any) -> None:
        try:
            validator(value)
        except ValidationError as exc:
            for message in exc.messages:
                self.add(field, message)

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


# --- Administrative divisions -------------------------------------------------------


@dataclass(frozen=True)
class ImportResult:
    edition: str
    province: str | None
    created: int
    updated: int
    unchanged: int
    linked: int


_PARENT_LEVEL_BY_CODE_LENGTH = {2: Level.PROVINCE, 3: Level.DISTRICT}
_IMPORTED_FIELDS = ["name", "kind", "parent", "valid_to", "close_reason", "search_text"]


def divisions_import(*, actor: Any, edition: str, province: str | None = None) -> ImportResult:
    """Load an edition of the divisions (all of it, or one province), idempotently.

    Rows are matched on (level, code, edition start): a second run changes nothing, a
    corrected name in a newer package is updated in place. Afterwards every
    pre-2025 province present is linked to the 2025 province that took it in.
    """
    if edition not in EDITIONS:
        raise ValidationError(
            {"edition": _("Unknown edition %(edition)s: choose 2008 or 2025.")
             % {"edition": edition}}
        )
    info = EDITIONS[edition]
    if province is not None:
        province = province.strip()
        rows = list(province_rows(edition, province))
        if not rows:
            raise ValidationError(
                {"province": _("There is no province with code %(code)s in the %(edition)s "
                               "edition of the administrative divisions.")
                 % {"code": province, "edition": edition}}
            )
    else:
        rows = list(edition_rows(edition))

    with transaction.atomic():
        existing = {
            (d.level, d.code): d
            for d in AdministrativeDivision.objects.filter(valid_from=info.valid_from)
        }
        created = updated = unchanged = 0
        for level in (Level.PROVINCE, Level.DISTRICT, Level.COMMUNE):
            new: list[AdministrativeDivision] = []
            changed: list[AdministrativeDivision] = []
            for row in rows:
                if row.level != level:
                    continue
                parent_id = None
                if row.parent_code is not None:
                    parent_level = _PARENT_LEVEL_BY_CODE_LENGTH[len(row.parent_code)]
                    parent_id = existing[(parent_level, row.parent_code)].pk
                values = {
                    "name": row.name,
                    "kind": row.kind,
                    "parent_id": parent_id,
                    "valid_to": info.valid_to,
                    "close_reason": info.close_reasons.get(level, ""),
                    "search_text": fold(f"{row.name} {row.code}"),
                }
                division = existing.get((level, row.code))
                if division is None:
                    new.append(AdministrativeDivision(
                        code=row.code, level=level, valid_from=info.valid_from, **values
                    ))
                elif any(getattr(division, k) != v for k, v in values.items()):
                    for key, value in values.items():
                        setattr(division, key, value)
                    changed.append(division)
                else:
                    unchanged += 1
            AdministrativeDivision.objects.bulk_create(new, batch_size=500)
            AdministrativeDivision.objects.bulk_update(changed, _IMPORTED_FIELDS, batch_size=500)
            existing.update({(d.level, d.code): d for d in new})
            created += len(new)
            updated += len(changed)
        linked = _link_province_successors()
        result = ImportResult(edition, province, created, updated, unchanged, linked)
        if created or updated or linked:
            audit.record(
                "organizations.division.import", None, actor=actor,
                after={"edition": edition, "province": province, "created": created,
                       "updated": updated, "linked": linked},
                object_label=f"{edition} {province or '*'}",
            )
    return result


def _link_province_successors() -> int:
    """Point each pre-2025 province at the 2025 province that took it in, where both
    are loaded. Districts have no successor (the level ended); for communes the
    package data says nothing about which old commune went where."""
    new_provinces = {
        d.code: d for d in AdministrativeDivision.objects.filter(
            level=Level.PROVINCE, valid_from=REORGANISATION_DATE
        )
    }
    changed = []
    for old in AdministrativeDivision.objects.filter(
        level=Level.PROVINCE, valid_from=EDITIONS[EDITION_2008].valid_from,
        code__in=list(PROVINCE_SUCCESSORS_2025),
    ):
        successor = new_provinces.get(PROVINCE_SUCCESSORS_2025[old.code])
        if successor is not None and old.successor_id != successor.pk:
            old.successor = successor
            changed.append(old)
    AdministrativeDivision.objects.bulk_update(changed, ["successor"])
    return len(changed)


# --- Agencies --------------------------------------------------------------------------

# What agency_update may change.
AGENCY_FIELDS = ("name", "short_name", "kind", "parent", "division", "address", "phone",
                  "email")


def agency_check(agency: Agency) -> None:
    """Raise ``ValidationError`` (field → messages) unless ``agency``, new or changed but
    not yet saved, may be saved. Normalises its text fields on the way. The services call
    it; forms (the admin's) call it to show every message next to its field."""
    errors = _Errors()
    on = agency.valid_from
    if not _is_date(on):
        errors.add("valid_from", _("Enter the date from which the agency operates."))
    agency.code = (agency.code or "").strip().upper()
    if not re.fullmatch(AGENCY_CODE_RE, agency.code):
        errors.add("code", _("The electronic identifier %(code)s does not have the form "
                             "V1V2V3.Z1Z2.Y1Y2.MX1X2 of QCVN 102:2016 (for example "
                             "000.00.31.H59).") % {"code": agency.code or "—"})
    elif _is_date(on):
        clash = (Agency.objects.filter(code=agency.code).exclude(pk=agency.pk)
                 .overlapping(on, agency.valid_to).first())
        if clash is not None:
            errors.add("code", _("The electronic identifier %(code)s is already used by "
                                 "%(agency)s during this period.")
                       % {"code": agency.code, "agency": clash.name})
    agency.name = (agency.name or "").strip()
    agency.short_name = (agency.short_name or "").strip()
    agency.address = (agency.address or "").strip()
    agency.email = (agency.email or "").strip()
    agency.phone = normalize_phone(agency.phone or "")
    if not agency.name:
        errors.add("name", _("Enter the agency's name."))
    elif len(agency.name) > 255:
        errors.add("name", _("The name may have at most 255 characters."))
    if not agency.short_name:
        errors.add("short_name", _("Enter the short name used in document symbols."))
    else:
        errors.check("short_name", short_name_validator, agency.short_name)
    if agency.kind not in Agency.Kind.values:
        errors.add("kind", _("Choose one of the kinds of agency."))
    if len(agency.address) > 255:
        errors.add("address", _("The address may have at most 255 characters."))
    if agency.phone:
        errors.check("phone", validate_phone, agency.phone)
    if agency.email:
        errors.check("email", validate_email, agency.email)
    division = agency.division if agency.division_id else None
    if division is None:
        errors.add("division", _("Choose the administrative division the agency serves."))
    elif _is_date(on) and not division.is_valid_on(on):
        errors.add("division", _("The administrative division %(division)s (%(code)s) is not "
                                 "in force on %(date)s.")
                   % {"division": division.name, "code": division.code, "date": _day(on)})
    parent = agency.parent if agency.parent_id else None
    if parent is not None:
        if agency.pk is not None and _is_ancestor(agency, parent):
            errors.add("parent", _("An agency cannot be placed under itself or under one of "
                                   "its own subordinate agencies."))
        elif _is_date(on) and not parent.is_valid_on(on):
            errors.add("parent", _("The parent agency %(parent)s is not in operation on "
                                   "%(date)s.") % {"parent": parent.name, "date": _day(on)})
    errors.raise_if_any()


def _locked(obj: Any) -> Any:
    """The current row of an agency or unit a new record hangs from, locked so that it
    cannot close while the new record is being checked against it."""
    if not isinstance(obj, (Agency, Unit)) or obj.pk is None:
        return obj
    return type(obj).objects.select_for_update().get(pk=obj.pk)


def _is_ancestor(node: Agency | Unit, candidate: Agency | Unit | None) -> bool:
    """Whether ``node`` is ``candidate`` or above it (walking ``parent`` links)."""
    seen: set[int] = set()
    while candidate is not None and candidate.pk not in seen:
        if candidate.pk == node.pk:
            return True
        seen.add(candidate.pk)
        candidate = candidate.parent
    return False


def agency_create(
    *,
    actor: Any,
    code: str,
    name: str,
    short_name: str,
    kind: str,
    division: AdministrativeDivision,
    parent: Agency | None = None,
    valid_from: dt.date,
    address: str = "",
    phone: str = "",
    email: str = "",
) -> Agency:
    """Create an agency (cơ quan) with its QCVN 102:2016 electronic identifier."""
    with transaction.atomic():
        parent = _locked(parent)
        agency = Agency(code=code, name=name, short_name=short_name, kind=kind,
                        division=division, parent=parent, valid_from=valid_from,
                        address=address, phone=phone, email=email)
        agency_check(agency)
        agency.search_text = fold(f"{agency.name} {agency.short_name} {agency.code}")
        agency.save()
        audit.record("organizations.agency.create", agency, actor=actor,
                     after=audit.snapshot(agency))
    return agency


def agency_update(*, actor: Any, agency: Agency, **changes: Any) -> Agency:
    """Change an agency's name, short name, kind, parent, division or contact details.

    The electronic identifier and the start date stay: an agency that gets a new
    identifier is closed and created again, so records keep the code they were made under.
    """
    errors = _Errors()
    for field in changes:
        if field in ("code", "valid_from"):
            errors.add(field, _("This cannot be changed: close the agency and create a new "
                                "one instead."))
        elif field not in AGENCY_FIELDS:
            errors.add(field, _("This field does not exist or cannot be changed here."))
    errors.raise_if_any()
    with transaction.atomic():
        agency = Agency.objects.select_for_update().get(pk=agency.pk)
        if changes.get("parent") is not None:
            changes["parent"] = _locked(changes["parent"])
        before = audit.snapshot(agency)
        for field, value in changes.items():
            setattr(agency, field, value)
        agency_check(agency)
        agency.search_text = fold(f"{agency.name} {agency.short_name} {agency.code}")
        agency.save()
        audit.record("organizations.agency.update", agency, actor=actor, before=before,
                     after=audit.snapshot(agency))
    return agency


def _check_close_fields(obj: Agency | Unit, valid_to: Any, reason: str) -> None:
    errors = _Errors()
    if not (reason or "").strip():
        errors.add("reason", _("Give the reason for closing (for example the decision that "
                               "reorganised it)."))
    elif len(reason.strip()) > 255:
        errors.add("reason", _("The reason may have at most 255 characters."))
    if not _is_date(valid_to):
        errors.add("valid_to", _("Enter the first day on which it no longer operates."))
    elif valid_to <= obj.valid_from:
        errors.add("valid_to", _("The closing date must be after the start date %(date)s.")
                   % {"date": _day(obj.valid_from)})
    errors.raise_if_any()
    if obj.valid_to is not None:
        raise Conflict(_("It was already closed on %(date)s.") % {"date": _day(obj.valid_to)},
                       code="already_closed")


def _units_closing_with(units: list[Unit], valid_to: dt.date) -> list[Unit]:
    late = [u for u in units if u.valid_from >= valid_to]
    if late:
        raise Conflict(
            _("The unit %(unit)s only starts on %(date)s; change or close it first.")
            % {"unit": late[0].name, "date": _day(late[0].valid_from)},
            code="unit_starts_later",
        )
    return units


def agency_check_close(agency: Agency, valid_to: Any, reason: str) -> list[Unit]:
    """Raise ``ValidationError`` or ``Conflict`` unless the agency may close on
    ``valid_to``; return the units that close with it."""
    _check_close_fields(agency, valid_to, reason)
    open_children = list(agency.children.overlapping(valid_to, None).order_by("code")[:3])
    if open_children:
        raise Conflict(
            _("%(agency)s still has subordinate agencies after %(date)s (%(names)s); "
              "move or close them first.")
            % {"agency": agency.name, "date": _day(valid_to),
               "names": ", ".join(c.name for c in open_children)},
            code="has_open_children",
        )
    units = agency.units.overlapping(valid_to, None).order_by("valid_from", "pk")
    return _units_closing_with(list(units), valid_to)


def _close(obj: Agency | Unit, valid_to: dt.date, reason: str, actor: Any) -> None:
    before = audit.snapshot(obj)
    obj.valid_to = valid_to
    obj.close_reason = reason.strip()
    obj.save(update_fields=["valid_to", "close_reason"])
    audit.record(f"organizations.{obj._meta.model_name}.close", obj, actor=actor,
                 before=before, after=audit.snapshot(obj))


def agency_close(*, actor: Any, agency: Agency, valid_to: dt.date, reason: str) -> Agency:
    """Close an agency from ``valid_to`` (the first day it no longer operates).

    Its units close with it. Agencies placed under it must be moved or closed first.
    """
    with transaction.atomic():
        agency = Agency.objects.select_for_update().get(pk=agency.pk)
        for unit in agency_check_close(agency, valid_to, reason):
            _close(unit, valid_to, reason, actor)
        _close(agency, valid_to, reason, actor)
    return agency


# --- Units --------------------------------------------------------------------------------

# What unit_update may change.
UNIT_FIELDS = ("name", "short_name", "parent")


def unit_check(unit: Unit) -> None:
    """Raise ``ValidationError`` unless ``unit``, new or changed, may be saved."""
    errors = _Errors()
    on = unit.valid_from
    agency = unit.agency
    if not _is_date(on):
        errors.add("valid_from", _("Enter the date from which the unit operates."))
    elif unit.pk is None and not agency.is_valid_on(on):
        errors.add("valid_from", _("%(agency)s is not in operation on %(date)s.")
                   % {"agency": agency.name, "date": _day(on)})
    elif unit.pk is None and agency.valid_to is not None:
        errors.add("valid_from", _("%(agency)s closes on %(date)s: it takes no new units.")
                   % {"agency": agency.name, "date": _day(agency.valid_to)})
    unit.name = (unit.name or "").strip()
    unit.short_name = (unit.short_name or "").strip()
    if not unit.name:
        errors.add("name", _("Enter the unit's name."))
    elif len(unit.name) > 255:
        errors.add("name", _("The name may have at most 255 characters."))
    if not unit.short_name:
        errors.add("short_name", _("Enter the short name used in document symbols."))
    else:
        errors.check("short_name", short_name_validator, unit.short_name)
        if _is_date(on):
            clash = (Unit.objects.filter(agency_id=unit.agency_id,
                                         short_name__iexact=unit.short_name)
                     .exclude(pk=unit.pk).overlapping(on, unit.valid_to).first())
            if clash is not None:
                errors.add("short_name", _("The short name %(short)s is already used by "
                                           "%(unit)s in this agency.")
                           % {"short": unit.short_name, "unit": clash.name})
    parent = unit.parent if unit.parent_id else None
    if parent is not None:
        if parent.agency_id != unit.agency_id:
            errors.add("parent", _("The parent unit must belong to the same agency."))
        elif unit.pk is not None and _is_ancestor(unit, parent):
            errors.add("parent", _("A unit cannot be placed under itself or under one of its "
                                   "own sub-units."))
        elif _is_date(on) and not parent.is_valid_on(on):
            errors.add("parent", _("The parent unit %(unit)s is not in operation on %(date)s.")
                       % {"unit": parent.name, "date": _day(on)})
    errors.raise_if_any()


def unit_create(
    *,
    actor: Any,
    agency: Agency,
    name: str,
    short_name: str,
    parent: Unit | None = None,
    valid_from: dt.date,
) -> Unit:
    """Create an internal unit (phòng, trung tâm) of an agency."""
    with transaction.atomic():
        agency = _locked(agency)
        parent = _locked(parent)
        unit = Unit(agency=agency, name=name, short_name=short_name, parent=parent,
                    valid_from=valid_from)
        unit_check(unit)
        unit.search_text = fold(f"{unit.name} {unit.short_name}")
        unit.save()
        audit.record("organizations.unit.create", unit, actor=actor,
                     after=audit.snapshot(unit))
    return unit


def unit_update(*, actor: Any, unit: Unit, **changes: Any) -> Unit:
    """Change a unit's name, short name or parent unit."""
    errors = _Errors()
    for field in changes:
        if field not in UNIT_FIELDS:
            errors.add(field, _("This field does not exist or cannot be changed here."))
    errors.raise_if_any()
    with transaction.atomic():
        unit = Unit.objects.select_for_update().select_related("agency").get(pk=unit.pk)
        if changes.get("parent") is not None:
            changes["parent"] = _locked(changes["parent"])
        before = audit.snapshot(unit)
        for field, value in changes.items():
            setattr(unit, field, value)
        unit_check(unit)
        unit.search_text = fold(f"{unit.name} {unit.short_name}")
        unit.save()
        audit.record("organizations.unit.update", unit, actor=actor, before=before,
                     after=audit.snapshot(unit))
    return unit


def unit_check_close(unit: Unit, valid_to: Any, reason: str) -> list[Unit]:
    """Raise ``ValidationError`` or ``Conflict`` unless the unit may close on ``valid_to``;
    return its sub-units that close with it."""
    _check_close_fields(unit, valid_to, reason)
    descendants: list[Unit] = []
    frontier = [unit.pk]
    while frontier:
        children = list(Unit.objects.filter(parent_id__in=frontier)
                        .overlapping(valid_to, None).order_by("pk"))
        descendants.extend(children)
        frontier = [c.pk for c in children]
    return _units_closing_with(descendants, valid_to)


def unit_close(*, actor: Any, unit: Unit, valid_to: dt.date, reason: str) -> Unit:
    """Close a unit from ``valid_to``; its open sub-units close with it."""
    with transaction.atomic():
        unit = Unit.objects.select_for_update().select_related("agency").get(pk=unit.pk)
        for sub_unit in unit_check_close(unit, valid_to, reason):
            _close(sub_unit, valid_to, reason, actor)
        _close(unit, valid_to, reason, actor)
    return unit
