"""Reading divisions, agencies and units, always with the date the answer is for."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from egov.accounts.permissions import scope_to_agency
from egov.organizations.models import AdministrativeDivision, Agency, Unit

# --- Divisions ---------------------------------------------------------------------------


def division_on(code: str, on: dt.date, level: int | None = None) -> AdministrativeDivision | None:
    """The division that bore ``code`` on ``on`` (84 in 2017 is Trà Vinh; in 2026, nothing)."""
    qs = AdministrativeDivision.objects.valid_on(on).filter(code=code)
    if level is not None:
        qs = qs.filter(level=level)
    return qs.order_by("level").first()


def division_as_of(division: AdministrativeDivision, on: dt.date) -> AdministrativeDivision | None:
    """Where a division stood on ``on``: itself while it was in force, afterwards the
    division that took it in (Trà Vinh of 2017 is Vĩnh Long in 2026). None when it
    had not begun yet, or ended with no recorded successor."""
    seen: set[int] = set()
    node: AdministrativeDivision | None = division
    while node is not None and node.pk not in seen:
        if node.is_valid_on(on):
            return node
        if node.valid_to is None or on < node.valid_from:
            return None
        seen.add(node.pk)
        node = node.successor
    return None


def division_chain(division: AdministrativeDivision) -> list[AdministrativeDivision]:
    """The division and the ones above it: commune → district → province."""
    chain = [division]
    while chain[-1].parent_id is not None:
        chain.append(chain[-1].parent)
    return chain


def division_chain_on(code: str, on: dt.date) -> list[AdministrativeDivision]:
    """The chain of the commune (or district, or province) with ``code`` on ``on``;
    empty when no division had that code then."""
    division = division_on(code, on)
    return division_chain(division) if division is not None else []


def divisions(
    *,
    level: int | None = None,
    parent: AdministrativeDivision | None = None,
    on: dt.date | None = None,
    code: str | None = None,
    q: str | None = None,
) -> QuerySet[AdministrativeDivision]:
    qs = AdministrativeDivision.objects.all()
    if level is not None:
        qs = qs.filter(level=level)
    if parent is not None:
        qs = qs.filter(parent=parent)
    if on is not None:
        qs = qs.valid_on(on)
    if code:
        qs = qs.filter(code=code)
    if q:
        qs = qs.search(q)
    return qs.order_by("level", "code", "valid_from")


# --- Agencies ----------------------------------------------------------------------------


def agencies(
    *,
    on: dt.date | None = None,
    q: str | None = None,
    kind: str | None = None,
    parent: Agency | None = None,
    division: AdministrativeDivision | None = None,
) -> QuerySet[Agency]:
    """Agencies, optionally those in operation on ``on``, searched by name, short name or
    code without regard to accents (``so thong tin`` finds Sở Thông tin và Truyền thông)."""
    qs = Agency.objects.select_related("division", "parent")
    if on is not None:
        qs = qs.valid_on(on)
    if q:
        qs = qs.search(q)
    if kind:
        qs = qs.filter(kind=kind)
    if parent is not None:
        qs = qs.filter(parent=parent)
    if division is not None:
        qs = qs.filter(division=division)
    return qs.order_by("code", "valid_from")


def agency_by_code(code: str, on: dt.date) -> Agency | None:
    """The agency that held the electronic identifier ``code`` on ``on``."""
    return Agency.objects.valid_on(on).filter(code=code.strip().upper()).first()


@dataclass
class AgencyNode:
    agency: Agency
    children: list[AgencyNode] = field(default_factory=list)


# Order of siblings in the tree: the province's own offices, then departments, then the
# rest, the way the provincial directory lists them.
_KIND_ORDER = {kind: i for i, kind in enumerate([
    Agency.Kind.PROVINCIAL_COMMITTEE, Agency.Kind.PROVINCIAL_OFFICE, Agency.Kind.DEPARTMENT,
    Agency.Kind.DISTRICT_COMMITTEE, Agency.Kind.COMMUNE_COMMITTEE, Agency.Kind.OTHER,
])}


def agency_tree(on: dt.date) -> list[AgencyNode]:
    """The agencies in operation on ``on`` as a tree (roots: agencies with no parent in
    operation that day), in two queries however large the province."""
    rows = list(Agency.objects.valid_on(on).select_related("division"))
    nodes = {a.pk: AgencyNode(a) for a in rows}
    roots: list[AgencyNode] = []
    for node in nodes.values():
        parent = nodes.get(node.agency.parent_id)
        (parent.children if parent is not None else roots).append(node)

    def sort(level: list[AgencyNode]) -> None:
        level.sort(key=lambda n: (_KIND_ORDER.get(n.agency.kind, 99), n.agency.code))
        for n in level:
            sort(n.children)

    sort(roots)
    return roots


# --- Units ---------------------------------------------------------------------------------


def agency_units(agency: Agency, on: dt.date | None = None) -> QuerySet[Unit]:
    """An agency's internal units, those in operation on ``on`` when given."""
    qs = agency.units.select_related("parent")
    if on is not None:
        qs = qs.valid_on(on)
    return qs.order_by("valid_from", "name")


def units_visible_to(user: Any, *, agency: Agency | None = None,
                     on: dt.date | None = None) -> QuerySet[Unit]:
    """Units the user may read: their own agency's, or all for a system administrator."""
    qs = scope_to_agency(user, Unit.objects.select_related("agency", "parent"))
    if agency is not None:
        qs = qs.filter(agency=agency)
    if on is not None:
        qs = qs.valid_on(on)
    return qs.order_by("agency__code", "valid_from", "name")
