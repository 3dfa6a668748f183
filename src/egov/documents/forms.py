"""Page forms. They parse input; the services decide what is valid (``apply_errors``
puts a service's ``ValidationError`` on the form's fields)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from egov.documents.files import Upload
from egov.documents.models import (
    Channel,
    Confidentiality,
    DocumentType,
    OutgoingDocument,
    Urgency,
)
from egov.organizations.models import Agency


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


def apply_errors(form: forms.Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; the service checks each one."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Upload]:
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [Upload.from_file(f) for f in files if f]


class TypeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: DocumentType) -> str:
        return f"{obj.name} ({obj.code})" if obj.code else obj.name


def type_field(**kwargs: Any) -> TypeChoiceField:
    return TypeChoiceField(
        label=_("Type"), queryset=DocumentType.objects.filter(active=True), **kwargs)


class IncomingForm(forms.Form):
    """What the clerk enters from the document in hand (Appendix IV and VI)."""

    issuer_agency = forms.ModelChoiceField(
        label=_("Issuing agency on the platform"), required=False,
        queryset=Agency.objects.none(),
        help_text=_("Leave empty for a body outside the platform and write its name below."))
    issuer_name = forms.CharField(label=_("Issuing body"), max_length=200, required=False)
    number_symbol = forms.CharField(label=_("Number and symbol"), max_length=60, required=False,
                                    help_text=_("As printed, e.g. 1407/BC-STTTT-VP."))
    document_date = forms.DateField(label=_("Date of the document"), widget=DateInput(),
                                    required=False)
    doc_type = type_field(required=False)
    summary = forms.CharField(label=_("Summary (trích yếu)"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices,
                                initial=Urgency.NORMAL)
    confidentiality = forms.ChoiceField(label=_("Confidentiality"),
                                        choices=Confidentiality.choices,
                                        initial=Confidentiality.NORMAL)
    signer_name = forms.CharField(label=_("Signed by"), max_length=50, required=False)
    signer_position = forms.CharField(label=_("Signer's position"), max_length=100,
                                      required=False)
    pages = forms.IntegerField(label=pgettext_lazy("document", "Pages"), initial=1, required=False)
    channel = forms.ChoiceField(label=_("Received as"), choices=Channel.choices[:2],
                                initial=Channel.PAPER)
    arrival_date = forms.DateField(label=_("Arrival date"), widget=DateInput(), required=False,
                                   help_text=_("Today unless entered late."))
    notes = forms.CharField(label=_("Notes"), max_length=500, required=False)
    files = MultipleFileField(label=_("Files (scan or electronic original)"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["issuer_agency"].queryset = Agency.objects.valid_on(
            timezone.localdate()).order_by("name")
        self.fields["arrival_date"].initial = timezone.localdate()


class FilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200, help_text=_(
        "Words of the number, summary, content or files; accents do not matter."))
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    status = forms.ChoiceField(label=_("Status"), required=False)
    doc_type = type_field(required=False)
    issuer = forms.CharField(label=_("Issuing body"), required=False, max_length=200)
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("Until"), required=False, widget=DateInput())

    def __init__(self, *args: Any, statuses: Any = (), issuer_label: Any = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("All")), *statuses]
        if issuer_label is not None:
            self.fields["issuer"].label = issuer_label


class RegisterBookForm(forms.Form):
    register = forms.ModelChoiceField(label=pgettext_lazy("document", "Register"),
                                      queryset=None, empty_label=None)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)

    def __init__(self, *args: Any, registers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["register"].queryset = registers
        self.fields["register"].initial = registers.filter(code="chung").first()
        self.fields["year"].initial = timezone.localdate().year


# --- Handling ----------------------------------------------------------------------------


class OfficialChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        unit = f" – {obj.official.unit.short_name}" if obj.official.unit_id else ""
        return f"{obj.get_full_name()}{unit}"


class OfficialsChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return OfficialChoiceField.label_from_instance(self, obj)  # type: ignore[arg-type]


class AssignForm(forms.Form):
    """The director's assignment slip (phiếu giải quyết văn bản đến, block 1)."""

    lead_unit = forms.ModelChoiceField(label=_("Lead unit"), queryset=None, required=False)
    lead_person = OfficialChoiceField(label=_("Lead person"), queryset=None, required=False)
    lead_deadline = forms.DateField(label=_("Deadline"), widget=DateInput(), required=False)
    lead_days = forms.IntegerField(label=_("or within (working days)"), required=False)
    cooperate_units = forms.ModelMultipleChoiceField(
        label=_("Co-operating units"), queryset=None, required=False,
        widget=forms.CheckboxSelectMultiple)
    cooperate_people = OfficialsChoiceField(label=_("Co-operating people"), queryset=None,
                                            required=False)
    inform_units = forms.ModelMultipleChoiceField(
        label=_("For information: units"), queryset=None, required=False,
        widget=forms.CheckboxSelectMultiple)
    inform_people = OfficialsChoiceField(label=_("For information: people"), queryset=None,
                                         required=False)
    instructions = forms.CharField(label=_("Instructions"), required=False,
                                   widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, agency: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = agency.units.valid_on(timezone.localdate()).order_by("name")
        people = (get_user_model().objects.filter(official__agency=agency,
                                                  official__is_active=True)
                  .select_related("official__unit").order_by("full_name"))
        for name in ("lead_unit", "cooperate_units", "inform_units"):
            self.fields[name].queryset = units
        for name in ("lead_person", "cooperate_people", "inform_people"):
            self.fields[name].queryset = people

    def specs(self) -> list[Any]:
        from egov.documents.services.handling import AssignmentSpec

        data = self.cleaned_data
        specs = []
        if data["lead_unit"] or data["lead_person"]:
            specs.append(AssignmentSpec(
                role="lead", unit=data["lead_unit"], assignee=data["lead_person"],
                deadline=data["lead_deadline"], working_days=data["lead_days"],
                instructions=data["instructions"]))
        for role, units, people in (("cooperate", data["cooperate_units"],
                                     data["cooperate_people"]),
                                    ("inform", data["inform_units"], data["inform_people"])):
            deadline = data["lead_deadline"] if role == "cooperate" else None
            days = data["lead_days"] if role == "cooperate" else None
            specs += [AssignmentSpec(role=role, unit=u, deadline=deadline, working_days=days,
                                     instructions=data["instructions"]) for u in units]
            specs += [AssignmentSpec(role=role, assignee=p, deadline=deadline,
                                     working_days=days, instructions=data["instructions"])
                      for p in people]
        return specs


class DelegateForm(forms.Form):
    assignee = OfficialChoiceField(label=_("Pass to"), queryset=None)
    deadline = forms.DateField(label=_("Deadline"), widget=DateInput(), required=False,
                               help_text=_("The unit's own deadline unless an earlier one."))
    instructions = forms.CharField(label=_("Instructions"), required=False,
                                   widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, unit: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = (
            get_user_model().objects.filter(official__unit=unit, official__is_active=True)
            .select_related("official__unit").order_by("full_name"))


class NoteForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=[("opinion", _("Opinion")),
                                                       ("progress", _("Progress"))])
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 3}),
                           required=False)
    percent = forms.IntegerField(label=_("Percent done"), required=False)


class FinishForm(forms.Form):
    reply = forms.ModelChoiceField(label=_("Reply issued"), queryset=None, required=False)
    note = forms.CharField(label=_("How it was dealt with"), required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, document: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reply"].queryset = document.replies.filter(
            status=OutgoingDocument.Status.ISSUED)


# --- Outgoing documents --------------------------------------------------------------------


def _lines(value: str) -> list[str]:
    return [line.strip() for line in (value or "").splitlines() if line.strip()]


class DraftForm(forms.Form):
    """A draft as its drafter writes it (thể thức of Decree 30/2020, Appendix I)."""

    doc_type = type_field(required=False)
    summary = forms.CharField(label=_("Summary (trích yếu)"), required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))
    body = forms.CharField(
        label=_("Content"), required=False, widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("One paragraph per line. A line starting with “# ” is a part heading "
                    "(I.), “## ” a section (1.), “### ” a point (a))."))
    addressees = forms.CharField(label=_("Addressed to (Kính gửi), one per line"),
                                 required=False, widget=forms.Textarea(attrs={"rows": 2}))
    recipient_agencies = forms.ModelMultipleChoiceField(
        label=_("Recipients on the platform"), queryset=Agency.objects.none(), required=False,
        help_text=_("Delivered electronically into their incoming documents."))
    other_recipients = forms.CharField(
        label=_("Other recipients, one per line"), required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("As printed under “Nơi nhận”, e.g. Bộ TT&TT (b/c). Add “| code” with "
                    "another system's agency identifier to send it there as an edXML "
                    "package."))
    drafting_unit = forms.ModelChoiceField(label=_("Drafting unit"), queryset=None,
                                           required=False)
    signer = OfficialChoiceField(label=pgettext_lazy("document", "Signer"), queryset=None,
                                 required=False)
    authority = forms.ChoiceField(label=_("Signing authority"), required=False,
                                  choices=OutgoingDocument.Authority.choices)
    authority_title = forms.CharField(label=_("Title of the head signed for"), required=False,
                                      max_length=100)
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices,
                                initial=Urgency.NORMAL)
    confidentiality = forms.ChoiceField(label=_("Confidentiality"),
                                        choices=Confidentiality.choices,
                                        initial=Confidentiality.NORMAL)
    copies = forms.IntegerField(label=pgettext_lazy("document", "Copies"), initial=1,
                                required=False)
    files = MultipleFileField(label=_("Attachments (annexes)"), required=False)
    note = forms.CharField(label=_("What changed (for a new version)"), required=False,
                           max_length=500)

    def __init__(self, *args: Any, agency: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["doc_type"].queryset = DocumentType.objects.filter(
            category=DocumentType.Category.ADMINISTRATIVE, active=True)
        self.fields["recipient_agencies"].queryset = (
            Agency.objects.valid_on(today).exclude(pk=agency.pk).order_by("name"))
        self.fields["drafting_unit"].queryset = agency.units.valid_on(today).order_by("name")
        self.fields["signer"].queryset = (
            get_user_model().objects.filter(official__agency=agency, official__is_active=True,
                                            official__roles__role="director")
            .select_related("official__unit").order_by("full_name"))

    def data_for_service(self) -> Any:
        from egov.documents.services.outgoing import DraftData, RecipientSpec

        data = self.cleaned_data
        recipients = [RecipientSpec(name=a.name, agency=a) for a in data["recipient_agencies"]]
        for line in _lines(data["other_recipients"]):
            name, _sep, code = line.partition("|")
            recipients.append(RecipientSpec(name=name.strip(), organ_id=code.strip()))
        return DraftData(
            doc_type=data["doc_type"], summary=data["summary"], body=data["body"],
            addressees=_lines(data["addressees"]), recipients=recipients,
            urgency=data["urgency"], confidentiality=data["confidentiality"],
            signer=data["signer"], authority=data["authority"],
            authority_title=data["authority_title"], copies=data["copies"])

    @staticmethod
    def initial_from(document: OutgoingDocument) -> dict[str, Any]:
        recipients = list(document.recipients.all())
        return {
            "doc_type": document.doc_type_id, "summary": document.summary,
            "body": document.body, "addressees": "\n".join(document.addressees),
            "recipient_agencies": [r.agency_id for r in recipients if r.agency_id],
            "other_recipients": "\n".join(
                f"{r.name} | {r.organ_id}" if r.organ_id else r.name
                for r in recipients if not r.agency_id),
            "drafting_unit": document.drafting_unit_id, "signer": document.signer_id,
            "authority": document.authority, "authority_title": document.authority_title,
            "urgency": document.urgency, "confidentiality": document.confidentiality,
            "copies": document.copies,
        }


class SubmitForm(forms.Form):
    first = OfficialChoiceField(label=_("First reviewer"), queryset=None)
    second = OfficialChoiceField(label=_("Then"), queryset=None, required=False)
    third = OfficialChoiceField(label=_("Then"), queryset=None, required=False)

    def __init__(self, *args: Any, agency: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = (get_user_model().objects.filter(official__agency=agency,
                                                  official__is_active=True)
                  .select_related("official__unit").order_by("full_name"))
        for name in ("first", "second", "third"):
            self.fields[name].queryset = people

    def reviewers(self) -> list[Any]:
        return [self.cleaned_data[n] for n in ("first", "second", "third")
                if self.cleaned_data.get(n)]


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(label=pgettext_lazy("document", "Decision"),
                                 widget=forms.RadioSelect, choices=[
        ("approve", _("Approve")), ("return", _("Send back to the drafter"))])
    comment = forms.CharField(label=_("Comment"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))


class SignForm(forms.Form):
    certificate = forms.ModelChoiceField(label=_("Certificate"), queryset=None,
                                         empty_label=None)
    passphrase = forms.CharField(label=_("Passphrase of the key"), required=False,
                                 widget=forms.PasswordInput)

    def __init__(self, *args: Any, certificates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["certificate"].queryset = certificates


class AcceptForm(forms.Form):
    doc_type = type_field(required=False, help_text=_(
        "Only when the type the package names is not recognised."))


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason for returning it"), required=False,
                             max_length=500)


class PeriodForm(forms.Form):
    """A period, and what of it to list (the appendix of the yearly report)."""

    date_from = forms.DateField(label=_("From"), widget=DateInput())
    date_to = forms.DateField(label=_("Until"), widget=DateInput())
    source = forms.ChoiceField(label=_("Documents"), initial="both", choices=[
        ("both", _("Received and issued")), ("incoming", _("Received")),
        ("outgoing", _("Issued by the agency"))])
    types = forms.ModelMultipleChoiceField(
        label=_("Types"), required=False, queryset=DocumentType.objects.filter(active=True),
        help_text=_("None chosen: every type."))
    issuer = forms.CharField(label=_("Issuing body"), required=False, max_length=200)
    title = forms.CharField(
        label=_("Title of the list"), required=False, max_length=300,
        initial="Các văn bản chỉ đạo, điều hành của địa phương trong lĩnh vực thông tin và "
                "truyền thông")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data[
                "date_to"]:
            self.add_error("date_to", _("The end of the period comes after its start."))
        return data
