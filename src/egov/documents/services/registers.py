"""Registers (sổ văn bản) and the numbers they give (Decree 30/2020, Art. 15 and 22).

Every agency has, without configuring anything, a general register for outgoing
documents and one for incoming documents, plus one of each for secret documents (the
law gives secret documents their own series). Those four are created the first time
they are needed, without an audit entry of their own: they are what the law implies,
and creating them happens inside the transaction that takes a number, where an audit
entry would lock the audit chain before the number's sequence (see egov.core.numbering).

An agency may add registers for chosen types (a register of decisions, one of legal
normative documents numbered with the year); a type belongs to at most one of an
agency's registers in each direction.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from egov.core import audit, numbering
from egov.core.errors import Conflict
from egov.core.models import IssuedNumber
from egov.documents.models import Confidentiality, Direction, DocumentType, Register
from egov.documents.permissions import can_configure_registers
from egov.documents.services._common import Errors, require, text
from egov.organizations.models import Agency

GENERAL = "chung"
SECRET = "mat"
_CODE = re.compile(r"^[a-z0-9][a-z0-9-]{0,19}$")

# The default registers' names are the names the law gives the books (Appendix IV),
# in Vietnamese whatever the reader's language, like the registers on the clerk's desk.
DEFAULT_NAMES = {
    (Direction.OUTGOING, GENERAL): "Sổ đăng ký văn bản đi",
    (Direction.INCOMING, GENERAL): "Sổ đăng ký văn bản đến",
    (Direction.OUTGOING, SECRET): "Sổ đăng ký văn bản đi mật",
    (Direction.INCOMING, SECRET): "Sổ đăng ký văn bản đến mật",
}


def _default(agency: Agency, direction: str, code: str) -> Register:
    try:
        with transaction.atomic():
            register, _created = Register.objects.get_or_create(
                agency=agency, direction=direction, code=code,
                defaults={"name": DEFAULT_NAMES[(Direction(direction), code)],
                          "secret": code == SECRET},
            )
    except IntegrityError:
        # Another transaction created it between our read and our insert.
        register = Register.objects.get(agency=agency, direction=direction, code=code)
    return register


def register_resolve(
    *, agency: Agency, direction: str, doc_type: DocumentType, confidentiality: str,
) -> Register:
    """The register a document of ``doc_type`` is numbered in: the secret register for a
    secret document, else the register configured for its type, else the general one."""
    if confidentiality != Confidentiality.NORMAL:
        secret = Register.objects.filter(agency=agency, direction=direction, secret=True).first()
        return secret or _default(agency, direction, SECRET)
    chosen = Register.objects.filter(agency=agency, direction=direction, secret=False,
                                     types=doc_type).first()
    if chosen is not None:
        return chosen
    general = Register.objects.filter(agency=agency, direction=direction, code=GENERAL).first()
    return general or _default(agency, direction, GENERAL)


def number_take(*, register: Register, on: dt.date, actor: Any, purpose: str) -> IssuedNumber:
    """The next number of ``register`` in the year of ``on`` (from 01 on 1 January).

    Call it as late as possible in the caller's transaction: the register's sequence
    stays locked, and every other clerk numbering in it waits, until that commits.
    """
    return numbering.next_number(register.sequence_key, numbering.yearly_period(on),
                                 actor=actor, purpose=purpose)


def _clean(
    errors: Errors, *, agency: Agency, direction: str, code: str | None, name: str,
    types: list[DocumentType], secret: bool, legal: bool, exclude: Register | None = None,
) -> None:
    if code is not None and not _CODE.match(code):
        errors.add("code", _("The code is 1 to 20 lower-case letters, digits or hyphens, "
                             "starting with a letter or digit (for example quyet-dinh)."))
    if not name:
        errors.add("name", _("The register needs a name."))
    elif len(name) > 150:
        errors.add("name", _("The name has at most 150 characters."))
    if secret and types:
        errors.add("types", _("The secret register takes every secret document; it is not "
                              "limited to types."))
    if secret and legal:
        errors.add("legal", _("A secret register is not a register of legal normative "
                               "documents."))
    if not secret and not types and code != GENERAL and (exclude is None
                                                          or exclude.code != GENERAL):
        errors.add("types", _("Choose the document types this register numbers; the "
                              "general register numbers all the others."))
    if types:
        wanted = {t.pk: t for t in types}
        taken = (Register.types.through.objects
                 .filter(register__agency=agency, register__direction=direction,
                         documenttype__in=types)
                 .exclude(register=getattr(exclude, "pk", None))
                 .values_list("documenttype_id", "register__name").order_by("documenttype_id"))
        for type_id, register_name in taken:
            errors.add("types", _("%(type)s is already numbered in the register "
                                  "“%(register)s”.") % {"type": wanted[type_id].name,
                                                       "register": register_name})


@transaction.atomic
def register_create(
    *, actor: Any, agency: Agency, direction: str, code: str, name: str,
    types: Iterable[DocumentType] = (), secret: bool = False, legal: bool = False,
) -> Register:
    """Open a register with its own number series (sổ riêng)."""
    require(can_configure_registers(actor, agency.pk))
    errors = Errors()
    code, name, types = text(code), text(name), list(types)
    if direction not in Direction.values:
        errors.add("direction", _("The direction is incoming or outgoing."))
    _clean(errors, agency=agency, direction=direction, code=code, name=name, types=types,
           secret=secret, legal=legal)
    if not errors and Register.objects.filter(agency=agency, direction=direction,
                                              code=code).exists():
        errors.add("code", _("The agency already has a register with this code."))
    if not errors and secret and Register.objects.filter(agency=agency, direction=direction,
                                                         secret=True).exists():
        errors.add("secret", _("The agency already has a register for secret documents."))
    errors.raise_if_any()
    register = Register.objects.create(agency=agency, direction=direction, code=code,
                                       name=name, secret=secret, legal=legal)
    register.types.set(types)
    audit.record("documents.register.create", register, actor=actor,
                 after={**audit.snapshot(register), "types": sorted(t.pk for t in types)})
    return register


@transaction.atomic
def register_update(
    *, actor: Any, register: Register, name: str | None = None,
    types: Iterable[DocumentType] | None = None,
) -> Register:
    """Rename a register or change the types it numbers; its series goes on."""
    require(can_configure_registers(actor, register.agency_id))
    register = Register.objects.select_for_update().get(pk=register.pk)
    before = {**audit.snapshot(register),
              "types": sorted(register.types.values_list("pk", flat=True))}
    new_name = text(name) if name is not None else register.name
    new_types = list(types) if types is not None else list(register.types.all())
    if register.code == GENERAL and new_types:
        raise Conflict(_("The general register numbers every type no other register takes; "
                         "open a register of its own for a type."), code="general_register")
    errors = Errors()
    _clean(errors, agency=register.agency, direction=register.direction, code=None,
           name=new_name, types=new_types, secret=register.secret, legal=register.legal,
           exclude=register)
    errors.raise_if_any()
    register.name = new_name
    register.save(update_fields=["name"])
    register.types.set(new_types)
    audit.record("documents.register.update", register, actor=actor, before=before,
                 after={**audit.snapshot(register), "types": sorted(t.pk for t in new_types)})
    return register
