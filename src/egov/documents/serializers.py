"""API shapes. Input serializers only parse types; every rule lives in the services."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from egov.documents.models import (
    Assignment,
    Attachment,
    Confidentiality,
    Direction,
    DocumentType,
    DraftVersion,
    Exchange,
    ExchangePeer,
    ExchangeStatus,
    HandlingNote,
    IncomingDocument,
    OutgoingDocument,
    Recipient,
    Register,
    ReviewStep,
    Urgency,
)
from egov.organizations.models import Agency, Unit


def reference(queryset: Any, missing: Any, **kwargs: Any) -> serializers.Field:
    """A primary-key field whose "not found" message names what was looked for."""
    return serializers.PrimaryKeyRelatedField(
        queryset=queryset, error_messages={"does_not_exist": missing}, **kwargs
    )


NO_TYPE = _("There is no document type with id {pk_value}.")
NO_AGENCY = _("There is no agency with id {pk_value}.")


class DocumentTypeSerializer(serializers.ModelSerializer):
    class Meta:
        model = DocumentType
        fields = ["id", "category", "code", "name", "ordinal", "aliases", "active"]
        read_only_fields = fields


class DocumentTypeFilterSerializer(serializers.Serializer):
    category = serializers.ChoiceField(choices=DocumentType.Category.choices, required=False)


class RegisterSerializer(serializers.ModelSerializer):
    class Meta:
        model = Register
        fields = ["id", "agency", "direction", "code", "name", "secret", "legal", "types",
                  "created_at"]
        read_only_fields = fields


class RegisterFilterSerializer(serializers.Serializer):
    direction = serializers.ChoiceField(choices=Direction.choices, required=False)


class RegisterUpdateSerializer(serializers.Serializer):
    name = serializers.CharField(required=False, allow_blank=True)
    types = reference(DocumentType.objects.all(), NO_TYPE, many=True, required=False)


class RegisterCreateSerializer(serializers.Serializer):
    agency = reference(Agency.objects.all(), NO_AGENCY, required=False, help_text=_(
        "The agency whose register it is; by default, your own."))
    direction = serializers.CharField(help_text=_("in (incoming) or out (outgoing)."))
    code = serializers.CharField(allow_blank=True, help_text=_("Short code, e.g. quyet-dinh."))
    name = serializers.CharField(allow_blank=True)
    types = reference(DocumentType.objects.all(), NO_TYPE, many=True, required=False)
    secret = serializers.BooleanField(required=False, default=False)
    legal = serializers.BooleanField(required=False, default=False)


# --- Incoming documents ----------------------------------------------------------------


class AttachmentSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = ["id", "name", "content_type", "size", "sha256", "uploaded_at",
                  "download_url"]
        read_only_fields = fields

    def get_download_url(self, obj: Attachment) -> str:
        return reverse("documents:attachment", args=[obj.pk])


class IncomingSerializer(serializers.ModelSerializer):
    # A plain string in the schema: other apps' models have a "status" enum too.
    status = serializers.CharField(read_only=True, help_text=_(
        "registered, in_progress or done."))
    doc_type_name = serializers.CharField(source="doc_type.name", read_only=True)
    register_name = serializers.CharField(source="register.name", read_only=True)
    attachments = AttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = IncomingDocument
        fields = ["id", "agency", "register", "register_name", "arrival_number",
                  "arrival_year", "arrival_date", "issuer_agency", "issuer_name",
                  "number_symbol", "number", "symbol", "document_date", "doc_type",
                  "doc_type_name", "summary", "urgency", "confidentiality", "signer_name",
                  "signer_position", "pages", "channel", "notes", "status", "due_date",
                  "finished_at", "finish_note", "registered_at", "attachments"]
        read_only_fields = fields


class IncomingFilterSerializer(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, help_text=_(
        "Words of the number and symbol, issuer, summary or files; accents do not matter."))
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100,
                                    help_text=_("Arrival year."))
    status = serializers.ChoiceField(choices=IncomingDocument.Status.values, required=False,
                                     help_text=_("registered, in_progress or done."))
    doc_type = reference(DocumentType.objects.all(), NO_TYPE, required=False)
    issuer = serializers.CharField(required=False, allow_blank=True, help_text=_(
        "Part of the issuing body's name, or its code."))
    date_from = serializers.DateField(required=False, help_text=_("Documents dated from."))
    date_to = serializers.DateField(required=False, help_text=_("Documents dated until."))


class OutgoingFilterSerializer(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, help_text=_(
        "Words of the number and symbol, summary, content, recipients or files."))
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)
    status = serializers.ChoiceField(choices=OutgoingDocument.Status.values, required=False,
                                     help_text=_("draft, in_review, approved, signed or "
                                                 "issued."))
    doc_type = reference(DocumentType.objects.all(), NO_TYPE, required=False)
    issuer = serializers.CharField(required=False, allow_blank=True, help_text=_(
        "The drafting unit's short name (e.g. VP)."))
    date_from = serializers.DateField(required=False, help_text=_("Issued from."))
    date_to = serializers.DateField(required=False, help_text=_("Issued until."))


class IncomingCreateSerializer(serializers.Serializer):
    """Multipart: the fields and any number of ``files``."""

    issuer_agency = reference(Agency.objects.all(), NO_AGENCY, required=False,
                              allow_null=True)
    issuer_name = serializers.CharField(required=False, allow_blank=True, default="")
    number_symbol = serializers.CharField(allow_blank=True,
                                          help_text=_("As printed, e.g. 1407/BC-STTTT-VP."))
    document_date = serializers.DateField(allow_null=True)
    doc_type = reference(DocumentType.objects.all(), NO_TYPE, allow_null=True)
    summary = serializers.CharField(allow_blank=True)
    urgency = serializers.CharField(required=False, default=Urgency.NORMAL, help_text=_(
        "normal, urgent, very_urgent or flash."))
    confidentiality = serializers.CharField(required=False, default=Confidentiality.NORMAL,
                                            help_text=_("normal, confidential, secret or "
                                                        "top_secret."))
    signer_name = serializers.CharField(required=False, allow_blank=True, default="")
    signer_position = serializers.CharField(required=False, allow_blank=True, default="")
    pages = serializers.IntegerField(required=False, default=1)
    channel = serializers.CharField(help_text=_("paper or electronic."))
    arrival_date = serializers.DateField(required=False, allow_null=True, default=None)
    notes = serializers.CharField(required=False, allow_blank=True, default="")
    files = serializers.ListField(child=serializers.FileField(), required=False, default=list)


class FilesSerializer(serializers.Serializer):
    files = serializers.ListField(child=serializers.FileField(), allow_empty=True)


# --- Handling ------------------------------------------------------------------------------

NO_UNIT = _("There is no unit with id {pk_value}.")
NO_PERSON = _("There is no official with id {pk_value}.")


def _officials() -> Any:
    return get_user_model().objects.filter(kind="official")


class AssignmentSerializer(serializers.ModelSerializer):
    # Plain strings in the schema: "role" is also the name of the accounts' role enum.
    role = serializers.CharField(read_only=True, help_text=_("lead, cooperate or inform."))
    unit_name = serializers.CharField(source="unit.name", read_only=True, default=None)
    assignee_name = serializers.CharField(source="assignee.get_full_name", read_only=True,
                                          default=None)

    class Meta:
        model = Assignment
        fields = ["id", "document", "role", "unit", "unit_name", "assignee", "assignee_name",
                  "parent", "assigned_by", "assigned_at", "deadline", "instructions",
                  "done_at", "reminded_at"]
        read_only_fields = fields


class NoteSerializer(serializers.ModelSerializer):
    author_name = serializers.CharField(source="author.get_full_name", read_only=True)

    class Meta:
        model = HandlingNote
        fields = ["id", "document", "author", "author_name", "kind", "text", "percent",
                  "created_at"]
        read_only_fields = fields


class IncomingDetailSerializer(IncomingSerializer):
    assignments = AssignmentSerializer(many=True, read_only=True)
    notes = NoteSerializer(many=True, read_only=True, source="notes_log")

    class Meta(IncomingSerializer.Meta):
        fields = [*IncomingSerializer.Meta.fields, "assignments", "notes"]
        read_only_fields = fields


class AssignmentSpecSerializer(serializers.Serializer):
    role = serializers.CharField(help_text=_("lead, cooperate or inform."))
    unit = reference(Unit.objects.all(), NO_UNIT, required=False, allow_null=True,
                     default=None)
    assignee = reference(_officials(), NO_PERSON, required=False, allow_null=True,
                         default=None, help_text=_("The user id of an official."))
    deadline = serializers.DateField(required=False, allow_null=True, default=None)
    working_days = serializers.IntegerField(required=False, allow_null=True, default=None,
                                            help_text=_("Instead of deadline: counted from "
                                                        "today in working days."))
    instructions = serializers.CharField(required=False, allow_blank=True, default="")


class AssignSerializer(serializers.Serializer):
    assignments = AssignmentSpecSerializer(many=True, allow_empty=True)


class DelegateSerializer(serializers.Serializer):
    assignee = reference(_officials(), NO_PERSON)
    deadline = serializers.DateField(required=False, allow_null=True, default=None)
    instructions = serializers.CharField(required=False, allow_blank=True, default="")


class NoteCreateSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text=_("opinion or progress."))
    text = serializers.CharField(allow_blank=True)
    percent = serializers.IntegerField(required=False, allow_null=True, default=None)


class FinishSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")
    reply = reference(OutgoingDocument.objects.all(), _(
        "There is no outgoing document with id {pk_value}."), required=False, allow_null=True,
        default=None, help_text=_("The reply issued, an outgoing document of the agency."))


class CompleteSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class InboxItemSerializer(AssignmentSerializer):
    due_state = serializers.CharField(read_only=True)
    number_symbol = serializers.CharField(source="document.number_symbol", read_only=True)
    summary = serializers.CharField(source="document.summary", read_only=True)
    issuer_name = serializers.CharField(source="document.issuer_name", read_only=True)

    class Meta(AssignmentSerializer.Meta):
        fields = [*AssignmentSerializer.Meta.fields, "due_state", "number_symbol", "summary",
                  "issuer_name"]
        read_only_fields = fields


class InboxFilterSerializer(serializers.Serializer):
    due = serializers.ChoiceField(choices=["overdue", "due_soon", "on_track", "no_deadline"],
                                  required=False)


# --- Outgoing documents --------------------------------------------------------------------

NO_INCOMING = _("There is no incoming document with id {pk_value}.")
NO_CERTIFICATE = _("There is no certificate with id {pk_value}.")


class RecipientSerializer(serializers.ModelSerializer):
    class Meta:
        model = Recipient
        fields = ["ordinal", "name", "agency", "organ_id"]
        read_only_fields = fields


class ReviewStepSerializer(serializers.ModelSerializer):
    decision = serializers.CharField(read_only=True, help_text=_(
        "pending, approved or returned."))

    class Meta:
        model = ReviewStep
        fields = ["round", "order", "reviewer", "version", "decision", "comment", "decided_at"]
        read_only_fields = fields


class VersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = DraftVersion
        fields = ["number", "summary", "note", "created_by", "created_at"]
        read_only_fields = fields


class OutgoingSerializer(serializers.ModelSerializer):
    # Plain strings in the schema: other apps' models have "status" enums too.
    status = serializers.CharField(read_only=True, help_text=_(
        "draft, in_review, approved, signed or issued."))
    doc_type_name = serializers.CharField(source="doc_type.name", read_only=True)
    recipients = RecipientSerializer(many=True, read_only=True)
    files = serializers.SerializerMethodField()

    class Meta:
        model = OutgoingDocument
        fields = ["id", "agency", "drafting_unit", "doc_type", "doc_type_name", "summary",
                  "addressees", "place", "urgency", "confidentiality", "signer",
                  "signer_position", "authority", "authority_title", "copies", "in_reply_to",
                  "status", "version", "created_by", "created_at", "signed_at", "register",
                  "number", "number_symbol", "issued_date", "issued_at", "recipients", "files"]
        read_only_fields = fields

    def get_files(self, obj: OutgoingDocument) -> dict[str, str]:
        """Download addresses (pages, after the same permission check)."""
        kinds = ["du-thao.pdf", "du-thao.docx"] if obj.status != "issued" else []
        if obj.signed_pdf and obj.status != "issued":
            kinds.append("da-ky.pdf")
        if obj.issued_pdf:
            kinds += ["ban-hanh.pdf", "ban-hanh.docx"]
        return {kind: reverse("documents:outgoing_file", args=[obj.pk, kind])
                for kind in kinds}


class OutgoingDetailSerializer(OutgoingSerializer):
    versions = VersionSerializer(many=True, read_only=True)
    review_steps = ReviewStepSerializer(many=True, read_only=True)
    attachments = AttachmentSerializer(many=True, read_only=True)

    class Meta(OutgoingSerializer.Meta):
        fields = [*OutgoingSerializer.Meta.fields, "body", "versions", "review_steps",
                  "attachments"]
        read_only_fields = fields


class RecipientInputSerializer(serializers.Serializer):
    name = serializers.CharField(allow_blank=True)
    agency = reference(Agency.objects.all(), NO_AGENCY, required=False, allow_null=True,
                       default=None)
    organ_id = serializers.CharField(required=False, allow_blank=True, default="")


class DraftInputSerializer(serializers.Serializer):
    """The fields of a draft; on a revision, only those sent change."""

    doc_type = reference(DocumentType.objects.all(), NO_TYPE, required=False)
    summary = serializers.CharField(required=False, allow_blank=True)
    body = serializers.CharField(required=False, allow_blank=True)
    addressees = serializers.ListField(child=serializers.CharField(allow_blank=True),
                                       required=False)
    recipients = RecipientInputSerializer(many=True, required=False)
    urgency = serializers.CharField(required=False)
    confidentiality = serializers.CharField(required=False)
    signer = reference(_officials(), NO_PERSON, required=False)
    authority = serializers.CharField(required=False, allow_blank=True, help_text=_(
        "TM, KT, TL, TUQ, Q or empty."))
    authority_title = serializers.CharField(required=False, allow_blank=True)
    copies = serializers.IntegerField(required=False)
    place = serializers.CharField(required=False, allow_blank=True)
    files = serializers.ListField(child=serializers.FileField(), required=False, default=list)


class OutgoingCreateSerializer(DraftInputSerializer):
    drafting_unit = reference(Unit.objects.all(), NO_UNIT, required=False, allow_null=True,
                              default=None)
    in_reply_to = reference(IncomingDocument.objects.all(), NO_INCOMING, required=False,
                            allow_null=True, default=None)


class OutgoingReviseSerializer(DraftInputSerializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class SubmitSerializer(serializers.Serializer):
    reviewers = reference(_officials(), NO_PERSON, many=True, allow_empty=True,
                          help_text=_("User ids in order; the last one approves."))


class ReviewSerializer(serializers.Serializer):
    approve = serializers.BooleanField()
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class SignSerializer(serializers.Serializer):
    certificate = serializers.IntegerField(help_text=_(
        "Id of the certificate: your own to sign, the agency's seal to issue."))
    passphrase = serializers.CharField(required=False, allow_blank=True, default="",
                                       style={"input_type": "password"})


# --- Exchange ------------------------------------------------------------------------------


class ExchangeStatusSerializer(serializers.ModelSerializer):
    status = serializers.CharField(read_only=True, help_text=_(
        "received, rejected, accepted, assigned, in_progress or done (and the sender's own "
        "pending, failed)."))

    class Meta:
        model = ExchangeStatus
        fields = ["status", "description", "staff", "at"]
        read_only_fields = fields


class ExchangeSerializer(serializers.ModelSerializer):
    status = serializers.CharField(read_only=True)
    direction = serializers.CharField(read_only=True, help_text=_("local, out or in."))
    statuses = ExchangeStatusSerializer(many=True, read_only=True)
    number_symbol = serializers.SerializerMethodField()
    subject = serializers.SerializerMethodField()

    class Meta:
        model = Exchange
        fields = ["id", "direction", "document_id", "outgoing", "sender_code", "sender_name",
                  "receiver_agency", "receiver_code", "receiver_name", "status",
                  "status_reason", "incoming", "number_symbol", "subject", "created_at",
                  "updated_at", "statuses"]
        read_only_fields = fields

    def _package(self, obj: Exchange) -> Any:
        from egov.documents import edxml

        return edxml.parse_package(obj.package.encode("utf-8"))

    def get_number_symbol(self, obj: Exchange) -> str:
        return self._package(obj).number_symbol

    def get_subject(self, obj: Exchange) -> str:
        return self._package(obj).subject


class ExchangeFilterSerializer(serializers.Serializer):
    side = serializers.ChoiceField(choices=["received", "sent"], required=False,
                                   help_text=_("received (to your agency, the default) or "
                                               "sent (your agency's documents)."))
    status = serializers.CharField(required=False, allow_blank=True)


class AcceptSerializer(serializers.Serializer):
    doc_type = reference(DocumentType.objects.all(), NO_TYPE, required=False, allow_null=True,
                         default=None, help_text=_("The type, when the package's cannot be "
                                                   "matched."))


class RejectSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True)


class PeerSerializer(serializers.ModelSerializer):
    class Meta:
        model = ExchangePeer
        fields = ["id", "name", "url", "organ_ids", "active", "created_at"]
        read_only_fields = fields


class PeerCreateSerializer(serializers.Serializer):
    name = serializers.CharField(allow_blank=True)
    url = serializers.CharField(allow_blank=True)
    organ_ids = serializers.ListField(child=serializers.CharField(), allow_empty=True)
    token = serializers.CharField(allow_blank=True, style={"input_type": "password"})


# --- Reports -------------------------------------------------------------------------------


class PeriodQuerySerializer(serializers.Serializer):
    date_from = serializers.DateField()
    date_to = serializers.DateField()
    agency = reference(Agency.objects.all(), NO_AGENCY, required=False, help_text=_(
        "System administrators: the agency (by default, your own)."))
    source = serializers.ChoiceField(choices=["both", "incoming", "outgoing"], required=False,
                                     default="both")
    types = reference(DocumentType.objects.all(), NO_TYPE, many=True, required=False)
    issuer = serializers.CharField(required=False, allow_blank=True, default="")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["date_from"] > attrs["date_to"]:
            raise serializers.ValidationError({"date_to": [
                _("The end of the period comes after its start.")]})
        return attrs


class AppendixRowSerializer(serializers.Serializer):
    reference = serializers.CharField()
    issuer = serializers.CharField()
    summary = serializers.CharField()
    date = serializers.DateField()


class DocumentCountsSerializer(serializers.Serializer):
    incoming = serializers.IntegerField()
    incoming_electronic = serializers.IntegerField()
    outgoing = serializers.IntegerField()
    outgoing_electronic = serializers.IntegerField()
    electronic_share = serializers.FloatField(allow_null=True)
    handled = serializers.IntegerField()
    handled_on_time = serializers.IntegerField()
    handled_late = serializers.IntegerField()
    on_time_share = serializers.FloatField(allow_null=True)
    open_overdue = serializers.IntegerField()
