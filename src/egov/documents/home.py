"""What documents add to the officials' home pages (egov.accounts.home): the inbox with
its due and overdue counts, the unit's and the agency's open work, the clerk's registers."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from egov.accounts import home
from egov.accounts.permissions import official_of
from egov.documents import selectors
from egov.documents.permissions import is_clerk, is_director, is_unit_head


def _figures(counts: selectors.WorkCounts, url: str) -> list[home.Figure]:
    return [home.Figure(_("Documents being handled"), counts.open, url),
            home.Figure(_("Due within two working days"), counts.due_soon,
                        f"{url}?due=due_soon"),
            home.Figure(_("Overdue"), counts.overdue, f"{url}?due=overdue")]


@home.contribute("inbox")
def my_documents(user: Any) -> home.Content | None:
    if official_of(user) is None:
        return None
    items = selectors.inbox(user)
    url = reverse("documents:inbox")
    return home.Content(figures=[
        home.Figure(_("Documents to handle"), len(items), url),
        home.Figure(_("Overdue"), sum(i.due_state == selectors.Due.OVERDUE for i in items),
                    f"{url}?due=overdue"),
    ])


@home.contribute("unit_work")
def unit_documents(user: Any) -> home.Content | None:
    official = official_of(user)
    if official is None or not is_unit_head(user, official.unit_id):
        return None
    return home.Content(figures=_figures(selectors.unit_work(official.unit_id),
                                         reverse("documents:inbox")))


@home.contribute("agency_work")
def agency_documents(user: Any) -> home.Content | None:
    official = official_of(user)
    if official is None or not is_director(user, official.agency_id):
        return None
    return home.Content(figures=_figures(selectors.agency_work(official.agency_id),
                                         reverse("documents:inbox")))


@home.contribute("registers")
def registers(user: Any) -> home.Content | None:
    official = official_of(user)
    if official is None or not is_clerk(user, official.agency_id):
        return None
    return home.Content(links=[
        home.Link(_("Register an incoming document"), reverse("documents:incoming_create")),
        home.Link(_("Incoming documents"), reverse("documents:incoming_list")),
        home.Link(_("Incoming register"), reverse("documents:incoming_book")),
        home.Link(_("Outgoing documents"), reverse("documents:outgoing_list")),
        home.Link(_("Outgoing register"), reverse("documents:outgoing_book")),
    ])
