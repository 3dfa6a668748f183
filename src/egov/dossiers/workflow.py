"""The dossier state machine as data: which action may move a dossier from which status,
to which status, and who may do it.

::

    draft ─submit─▶ submitted ─accept─▶ received ─forward─▶ processing ─approve/decline─▶
    result_ready ─return─▶ returned
    submitted ─refuse─▶ refused;  submitted|processing ─request_supplement─▶
    awaiting_supplement ─supplement─▶ submitted|processing (where it was)
    submitted|received|awaiting_supplement|processing ─withdraw─▶ withdrawn

``check`` refuses a move the table does not allow with a ``Conflict`` that names the
action and the current status; the services in ``egov.dossiers.services`` call it first.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from egov.core.errors import Conflict
from egov.dossiers.models import Dossier, Status

# Who may take an action: the applicant (their own dossier), the one-stop desk of the
# receiving agency, the official at the current processing step, the platform itself.
APPLICANT, DESK, HANDLER, SYSTEM = "applicant", "desk", "handler", "system"


@dataclass(frozen=True)
class Transition:
    action: str
    label: Promise
    sources: frozenset[str]
    # None: the service decides (back to where an awaiting dossier came from).
    target: str | None
    by: frozenset[str]


def _t(action: str, label: Promise, sources: set[str], target: str | None,
       by: set[str]) -> Transition:
    return Transition(action, label, frozenset(sources), target, frozenset(by))


ACTIVE = {Status.RECEIVED, Status.PROCESSING}
TRANSITIONS: dict[str, Transition] = {t.action: t for t in [
    _t("submit", gettext_lazy("submit"), {Status.DRAFT}, Status.SUBMITTED, {APPLICANT}),
    _t("accept", gettext_lazy("accept"), {Status.SUBMITTED}, Status.RECEIVED, {DESK}),
    _t("refuse", gettext_lazy("refuse"), {Status.SUBMITTED}, Status.REFUSED, {DESK}),
    _t("request_supplement", gettext_lazy("ask for a supplement to"),
       {Status.SUBMITTED, Status.PROCESSING}, Status.AWAITING_SUPPLEMENT, {DESK, HANDLER}),
    _t("supplement", gettext_lazy("supplement"), {Status.AWAITING_SUPPLEMENT}, None,
       {APPLICANT, DESK}),
    _t("forward", gettext_lazy("forward"), ACTIVE, Status.PROCESSING, {HANDLER}),
    _t("take", gettext_lazy("take"), ACTIVE, None, {HANDLER}),
    _t("send_back", gettext_lazy("send back"), {Status.PROCESSING}, Status.PROCESSING,
       {HANDLER}),
    _t("approve", gettext_lazy("approve"), {Status.PROCESSING}, Status.RESULT_READY,
       {HANDLER}),
    _t("decline", gettext_lazy("decline"), {Status.PROCESSING}, Status.RESULT_READY,
       {HANDLER}),
    _t("apologise", gettext_lazy("extend with an apology"), ACTIVE, None, {HANDLER}),
    _t("return", gettext_lazy("return the result of"), {Status.RESULT_READY},
       Status.RETURNED, {DESK, SYSTEM}),
    _t("withdraw", gettext_lazy("withdraw"),
       {Status.SUBMITTED, Status.RECEIVED, Status.AWAITING_SUPPLEMENT, Status.PROCESSING},
       Status.WITHDRAWN, {APPLICANT, DESK}),
]}

# Statuses in which a dossier is still open (counted as in progress).
OPEN = frozenset({Status.SUBMITTED, Status.RECEIVED, Status.AWAITING_SUPPLEMENT,
                  Status.PROCESSING})
# Statuses in which the dossier was received and its result is known.
FINISHED = frozenset({Status.RESULT_READY, Status.RETURNED})


def allowed_actions(status: str) -> list[str]:
    return [t.action for t in TRANSITIONS.values() if status in t.sources]


def check(action: str, dossier: Dossier) -> Transition:
    """The transition of ``action`` if the dossier's status allows it; Conflict otherwise."""
    transition = TRANSITIONS[action]
    if dossier.status not in transition.sources:
        raise Conflict(
            _("The dossier cannot be %(action)s now: it is %(status)s.")
            % {"action": str(transition.label),
               "status": Status(dossier.status).label},
            code="invalid_transition",
        )
    return transition


# How each event reads in a history or on the control sheet.
EVENT_LABELS: dict[str, Promise] = {
    "create": gettext_lazy("Draft created"),
    "submit": gettext_lazy("Submitted online"),
    "intake": gettext_lazy("Taken in at the desk"),
    "accept": gettext_lazy("Received; appointment given"),
    "refuse": gettext_lazy("Refused at intake"),
    "request_supplement": gettext_lazy("Supplement requested"),
    "supplement": gettext_lazy("Supplemented"),
    "forward": gettext_lazy("Handed over"),
    "take": gettext_lazy("Taken for processing"),
    "send_back": gettext_lazy("Sent back"),
    "approve": gettext_lazy("Result approved"),
    "decline": gettext_lazy("Refused with reasons"),
    "apologise": gettext_lazy("Apology and new appointment"),
    "return": gettext_lazy("Result returned"),
    "withdraw": gettext_lazy("Withdrawn"),
    "pay": gettext_lazy("Fee paid"),
}


def event_label(action: str) -> str:
    return str(EVENT_LABELS.get(action, action))
