"""The home page of each role (trang làm việc): what an official, citizen or business
sees first after logging in.

The page is a list of sections chosen by the user's roles. Each section has a title and
a sentence on what it is for; its links and figures come from contributors that the
apps owning the work register, e.g. in the one-stop app's ``AppConfig.ready``::

    from egov.accounts import home

    @home.contribute("intake")
    def todays_intake(user):
        return home.Content(figures=[home.Figure(_("Received today"), count, url)])

So a section only links to pages that are there and counts what is in the database;
until an app contributes, the section says there is nothing to show yet.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from egov.accounts import selectors
from egov.accounts.models import Official, Role, User
from egov.accounts.permissions import (
    can_manage_agency,
    is_system_admin,
    official_of,
    roles_of,
)
from egov.core.models import AuditEntry, CalendarDay
from egov.organizations.models import Agency


@dataclass(frozen=True)
class Link:
    label: str | Promise
    url: str


@dataclass(frozen=True)
class Figure:
    label: str | Promise
    value: int
    url: str | None = None


@dataclass
class Content:
    links: list[Link] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)


@dataclass(frozen=True)
class SectionSpec:
    key: str
    title: str | Promise
    intro: str | Promise


@dataclass
class Section:
    key: str
    title: str | Promise
    intro: str | Promise
    links: list[Link]
    figures: list[Figure]


SECTIONS = {
    spec.key: spec for spec in [
        SectionSpec("intake", _("Receiving dossiers"),
                    _("Receive dossiers at the desk or by post, issue the receipt with its "
                      "due date, return results; today's intake.")),
        SectionSpec("inbox", _("My inbox"),
                    _("Dossiers and documents handed to you, with their deadlines.")),
        SectionSpec("unit_work", _("Work of my unit"),
                    _("What your unit must finish soon, and what is late.")),
        SectionSpec("agency_work", _("Work of the agency"),
                    _("What the agency must finish soon, and what is late, unit by unit.")),
        SectionSpec("registers", _("Incoming and outgoing registers"),
                    _("Register incoming documents; number and issue outgoing ones.")),
        SectionSpec("accounts", _("Accounts and units of the agency"),
                    _("Open, change and close the accounts of the agency's officials.")),
        SectionSpec("inspections", _("Inspections"),
                    _("Inspections, violations and fines; complaints and denunciations.")),
        SectionSpec("platform", _("The platform"),
                    _("Agencies, the working-day calendar, accounts and the audit trail.")),
        SectionSpec("my_dossiers", _("My dossiers"),
                    _("The dossiers you submitted and where they stand.")),
        SectionSpec("lookup", _("Look up a dossier"),
                    _("Follow a dossier by the code on its receipt.")),
        SectionSpec("account", _("My account"),
                    _("Your details, your password and the second factor.")),
    ]
}

# What each role sees first, in this order; a person with several roles sees each
# section once.
ROLE_SECTIONS: dict[str, list[str]] = {
    Role.DESK_OFFICER: ["intake"],
    Role.SPECIALIST: ["inbox"],
    Role.HEAD_OF_UNIT: ["unit_work", "inbox"],
    Role.DIRECTOR: ["agency_work", "inbox"],
    Role.CLERK: ["registers"],
    Role.AGENCY_ADMIN: ["accounts"],
    Role.INSPECTOR: ["inspections"],
    Role.SYSTEM_ADMIN: ["platform", "accounts"],
}
PUBLIC_SECTIONS = ["my_dossiers", "lookup"]

Contributor = Callable[[Any], Content | None]
_contributors: dict[str, list[Contributor]] = {}


def contribute(section: str) -> Callable[[Contributor], Contributor]:
    """Register a function giving a section's links and figures for a user."""
    if section not in SECTIONS:
        raise ValueError(f"unknown home section {section!r}")

    def decorator(func: Contributor) -> Contributor:
        if func not in _contributors.setdefault(section, []):
            _contributors[section].append(func)
        return func

    return decorator


def section_keys_for(user: Any) -> list[str]:
    if not user.is_authenticated:
        return []
    if not user.is_official:
        return [*PUBLIC_SECTIONS, "account"]
    keys: list[str] = []
    roles = set(roles_of(user))
    if user.is_superuser:
        roles.add(Role.SYSTEM_ADMIN)
    for role in Role.values:
        if role in roles:
            keys += [k for k in ROLE_SECTIONS[role] if k not in keys]
    return [*keys, "account"]


def sections_for(user: Any) -> list[Section]:
    sections = []
    for key in section_keys_for(user):
        spec = SECTIONS[key]
        links: list[Link] = []
        figures: list[Figure] = []
        for contributor in _contributors.get(key, []):
            content = contributor(user)
            if content is not None:
                links += content.links
                figures += content.figures
        sections.append(Section(key, spec.title, spec.intro, links, figures))
    return sections


# --- What the accounts app itself contributes --------------------------------------------

def _officials_url(agency_id: int | None = None) -> str:
    url = reverse("accounts:official_list")
    return f"{url}?agency={agency_id}" if agency_id else url


@contribute("accounts")
def _accounts_of_agency(user: Any) -> Content | None:
    official = official_of(user)
    if official is None or not can_manage_agency(user, official.agency_id):
        return None
    agency = official.agency
    officials = Official.objects.filter(agency=agency)
    usernames = list(officials.values_list("user__username", flat=True))
    content = Content(
        links=[Link(_("Officials of the agency"), _officials_url()),
               Link(_("Add an official"), reverse("accounts:official_create"))],
        figures=[
            Figure(_("Active accounts"), officials.filter(is_active=True).count(),
                   _officials_url()),
            Figure(_("Deactivated accounts"), officials.filter(is_active=False).count()),
            Figure(_("Accounts locked now"), len(selectors.locked_usernames(usernames))),
            Figure(_("Units"), agency.units.valid_on(timezone.localdate()).count()),
        ],
    )
    content.links.append(Link(_("The agency and its units"),
                              reverse("organizations:agency", args=[agency.pk])))
    return content


@contribute("unit_work")
def _unit_people(user: Any) -> Content | None:
    official = official_of(user)
    if official is None or official.unit_id is None:
        return None
    return Content(figures=[Figure(
        _("Officials in your unit"),
        Official.objects.filter(unit_id=official.unit_id, is_active=True).count(),
    )])


@contribute("agency_work")
def _agency_people(user: Any) -> Content | None:
    official = official_of(user)
    if official is None:
        return None
    return Content(figures=[
        Figure(_("Officials of the agency"),
               Official.objects.filter(agency_id=official.agency_id, is_active=True).count()),
        Figure(_("Units"), official.agency.units.valid_on(timezone.localdate()).count()),
    ])


@contribute("platform")
def _platform(user: Any) -> Content | None:
    if not is_system_admin(user):
        return None
    counts = selectors.user_counts()
    content = Content(
        links=[Link(_("Officials of every agency"), _officials_url())],
        figures=[
            Figure(_("Agencies in force"), Agency.objects.valid_on(timezone.localdate()).count(),
                   reverse("organizations:directory")),
            Figure(_("Officials' accounts"), counts[User.Kind.OFFICIAL], _officials_url()),
            Figure(_("Citizens' accounts"), counts[User.Kind.CITIZEN]),
            Figure(_("Businesses' accounts"), counts[User.Kind.BUSINESS]),
            Figure(_("Days declared in the working-day calendar"), CalendarDay.objects.count()),
            Figure(_("Entries in the audit trail"), AuditEntry.objects.count()),
        ],
    )
    if user.is_staff:
        content.links.append(Link(_("Configuration (administration site)"),
                                  reverse("admin:index")))
    content.links.append(Link(_("API documentation"), reverse("api-docs")))
    return content


@contribute("account")
def _own_account(user: Any) -> Content:
    links = [Link(_("My details"), reverse("accounts:profile")),
             Link(_("Change my password"), reverse("accounts:password_change"))]
    if user.is_official:
        links.append(Link(
            _("Second factor: on") if user.totp_enabled else _("Turn on the second factor"),
            reverse("accounts:totp_setup"),
        ))
    return Content(links=links)
