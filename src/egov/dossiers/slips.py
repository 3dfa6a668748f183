"""The one-stop slips as PDFs (Circular 01/2018/TT-VPCP forms): the receipt and
appointment, the supplementation request, the refusal, the apology and new appointment,
and the processing control sheet.

Each is drawn from the dossier and the event that issued it, so a slip printed again a
year later says what it said on the day. They are legal forms and are printed in
Vietnamese whatever the language of the page that asks for them (``render_pdf``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone

from egov.accounts.permissions import official_of
from egov.dossiers.models import Dossier, DossierEvent, Status
from egov.dossiers.steps import steps_of
from egov.dossiers.timeliness import local_tz
from egov.printing.document import Signer
from egov.printing.pdf import render_pdf
from egov.printing.vietnamese import place_date_line


@dataclass(frozen=True)
class Slip:
    kind: str
    # The event that issues it (the latest of these actions); None: any received dossier.
    actions: tuple[str, ...]
    template: str
    filename: str


SLIPS = {slip.kind: slip for slip in [
    Slip("receipt", ("accept",), "dossiers/slips/receipt.html", "giay-tiep-nhan"),
    Slip("supplement", ("request_supplement",), "dossiers/slips/supplement.html",
         "phieu-yeu-cau-bo-sung"),
    Slip("refusal", ("refuse",), "dossiers/slips/refusal.html", "phieu-tu-choi"),
    Slip("apology", ("apologise",), "dossiers/slips/apology.html", "phieu-xin-loi"),
    Slip("control", ("accept",), "dossiers/slips/control.html", "phieu-kiem-soat"),
]}
_DELIVERY_WORDS = {"desk": "Tại Bộ phận tiếp nhận và trả kết quả",
                   "post": "Qua dịch vụ bưu chính công ích", "online": "Trực tuyến"}
_TIMELINESS_WORDS = {"early": "Trước hạn", "on_time": "Đúng hạn", "late": "Quá hạn"}


def place_of(dossier: Dossier) -> str:
    """The place name of the place and date line: the division without its kind
    (``Tỉnh Trà Vinh`` → ``Trà Vinh``)."""
    division = dossier.agency.division
    name, kind = division.name, division.kind
    if kind and name.lower().startswith(kind.lower() + " "):
        return name[len(kind) + 1:]
    return name


def issuing_event(dossier: Dossier, kind: str) -> DossierEvent | None:
    slip = SLIPS[kind]
    return (dossier.events.filter(action__in=slip.actions).select_related("actor")
            .order_by("-at", "-id").first())


def available(dossier: Dossier) -> list[str]:
    """The slips that exist for the dossier, in the order they were issued."""
    actions = set(dossier.events.values_list("action", flat=True))
    return [kind for kind, slip in SLIPS.items() if actions & set(slip.actions)]


def _position_of(event: DossierEvent) -> str:
    official = official_of(event.actor) if event.actor_id else None
    return official.position if official is not None and official.position else ""


def _days(value: Decimal) -> str:
    return f"{value.normalize():f}".replace(".", ",")


def slip_context(dossier: Dossier, kind: str) -> dict[str, Any]:
    event = issuing_event(dossier, kind)
    if event is None:
        raise LookupError(kind)
    agency = dossier.agency
    on = timezone.localtime(event.at, local_tz()).date()
    context: dict[str, Any] = {
        "dossier": dossier, "event": event, "kind": kind,
        "agency": agency.name, "parent_agency": agency.parent.name if agency.parent_id else "",
        "place_date": place_date_line(place_of(dossier), on),
        "slip_subtitle": f"Mã hồ sơ: {dossier.code}",
        "submitter_name": dossier.applicant_name, "receiver_name": event.actor_label,
        "delivery_words": _DELIVERY_WORDS.get(dossier.delivery, ""),
        "papers": [p for p in dossier.papers if p.get("received")],
        "all_papers": dossier.papers,
    }
    if kind == "receipt":
        context["slip_title"] = "Giấy tiếp nhận hồ sơ và hẹn trả kết quả"
        context["time_limit"] = event.data.get("time_limit_days",
                                               dossier.version.time_limit_days)
        due = event.data.get("due_date")
        context["due_date"] = dossier.due_date if due is None else _date(due)
    elif kind == "supplement":
        context["slip_title"] = "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ"
        context["missing"] = event.data.get("missing", [])
        context["left_signer_title"] = "NGƯỜI NỘP HỒ SƠ"
        context["right_signer_title"] = "NGƯỜI HƯỚNG DẪN"
    elif kind == "refusal":
        context["slip_title"] = "Phiếu từ chối tiếp nhận giải quyết hồ sơ"
        context["right_signer_title"] = "NGƯỜI TỪ CHỐI"
    elif kind == "apology":
        context["slip_title"] = "Phiếu xin lỗi và hẹn lại ngày trả kết quả"
        context["previous_due_date"] = _date(event.data["previous_due_date"])
        context["new_due_date"] = _date(event.data["new_due_date"])
        context["signer"] = Signer(position=_position_of(event) or "Người xử lý hồ sơ",
                                   name=event.actor_label)
        context["recipients_lines"] = ["- Như trên;", "- Lưu: VT."]
        context["addressee_lines"] = [dossier.applicant_name]
    else:
        context["slip_title"] = "Phiếu kiểm soát quá trình giải quyết hồ sơ"
        context["rows"] = _control_rows(dossier)
        context["steps"] = steps_of(dossier.version)
    return context


def _date(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _control_rows(dossier: Dossier) -> list[dict[str, Any]]:
    """One row per hand-over, from the acceptance on: who gave, who received, when, and
    how the step that ended kept its time."""
    rows = []
    steps = steps_of(dossier.version)
    events = (dossier.events.filter(action__in=[
        "accept", "forward", "send_back", "request_supplement", "supplement", "approve",
        "decline", "return"]).select_related("from_unit", "to_unit", "to_user")
              .order_by("at", "id"))
    for event in events:
        ended = (steps[event.ended_step_index].name
                 if event.ended_step_index is not None
                 and event.ended_step_index < len(steps) else "")
        receiver = (event.to_user.get_full_name() if event.to_user_id
                    else event.to_unit.name if event.to_unit_id else "")
        if event.action in ("approve", "decline"):
            receiver = "Bộ phận tiếp nhận và trả kết quả"
        if event.action == "return":
            receiver = event.data.get("recipient", dossier.applicant_name)
        rows.append({
            "event": event,
            "giver": event.actor_label,
            "giver_unit": event.from_unit.name if event.from_unit_id else "",
            "receiver": receiver,
            "receiver_unit": event.to_unit.name if event.to_unit_id else "",
            "ended": ended,
            "result": _TIMELINESS_WORDS.get(event.ended_step_result, ""),
            "step_days": _days(steps[event.step_index].days)
            if event.step_index is not None and event.step_index < len(steps) else "",
        })
    return rows


def render_slip(dossier: Dossier, kind: str) -> bytes:
    """The slip ``kind`` of the dossier as PDF bytes; LookupError if it was never issued."""
    if kind not in SLIPS or (kind == "control" and dossier.status in (Status.DRAFT,
                                                                        Status.SUBMITTED)):
        raise LookupError(kind)
    return render_pdf(SLIPS[kind].template, slip_context(dossier, kind))


def slip_filename(dossier: Dossier, kind: str) -> str:
    return f"{SLIPS[kind].filename}-{dossier.code}.pdf"
