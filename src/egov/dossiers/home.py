"""What the dossier app puts on each role's home page (``egov.accounts.home``)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from egov.accounts import home
from egov.accounts.permissions import official_of
from egov.dossiers import selectors
from egov.dossiers.models import Dossier, Status, Timeliness
from egov.dossiers.permissions import is_desk_officer_of
from egov.dossiers.timeliness import OPEN, timeliness_expression


def _overdue(queryset: Any) -> int:
    return queryset.annotate(t=timeliness_expression()).filter(t=Timeliness.OVERDUE).count()


@home.contribute("intake")
def _intake(user: Any) -> home.Content | None:
    official = official_of(user)
    if official is None or not is_desk_officer_of(user, official.agency_id):
        return None
    agency = Dossier.objects.filter(agency_id=official.agency_id)
    today = timezone.localdate()
    inbox = reverse("dossiers:inbox")
    return home.Content(
        links=[home.Link(_("Take in a dossier"), reverse("dossiers:intake")),
               home.Link(_("Dossiers to handle"), inbox)],
        figures=[
            home.Figure(_("Submitted online, to check"),
                        agency.filter(status=Status.SUBMITTED).count(), inbox),
            home.Figure(_("Received today"), agency.filter(
                received_at__date=today).count()),
            home.Figure(_("Results to return"),
                        agency.filter(status=Status.RESULT_READY).count(), inbox),
        ])


@home.contribute("inbox")
def _inbox(user: Any) -> home.Content | None:
    if official_of(user) is None:
        return None
    waiting = selectors.inbox(user)
    url = reverse("dossiers:inbox")
    return home.Content(
        links=[home.Link(_("Dossiers to handle"), url)],
        figures=[home.Figure(_("Dossiers waiting for you"), waiting.count(), url),
                 home.Figure(_("Of which overdue"),
                             waiting.filter(timeliness=Timeliness.OVERDUE).count(), url)])


@home.contribute("unit_work")
def _unit(user: Any) -> home.Content | None:
    official = official_of(user)
    if official is None or official.unit_id is None:
        return None
    open_ = Dossier.objects.filter(unit_id=official.unit_id, status__in=OPEN)
    return home.Content(figures=[
        home.Figure(_("Dossiers open in the unit"), open_.count()),
        home.Figure(_("Dossiers overdue in the unit"), _overdue(open_))])


@home.contribute("agency_work")
def _agency(user: Any) -> home.Content | None:
    official = official_of(user)
    if official is None:
        return None
    open_ = Dossier.objects.filter(agency_id=official.agency_id, status__in=OPEN)
    return home.Content(figures=[
        home.Figure(_("Dossiers open in the agency"), open_.count()),
        home.Figure(_("Dossiers overdue in the agency"), _overdue(open_))])


@home.contribute("my_dossiers")
def _mine(user: Any) -> home.Content | None:
    if official_of(user) is not None:
        return None
    mine = Dossier.objects.filter(applicant_id=user.pk)
    url = reverse("dossiers:mine")
    return home.Content(
        links=[home.Link(_("My dossiers"), url),
               home.Link(_("Apply online"), reverse("procedures:catalogue") + "?online=1")],
        figures=[home.Figure(_("Open"), mine.filter(status__in=OPEN).count(), url),
                 home.Figure(_("Result ready"), mine.filter(status=Status.RESULT_READY).count(),
                             url)])


@home.contribute("lookup")
def _lookup(user: Any) -> home.Content:
    return home.Content(links=[home.Link(_("Look up a dossier"), reverse("dossiers:lookup"))])
