"""The dossier API's shapes. Input serializers only parse; the services validate."""

from __future__ import annotations

import functools
import re
from typing import Any

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from egov.dossiers import workflow
from egov.dossiers.models import (
    AttachmentKind,
    Channel,
    Delivery,
    Dossier,
    DossierAttachment,
    DossierEvent,
    Outcome,
    Status,
    Timeliness,
)
from egov.dossiers.steps import steps_of
from egov.dossiers.timeliness import dossier_timeliness


def pattern_schema(choices: list[tuple[str, Any]], *, blank: bool = False) -> dict[str, Any]:
    """The schema of a choice as a pattern: other apps have fields named ``status`` or
    ``channel`` with other values, and the enum components the schema generator would
    name after the field would collide."""
    values = [re.escape(value) for value, _label in choices] + ([""] if blank else [])
    return {"type": "string", "pattern": f"^({'|'.join(values)})$",
            "description": ", ".join(f"{value}: {label}" for value, label in choices)}


def choice(choices: list[tuple[str, Any]], **kwargs: Any) -> serializers.ChoiceField:
    field_class = extend_schema_field(pattern_schema(choices, blank=kwargs.get("allow_blank",
                                                                               False)))(
        type("PatternChoiceField", (serializers.ChoiceField,), {}))
    return field_class(choices=choices, **kwargs)


class DossierErrorSerializer(serializers.Serializer):
    """Every error answer (egov.api.errors): ``code``, ``message`` and, for invalid input,
    ``fields`` with the messages of each wrong field."""

    code = serializers.CharField()
    message = serializers.CharField()


DossierErrorSerializer._declared_fields["fields"] = serializers.DictField(
    child=serializers.ListField(child=serializers.CharField()), required=False)


class DossierAttachmentSerializer(serializers.ModelSerializer):
    kind = choice(AttachmentKind.choices, read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = DossierAttachment
        fields = ["id", "kind", "paper_position", "name", "content_type", "size", "sha256",
                  "uploaded_at", "url"]

    def get_url(self, attachment: DossierAttachment) -> str:
        return reverse("v1:dossier-attachment-detail",
                       args=[attachment.dossier_id, attachment.pk])


class DossierStepSerializer(serializers.Serializer):
    index = serializers.IntegerField()
    name = serializers.CharField()
    role = serializers.CharField()
    unit = serializers.CharField(allow_null=True)
    assignee = serializers.CharField(allow_null=True)
    due_date = serializers.DateField(allow_null=True)


_STATUS_LABELS = dict(Status.choices)


class DossierSerializer(serializers.ModelSerializer):
    """A dossier as its applicant and the agency's officials see it."""

    procedure = serializers.CharField(source="procedure.code")
    procedure_name = serializers.CharField(source="version.name")
    agency = serializers.CharField(source="agency.code")
    agency_name = serializers.CharField(source="agency.name")
    status = choice(Status.choices, read_only=True)
    status_label = serializers.SerializerMethodField()
    channel = choice(Channel.choices, read_only=True)
    outcome = choice(Outcome.choices, read_only=True, allow_blank=True)
    delivery = choice(Delivery.choices, read_only=True)
    return_method = choice(Delivery.choices, read_only=True, allow_blank=True)
    timeliness = serializers.SerializerMethodField()
    step = serializers.SerializerMethodField()
    result = serializers.SerializerMethodField()
    attachments = DossierAttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = Dossier
        fields = [
            "id", "code", "procedure", "procedure_name", "agency", "agency_name", "level",
            "channel", "status", "status_label", "outcome", "applicant_name",
            "applicant_id_number", "applicant_phone", "applicant_email", "applicant_address",
            "answers", "papers", "delivery", "delivery_address", "fee_amount", "paid_amount",
            "submitted_at", "received_at", "due_date", "original_due_date", "finished_at",
            "returned_at", "return_method", "returned_to", "closing_reason", "timeliness",
            "step", "attachments", "result", "revision",
        ]

    def get_status_label(self, dossier: Dossier) -> str:
        # Not get_status_display: it rebuilds the choices' dictionary on every call,
        # hashing each lazy label, a third of the time of a whole answer.
        return str(_STATUS_LABELS.get(dossier.status, dossier.status))

    @extend_schema_field(pattern_schema(Timeliness.choices))
    def get_timeliness(self, dossier: Dossier) -> str:
        annotated = getattr(dossier, "timeliness", None)
        return annotated if isinstance(annotated, str) else dossier_timeliness(dossier)

    @extend_schema_field({"type": "string", "nullable": True,
                          "description": "Where to download the signed result"})
    def get_result(self, dossier: Dossier) -> str | None:
        if not dossier.result_file:
            return None
        return reverse("v1:dossier-result", args=[dossier.pk])

    @extend_schema_field(DossierStepSerializer(allow_null=True))
    def get_step(self, dossier: Dossier) -> dict[str, Any] | None:
        if dossier.step_index is None or not dossier.step_role:
            return None
        steps = steps_of(dossier.version)
        step = steps[dossier.step_index]
        return {"index": step.index, "name": step.name, "role": step.role,
                "unit": dossier.unit.short_name if dossier.unit_id else None,
                "assignee": dossier.assignee.get_full_name() if dossier.assignee_id else None,
                "due_date": dossier.step_due_date}


@functools.cache
def _dossier_shape() -> DossierSerializer:
    shape = DossierSerializer()
    shape.fields  # noqa: B018 -- built here once, not on every answer
    return shape


def dossier_data(dossier: Dossier) -> dict[str, Any]:
    """``DossierSerializer(dossier).data``, without building the serializer's fields
    for every answer (a ModelSerializer derives them from the model each time it is
    made). The fields keep no state between dossiers, so one set serves the process."""
    return _dossier_shape().to_representation(dossier)


class DossierListSerializer(DossierSerializer):
    class Meta(DossierSerializer.Meta):
        fields = ["id", "code", "procedure", "procedure_name", "agency", "level", "channel",
                  "status", "status_label", "applicant_name", "submitted_at", "received_at",
                  "due_date", "finished_at", "timeliness", "revision"]


class DossierEventSerializer(serializers.ModelSerializer):
    label = serializers.SerializerMethodField()
    from_status = choice(Status.choices, read_only=True, allow_blank=True)
    to_status = choice(Status.choices, read_only=True)
    ended_step_result = choice(Timeliness.choices, read_only=True, allow_blank=True)
    from_unit = serializers.CharField(source="from_unit.name", default=None)
    to_unit = serializers.CharField(source="to_unit.name", default=None)
    to_user = serializers.SerializerMethodField()

    class Meta:
        model = DossierEvent
        fields = ["id", "at", "action", "label", "actor_label", "from_status", "to_status",
                  "from_unit", "to_user", "to_unit", "to_role", "step_index", "step_name",
                  "step_due_date", "ended_step_index", "ended_step_result",
                  "ended_step_margin", "note", "data"]

    def get_label(self, event: DossierEvent) -> str:
        return workflow.event_label(event.action)

    def get_to_user(self, event: DossierEvent) -> str | None:
        return event.to_user.get_full_name() if event.to_user_id else None


# --- Input -------------------------------------------------------------------------------

class DossierApplySerializer(serializers.Serializer):
    """An online application. ``submit`` false keeps it as a draft."""

    procedure = serializers.CharField(max_length=30)
    answers = serializers.DictField(required=False, default=dict)
    delivery = choice(Delivery.choices, default=Delivery.DESK)
    delivery_address = serializers.CharField(required=False, allow_blank=True, default="",
                                             max_length=255)
    submit = serializers.BooleanField(default=True)


class DossierDraftUpdateSerializer(serializers.Serializer):
    answers = serializers.DictField(required=False)
    delivery = choice(Delivery.choices, required=False)
    delivery_address = serializers.CharField(required=False, allow_blank=True, max_length=255)
    expected_revision = serializers.IntegerField(required=False, min_value=1)


class DossierApplicantSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200, allow_blank=True)
    phone = serializers.CharField(max_length=20, allow_blank=True)
    id_number = serializers.CharField(max_length=20, required=False, allow_blank=True,
                                      default="")
    email = serializers.CharField(max_length=254, required=False, allow_blank=True, default="")
    address = serializers.CharField(max_length=255, allow_blank=True)


class DossierIntakeSerializer(serializers.Serializer):
    """A dossier brought to the desk or received by post."""

    procedure = serializers.CharField(max_length=30)
    channel = choice([(Channel.DESK, Channel.DESK.label), (Channel.POST, Channel.POST.label)])
    applicant = DossierApplicantSerializer()
    papers_received = serializers.ListField(child=serializers.IntegerField(), default=list)
    answers = serializers.DictField(required=False, default=dict)
    delivery = choice(Delivery.choices, default=Delivery.DESK)
    delivery_address = serializers.CharField(required=False, allow_blank=True, default="",
                                             max_length=255)


class DossierAttachmentUploadSerializer(serializers.Serializer):
    file = serializers.FileField()
    paper_position = serializers.IntegerField(required=False, allow_null=True, min_value=1)


class DossierRevisionSerializer(serializers.Serializer):
    """The revision the caller last read: a move on a dossier changed since is a 409."""

    expected_revision = serializers.IntegerField(required=False, min_value=1)


class DossierAcceptSerializer(DossierRevisionSerializer):
    papers_received = serializers.ListField(child=serializers.IntegerField(), required=False)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class DossierReasonSerializer(DossierRevisionSerializer):
    reason = serializers.CharField(allow_blank=True)


class DossierSupplementRequestSerializer(DossierRevisionSerializer):
    missing = serializers.ListField(child=serializers.CharField(allow_blank=True))
    note = serializers.CharField(required=False, allow_blank=True, default="")


class DossierSupplementSerializer(DossierRevisionSerializer):
    papers_received = serializers.ListField(child=serializers.IntegerField(), required=False)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class DossierForwardSerializer(DossierRevisionSerializer):
    to_user = serializers.IntegerField(required=False, allow_null=True,
                                       help_text="Id of the official who takes the next step; "
                                                 "empty: anyone of that step's role and unit.")
    note = serializers.CharField(required=False, allow_blank=True, default="")


class DossierDecisionSerializer(DossierRevisionSerializer):
    """The decision of the last step, signed: with the official's own active certificate
    unless ``certificate`` names another they may use; ``passphrase`` if it has one."""

    certificate = serializers.IntegerField(required=False, allow_null=True)
    passphrase = serializers.CharField(required=False, allow_blank=True, default="",
                                       style={"input_type": "password"})


class DossierApproveSerializer(DossierDecisionSerializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class DossierDeclineSerializer(DossierDecisionSerializer):
    reason = serializers.CharField(allow_blank=True)


class DossierApologySerializer(DossierRevisionSerializer):
    reason = serializers.CharField(allow_blank=True)
    new_due_date = serializers.DateField()


class DossierReturnSerializer(DossierRevisionSerializer):
    method = choice(Delivery.choices)
    recipient_name = serializers.CharField(allow_blank=True, max_length=200)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class DossierRatingSerializer(serializers.Serializer):
    stars = serializers.IntegerField()
    comment = serializers.CharField(required=False, allow_blank=True, default="")
    check = serializers.CharField(required=False, allow_blank=True, default="",
                                  help_text="The applicant's phone or ID, for a rating "
                                            "without logging in.")


class DossierRatingResultSerializer(serializers.Serializer):
    stars = serializers.IntegerField()
    comment = serializers.CharField()
    created_at = serializers.DateTimeField()


# --- Public lookup -----------------------------------------------------------------------

class DossierPublicEventSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    label = serializers.CharField()
    unit = serializers.CharField(allow_null=True)


class DossierPublicSerializer(serializers.Serializer):
    """What anyone with the code and the applicant's phone or ID sees: no names of
    officials, no answers, no files."""

    code = serializers.CharField()
    procedure_name = serializers.CharField()
    agency_name = serializers.CharField()
    channel = choice(Channel.choices)
    status = choice(Status.choices)
    status_label = serializers.CharField()
    submitted_at = serializers.DateTimeField(allow_null=True)
    received_at = serializers.DateTimeField(allow_null=True)
    due_date = serializers.DateField(allow_null=True)
    finished_at = serializers.DateTimeField(allow_null=True)
    returned_at = serializers.DateTimeField(allow_null=True)
    timeliness = choice(Timeliness.choices)
    can_rate = serializers.BooleanField()
    history = DossierPublicEventSerializer(many=True)


# --- Figures -----------------------------------------------------------------------------

class DossierFiguresQuerySerializer(serializers.Serializer):
    # "from" is a Python keyword: declared below.
    to = serializers.DateField()
    by = serializers.CharField(required=False, allow_blank=True, default="")
    basis = serializers.ChoiceField(choices=["received", "submitted", "finished"],
                                    default="received")
    agency = serializers.IntegerField(required=False, min_value=1)


DossierFiguresQuerySerializer._declared_fields["from"] = serializers.DateField()


class DossierFiguresSerializer(serializers.Serializer):
    rows = serializers.ListField(child=serializers.DictField(), allow_null=True,
                                 help_text="One object per group: its dimensions and count.")
    summary = serializers.DictField(child=serializers.IntegerField(), allow_null=True)
