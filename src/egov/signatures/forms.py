"""Forms of the signature pages: they parse input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from egov.accounts.models import Official
from egov.organizations.models import Agency
from egov.signatures.models import Certificate, KeyAlgorithm, RevocationReason, SignerKind

# A signed result or an outgoing document is a few MB at most; the upload limit of the
# platform (DATA_UPLOAD_MAX_MEMORY_SIZE) is the hard ceiling.
MAX_PDF_BYTES = 20 * 1024 * 1024


class PdfField(forms.FileField):
    def clean(self, data: Any, initial: Any = None) -> bytes:
        upload = super().clean(data, initial)
        if upload.size > min(MAX_PDF_BYTES, settings.DATA_UPLOAD_MAX_MEMORY_SIZE):
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        return upload.read()


class VerifyForm(forms.Form):
    file = PdfField(label=_("Signed PDF file"))


class SignForm(forms.Form):
    file = PdfField(label=_("PDF file to sign"))
    certificate = forms.ModelChoiceField(queryset=Certificate.objects.none(),
                                         label=_("Certificate"), empty_label=None)
    passphrase = forms.CharField(label=_("Passphrase of the key (personal certificates)"),
                                 required=False, strip=False,
                                 widget=forms.PasswordInput(render_value=False))
    reason = forms.CharField(label=_("Reason"), max_length=300,
                             initial=_("Approved"))
    location = forms.CharField(label=_("Place"), max_length=200, required=False)

    def __init__(self, *args: Any, certificates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["certificate"].queryset = certificates


class RequestForm(forms.Form):
    signer_kind = forms.ChoiceField(label=_("Certificate for"), choices=SignerKind.choices)
    agency = forms.ModelChoiceField(queryset=Agency.objects.none(), label=_("Agency"))
    official = forms.ModelChoiceField(queryset=Official.objects.none(), required=False,
                                      label=_("Official (individual certificates)"))
    common_name = forms.CharField(label=_("Name in the certificate"), max_length=200,
                                  required=False,
                                  help_text=_("Empty: the agency's or the official's name."))
    email = forms.EmailField(label=_("E-mail"), required=False)
    purpose = forms.CharField(label=_("Purpose"), max_length=300, required=False)
    key_algorithm = forms.ChoiceField(label=_("Key algorithm"), choices=KeyAlgorithm.choices)

    def __init__(self, *args: Any, agencies: Any, officials: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        self.fields["official"].queryset = officials
        self.fields["official"].label_from_instance = lambda o: f"{o.user} – {o.agency.short_name}"


class IssueForm(forms.Form):
    years = forms.IntegerField(label=_("Valid for (years)"), min_value=1, max_value=5, initial=3)
    passphrase = forms.CharField(
        label=_("Passphrase for the key (optional)"), required=False, strip=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("When set, every signature needs it. The holder can change it later."),
    )


class PassphraseForm(forms.Form):
    current = forms.CharField(label=_("Current passphrase (empty if none yet)"), required=False,
                              strip=False, widget=forms.PasswordInput(render_value=False))
    new = forms.CharField(label=_("New passphrase"), strip=False, min_length=8,
                          widget=forms.PasswordInput(render_value=False))


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Reason"), max_length=500, widget=forms.Textarea(
        attrs={"rows": 2}))


class RevokeForm(forms.Form):
    reason_code = forms.TypedChoiceField(
        label=_("Revocation reason"), coerce=int,
        choices=[(c.value, c.label) for c in RevocationReason
                 if c != RevocationReason.CERTIFICATE_HOLD],
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))


class NeedForm(forms.Form):
    agency = forms.ModelChoiceField(queryset=Agency.objects.none(), label=_("Agency"))
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    organisation_count = forms.IntegerField(label=_("New organisation certificates"),
                                            min_value=0, max_value=10000, initial=0)
    individual_count = forms.IntegerField(label=_("New individual certificates"), min_value=0,
                                          max_value=10000, initial=0)
    renewal_count = forms.IntegerField(label=_("Renewals"), min_value=0, max_value=10000,
                                       initial=0)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies


class CountsForm(forms.Form):
    on = forms.DateField(label=_("On"), widget=forms.DateInput(attrs={"type": "date"}))
