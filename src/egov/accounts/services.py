"""Every change to accounts: officials, citizens, businesses, passwords, second factor.

Each service checks who may act, validates everything before writing anything, runs in
one transaction and ends with an audit entry. Audit snapshots list their fields
explicitly (``_USER_FIELDS``): password hashes and TOTP secrets never reach the trail.

``actor=None`` is the platform itself — a management command or the demo loader, which
only someone with a shell on the server can run. Views and the API always pass the
logged-in user, so an anonymous request never arrives here as ``None``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import axes.utils
import pyotp
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from egov.accounts import identifiers
from egov.accounts.models import Official, OfficialRole, Role, User
from egov.accounts.permissions import (
    can_grant_role,
    can_manage_agency,
    can_manage_official,
    is_system_admin,
)
from egov.core import audit
from egov.core.errors import Conflict
from egov.organizations.models import Agency, Unit


class _Unset:
    """Marks an argument the caller did not pass: keep the current value."""

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Any = _Unset()

# Officials log in with a chosen name such as ``giamdoc.stttt``: lower-case ASCII letters,
# digits and . _ -, 3 to 150 characters, starting and ending with a letter or digit.
OFFICIAL_USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{1,148}[a-z0-9]$")
# Citizens and businesses may pick a name too, or log in with their CCCD / tax code.
PUBLIC_USERNAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@+-]{1,148}[A-Za-z0-9]$")
# How many totp steps (30 s) either side of now a code may come from: a phone's clock drifts.
TOTP_VALID_WINDOW = 1

_USER_FIELDS = (
    "username", "kind", "full_name", "email", "phone", "citizen_id", "tax_code", "address",
    "is_active", "is_staff", "is_superuser", "totp_enabled", "preferred_language",
)


def _user_snapshot(user: User) -> dict[str, Any]:
    return audit.snapshot(user, fields=_USER_FIELDS)


def _official_snapshot(official: Official) -> dict[str, Any]:
    return {
        **_user_snapshot(official.user),
        "agency": official.agency_id,
        "unit": official.unit_id,
        "position": official.position,
        "official_active": official.is_active,
        "roles": sorted(official.role_set),
    }


def _clean_name(value: str) -> str:
    return " ".join((value or "").split())


def _clean_username(value: str, errors: dict[str, str], *, official: bool) -> str:
    username = (value or "").strip()
    if official:
        username = username.lower()
    pattern = OFFICIAL_USERNAME_RE if official else PUBLIC_USERNAME_RE
    if not pattern.fullmatch(username):
        errors["username"] = (
            _("A user name has 3 to 150 characters: lower-case letters without accents, "
              "digits, and . _ - inside (for example giamdoc.stttt).")
            if official else
            _("A user name has 3 to 150 characters: letters without accents, digits, "
              "and . _ @ + - inside.")
        )
    elif User.objects.filter(username__iexact=username).exists():
        errors["username"] = _("This user name is already taken.")
    return username


def _clean_full_name(value: str, errors: dict[str, str], field_name: str = "full_name") -> str:
    name = _clean_name(value)
    if not name:
        errors[field_name] = _("Enter the full name.")
    elif len(name) > 150:
        errors[field_name] = _("The name is longer than 150 characters.")
    return name


def _clean_email(value: str, errors: dict[str, str], *, required: bool,
                 official_exclude: int | _Unset | None = UNSET) -> str:
    """``official_exclude``: check that no other official uses the address (given the pk of
    the official's own user, or None for a new one)."""
    email = (value or "").strip().lower()
    if not email:
        if required:
            errors["email"] = _("Enter an e-mail address.")
        return ""
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = _("Enter a valid e-mail address.")
        return email
    if official_exclude is not UNSET:
        taken = User.objects.filter(kind=User.Kind.OFFICIAL, email__iexact=email)
        if official_exclude is not None:
            taken = taken.exclude(pk=official_exclude)
        if taken.exists():
            errors["email"] = _("Another official already uses this e-mail address.")
    return email


def _clean_phone(value: str, errors: dict[str, str], *, required: bool) -> str:
    phone = identifiers.normalize_phone(value)
    if not phone:
        if required:
            errors["phone"] = _("Enter a phone number.")
        return ""
    try:
        identifiers.validate_phone(phone)
    except ValidationError as exc:
        errors["phone"] = exc.messages[0]
    return phone


def _clean_password(password: str, user: User, errors: dict[str, str],
                    field_name: str = "password") -> None:
    if not password:
        errors[field_name] = _("Enter a password.")
        return
    try:
        validate_password(password, user)
    except ValidationError as exc:
        errors[field_name] = " ".join(exc.messages)


def _clean_roles(actor: Any, roles: Iterable[str], errors: dict[str, str],
                 current: Iterable[str] = ()) -> set[str]:
    wanted = {str(r) for r in roles}
    unknown = wanted - set(Role.values)
    if unknown:
        errors["roles"] = _("Unknown role: %(roles)s.") % {"roles": ", ".join(sorted(unknown))}
    elif not wanted:
        errors["roles"] = _("Choose at least one role.")
    elif actor is not None and any(not can_grant_role(actor, r) for r in wanted ^ set(current)):
        errors["roles"] = _("Only a system administrator may grant or take away the system "
                            "administrator role.")
    return wanted


def _clean_placement(agency: Agency, unit: Unit | None, errors: dict[str, str]) -> None:
    today = timezone.localdate()
    if agency.valid_to is not None and agency.valid_to <= today:
        errors["agency"] = _("This agency no longer exists; choose the one that replaced it.")
    if unit is not None:
        if unit.agency_id != agency.pk:
            errors["unit"] = _("This unit belongs to another agency.")
        elif unit.valid_to is not None and unit.valid_to <= today:
            errors["unit"] = _("This unit no longer exists.")


def _raise(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationError(errors)


def _check_manage_agency(actor: Any, agency: Agency) -> None:
    if actor is not None and not can_manage_agency(actor, agency.pk):
        raise PermissionDenied(
            _("Only the administrator of this agency or a system administrator may manage "
              "its officials.")
        )


def _check_manage_official(actor: Any, official: Official) -> None:
    if actor is not None and not can_manage_official(actor, official):
        raise PermissionDenied(
            _("Only the administrator of this agency or a system administrator may change "
              "this account.")
        )


def _sync_system_power(user: User, roles: set[str]) -> None:
    """A system administrator configures the platform in Django's admin site: the role
    and the admin flags go together, so taking the role away also closes the admin."""
    power = Role.SYSTEM_ADMIN in roles
    user.is_staff = power
    user.is_superuser = power


def _save_new_user(user: User) -> None:
    """Insert, turning a unique-constraint race (two registrations at once) into the same
    field message the checks before would have given."""
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:
        errors: dict[str, str] = {}
        if User.objects.filter(username__iexact=user.username).exists():
            errors["username"] = _("This user name is already taken.")
        if user.citizen_id and User.objects.filter(citizen_id=user.citizen_id).exists():
            errors["citizen_id"] = _("An account with this citizen ID already exists.")
        if user.tax_code and User.objects.filter(tax_code=user.tax_code).exists():
            errors["tax_code"] = _("An account with this tax code already exists.")
        if user.is_official and User.objects.filter(
            kind=User.Kind.OFFICIAL, email__iexact=user.email
        ).exists():
            errors["email"] = _("Another official already uses this e-mail address.")
        raise ValidationError(errors or _("The account could not be saved; try again.")) from None


def _clean_opened_at(opened_at: dt.datetime | None, errors: dict[str, str]) -> None:
    if opened_at is not None and opened_at > timezone.now():
        errors["opened_at"] = _("An account cannot have been opened in the future.")


# --- Officials -------------------------------------------------------------------------

def official_create(
    *,
    actor: Any,
    username: str,
    full_name: str,
    email: str,
    phone: str = "",
    agency: Agency,
    unit: Unit | None = None,
    position: str = "",
    roles: Iterable[str],
    password: str | None = None,
    opened_at: dt.datetime | None = None,
) -> Official:
    """Open an account for an official (cán bộ) of ``agency``. There is no self-registration:
    the agency's administrator or a system administrator does it. Without a password the
    account cannot log in until an administrator sets one (``password_set``).
    ``opened_at`` keeps the opening date of an account brought from an older system."""
    _check_manage_agency(actor, agency)
    errors: dict[str, str] = {}
    _clean_opened_at(opened_at, errors)
    username = _clean_username(username, errors, official=True)
    full_name = _clean_full_name(full_name, errors)
    email = _clean_email(email, errors, required=True, official_exclude=None)
    phone = _clean_phone(phone, errors, required=False)
    position = _clean_name(position)[:150]
    _clean_placement(agency, unit, errors)
    role_set = _clean_roles(actor, roles, errors)
    user = User(kind=User.Kind.OFFICIAL, username=username, full_name=full_name, email=email,
                phone=phone, date_joined=opened_at or timezone.now())
    if password is not None:
        _clean_password(password, user, errors)
    _raise(errors)

    with transaction.atomic():
        if password is None:
            user.set_unusable_password()
        else:
            user.set_password(password)
        _sync_system_power(user, role_set)
        _save_new_user(user)
        official = Official.objects.create(user=user, agency=agency, unit=unit,
                                           position=position)
        OfficialRole.objects.bulk_create(
            [OfficialRole(official=official, role=r) for r in sorted(role_set)]
        )
        official.forget_roles()
        audit.record("accounts.official.create", official, actor=actor,
                     after=_official_snapshot(official))
    return official


def official_update(
    *,
    actor: Any,
    official: Official,
    full_name: str = UNSET,
    email: str = UNSET,
    phone: str = UNSET,
    agency: Agency = UNSET,
    unit: Unit | None = UNSET,
    position: str = UNSET,
) -> Official:
    """Change an official's name, contacts or placement. Moving them to another agency
    needs the right to manage both agencies (a system administrator, in practice); their
    unit is then cleared unless a unit of the new agency is given."""
    _check_manage_official(actor, official)
    user = official.user
    before = _official_snapshot(official)
    errors: dict[str, str] = {}
    if full_name is not UNSET:
        user.full_name = _clean_full_name(full_name, errors)
    if email is not UNSET:
        user.email = _clean_email(email, errors, required=True, official_exclude=user.pk)
    if phone is not UNSET:
        user.phone = _clean_phone(phone, errors, required=False)
    if position is not UNSET:
        official.position = _clean_name(position)[:150]
    if agency is not UNSET and agency.pk != official.agency_id:
        _check_manage_agency(actor, agency)
        official.agency = agency
        if unit is UNSET:
            unit = None
    if unit is not UNSET:
        official.unit = unit
    _clean_placement(official.agency, official.unit, errors)
    _raise(errors)

    with transaction.atomic():
        user.save(update_fields=["full_name", "email", "phone"])
        official.save(update_fields=["agency", "unit", "position"])
        after = _official_snapshot(official)
        audit.record("accounts.official.update", official, actor=actor, before=before,
                     after=after)
    return official


def official_set_roles(*, actor: Any, official: Official, roles: Iterable[str]) -> Official:
    """Replace the official's roles (vai trò)."""
    _check_manage_official(actor, official)
    current = set(official.role_set)
    errors: dict[str, str] = {}
    wanted = _clean_roles(actor, roles, errors, current=current)
    if official.user_id == getattr(actor, "pk", None) and (
        Role.AGENCY_ADMIN in current - wanted or Role.SYSTEM_ADMIN in current - wanted
    ):
        errors["roles"] = _("You cannot take away your own administrator role; ask another "
                            "administrator.")
    _raise(errors)
    if wanted == current:
        return official

    before = _official_snapshot(official)
    with transaction.atomic():
        official.roles.filter(role__in=current - wanted).delete()
        OfficialRole.objects.bulk_create(
            [OfficialRole(official=official, role=r) for r in sorted(wanted - current)]
        )
        official.forget_roles()
        user = official.user
        _sync_system_power(user, wanted)
        user.save(update_fields=["is_staff", "is_superuser"])
        audit.record("accounts.official.set_roles", official, actor=actor, before=before,
                     after=_official_snapshot(official))
    return official


def official_deactivate(*, actor: Any, official: Official, reason: str = "") -> Official:
    """Close an official's account (they left, moved, retired). Nothing is deleted: their
    name stays on everything they handled. They can no longer log in."""
    _check_manage_official(actor, official)
    if official.user_id == getattr(actor, "pk", None):
        raise Conflict(_("You cannot deactivate your own account."), code="own_account")
    if not official.is_active and not official.user.is_active:
        raise Conflict(_("This account is already deactivated."), code="already_inactive")
    before = _official_snapshot(official)
    with transaction.atomic():
        official.is_active = False
        official.save(update_fields=["is_active"])
        official.user.is_active = False
        official.user.save(update_fields=["is_active"])
        after = {**_official_snapshot(official), "reason": _clean_name(reason)[:300]}
        audit.record("accounts.official.deactivate", official, actor=actor, before=before,
                     after=after)
    return official


def official_reactivate(*, actor: Any, official: Official) -> Official:
    """Open a deactivated official's account again."""
    _check_manage_official(actor, official)
    if official.is_active and official.user.is_active:
        raise Conflict(_("This account is already active."), code="already_active")
    errors: dict[str, str] = {}
    _clean_placement(official.agency, official.unit, errors)
    _raise(errors)
    before = _official_snapshot(official)
    with transaction.atomic():
        official.is_active = True
        official.save(update_fields=["is_active"])
        official.user.is_active = True
        official.user.save(update_fields=["is_active"])
        audit.record("accounts.official.reactivate", official, actor=actor, before=before,
                     after=_official_snapshot(official))
    return official


@dataclass(frozen=True)
class OfficialRow:
    """One official for ``officials_bulk_create``."""

    username: str
    full_name: str
    email: str
    agency: Agency
    roles: tuple[str, ...]
    unit: Unit | None = None
    position: str = ""
    phone: str = ""
    # When the account was opened, for accounts brought from an older system; now if None.
    opened_at: dt.datetime | None = None


@dataclass
class BulkResult:
    count: int
    per_agency: dict[int, int] = field(default_factory=dict)


def officials_bulk_create(
    *, actor: Any, rows: Sequence[OfficialRow], password: str, batch_size: int = 1000
) -> BulkResult:
    """Open many official accounts at once (an agency joining the platform, an import, the
    demo), all with the same initial password, hashed once: hashing it for each of
    thousands of accounts would take an hour. The rows are checked like
    ``official_create`` checks one; if any is wrong nothing is saved. One audit entry
    lists every account opened."""
    for agency in {row.agency.pk: row.agency for row in rows}.values():
        _check_manage_agency(actor, agency)
    problems: list[str] = []
    seen_usernames: set[str] = set()
    seen_emails: set[str] = set()
    for number, row in enumerate(rows, start=1):
        errors: dict[str, str] = {}
        username = row.username.strip().lower()
        if not OFFICIAL_USERNAME_RE.fullmatch(username):
            errors["username"] = _("invalid user name")
        elif username in seen_usernames:
            errors["username"] = _("user name repeated in the list")
        seen_usernames.add(username)
        email = row.email.strip().lower()
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = _("invalid e-mail address")
        if email in seen_emails:
            errors["email"] = _("e-mail address repeated in the list")
        seen_emails.add(email)
        if not _clean_name(row.full_name):
            errors["full_name"] = _("no name")
        if row.phone:
            _clean_phone(row.phone, errors, required=False)
        _clean_placement(row.agency, row.unit, errors)
        _clean_roles(actor, row.roles, errors)
        _clean_opened_at(row.opened_at, errors)
        problems += [f"{number} ({row.username}): {field}: {msg}" for field, msg in errors.items()]
    taken = set(User.objects.filter(username__in=seen_usernames).values_list("username",
                                                                            flat=True))
    taken_emails = set(User.objects.filter(kind=User.Kind.OFFICIAL, email__in=seen_emails)
                       .values_list("email", flat=True))
    problems += [_("user name already taken: %(name)s") % {"name": n} for n in sorted(taken)]
    problems += [_("e-mail address already used by an official: %(email)s") % {"email": e}
                 for e in sorted(taken_emails)]
    if problems:
        shown = problems[:20]
        if len(problems) > 20:
            shown.append(_("… and %(count)s more problems") % {"count": len(problems) - 20})
        raise ValidationError({"rows": shown})
    if not rows:
        return BulkResult(count=0)

    try:
        validate_password(password)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from None
    password_hash = make_password(password)
    now = timezone.now()
    users = [
        User(kind=User.Kind.OFFICIAL, username=row.username.strip().lower(),
             full_name=_clean_name(row.full_name), email=row.email.strip().lower(),
             phone=identifiers.normalize_phone(row.phone), password=password_hash,
             is_staff=Role.SYSTEM_ADMIN in row.roles,
             is_superuser=Role.SYSTEM_ADMIN in row.roles, date_joined=row.opened_at or now)
        for row in rows
    ]
    with transaction.atomic():
        users = User.objects.bulk_create(users, batch_size=batch_size)
        officials = Official.objects.bulk_create(
            [Official(user=user, agency=row.agency, unit=row.unit,
                      position=_clean_name(row.position)[:150])
             for user, row in zip(users, rows, strict=True)],
            batch_size=batch_size,
        )
        OfficialRole.objects.bulk_create(
            [OfficialRole(official=official, role=role)
             for official, row in zip(officials, rows, strict=True)
             for role in sorted(set(row.roles))],
            batch_size=batch_size,
        )
        per_agency = Counter(row.agency.pk for row in rows)
        audit.record(
            "accounts.official.bulk_create", None, actor=actor,
            object_label=_("%(count)s officials") % {"count": len(rows)},
            after={"count": len(rows), "per_agency": dict(per_agency),
                   "usernames": [u.username for u in users]},
        )
    return BulkResult(count=len(rows), per_agency=dict(per_agency))


# --- Citizens and businesses -----------------------------------------------------------

@dataclass(frozen=True)
class _SelfRegistration:
    """What differs between a citizen and a business opening their own account: the
    identifier that is their default user name, how it is checked, and the messages."""

    kind: str
    id_field: str
    normalize: Callable[[str], str]
    validate: Callable[[str], None]
    taken: Any
    name_field: str
    email_required: bool
    action: str


_CITIZEN = _SelfRegistration(
    User.Kind.CITIZEN, "citizen_id", identifiers.normalize_citizen_id,
    identifiers.validate_citizen_id,
    gettext_lazy("An account with this citizen ID already exists."),
    "full_name", email_required=False, action="accounts.citizen.register")
_BUSINESS = _SelfRegistration(
    User.Kind.BUSINESS, "tax_code", identifiers.normalize_tax_code,
    identifiers.validate_tax_code, gettext_lazy("An account with this tax code already exists."),
    "name", email_required=True, action="accounts.business.register")


def _register(how: _SelfRegistration, *, name: str, identifier: str, phone: str, email: str,
              password: str, address: str, username: str | None) -> User:
    errors: dict[str, str] = {}
    name = _clean_full_name(name, errors, field_name=how.name_field)
    identifier = how.normalize(identifier)
    try:
        how.validate(identifier)
    except ValidationError as exc:
        errors[how.id_field] = exc.messages[0]
    else:
        if User.objects.filter(**{how.id_field: identifier}).exists():
            errors[how.id_field] = str(how.taken)
    if username:
        username = _clean_username(username, errors, official=False)
    elif how.id_field not in errors:
        username = identifier
        if User.objects.filter(username__iexact=username).exists():
            errors[how.id_field] = str(how.taken)
    phone = _clean_phone(phone, errors, required=True)
    email = _clean_email(email, errors, required=how.email_required)
    address = _clean_name(address)[:255]
    user = User(kind=how.kind, username=username or "", full_name=name, phone=phone,
                email=email, address=address, **{how.id_field: identifier})
    _clean_password(password, user, errors)
    _raise(errors)

    with transaction.atomic():
        user.set_password(password)
        _save_new_user(user)
        audit.record(how.action, user, actor=user, after=_user_snapshot(user))
    return user


def citizen_register(
    *,
    full_name: str,
    citizen_id: str,
    phone: str,
    email: str,
    password: str,
    address: str = "",
    username: str | None = None,
) -> User:
    """A citizen (công dân) opens their own account. They log in with their citizen ID
    unless they chose a user name."""
    return _register(_CITIZEN, name=full_name, identifier=citizen_id, phone=phone,
                     email=email, password=password, address=address, username=username)


def business_register(
    *,
    name: str,
    tax_code: str,
    phone: str,
    email: str,
    password: str,
    address: str = "",
    username: str | None = None,
) -> User:
    """A business (doanh nghiệp) or one of its branches opens its account with its tax
    code (mã số thuế), which is its user name unless it chose one."""
    return _register(_BUSINESS, name=name, identifier=tax_code, phone=phone, email=email,
                     password=password, address=address, username=username)


def profile_update(
    *, actor: Any, user: User, phone: str = UNSET, email: str = UNSET, address: str = UNSET,
) -> User:
    """A citizen or business changes their own contact details. Name and identifiers are
    those of their papers and stay as registered."""
    if actor is None or actor.pk != user.pk:
        raise PermissionDenied(_("Only the account holder may change these details."))
    if user.is_official:
        raise Conflict(_("An official's details are kept by the agency administrator."),
                       code="official_profile")
    before = _user_snapshot(user)
    errors: dict[str, str] = {}
    if phone is not UNSET:
        user.phone = _clean_phone(phone, errors, required=True)
    if email is not UNSET:
        user.email = _clean_email(email, errors, required=user.kind == User.Kind.BUSINESS)
    if address is not UNSET:
        user.address = _clean_name(address)[:255]
    _raise(errors)
    with transaction.atomic():
        user.save(update_fields=["phone", "email", "address"])
        audit.record("accounts.user.profile_update", user, actor=actor, before=before,
                     after=_user_snapshot(user))
    return user


# --- Passwords, lockout ----------------------------------------------------------------

def password_change(*, actor: Any, user: User, old_password: str, new_password: str) -> User:
    """The account holder changes their own password, proving the old one."""
    if actor is None or actor.pk != user.pk:
        raise PermissionDenied(_("Only the account holder may change their password this way."))
    errors: dict[str, str] = {}
    if not user.check_password(old_password or ""):
        errors["old_password"] = _("The current password is wrong.")
    elif old_password == new_password:
        errors["new_password"] = _("The new password must differ from the current one.")
    else:
        _clean_password(new_password, user, errors, field_name="new_password")
    _raise(errors)
    with transaction.atomic():
        user.set_password(new_password)
        user.save(update_fields=["password"])
        audit.record("accounts.user.password_change", user, actor=actor,
                     after={"password_changed": True})
    return user


def password_set(*, actor: Any, official: Official, new_password: str) -> Official:
    """An administrator gives an official a new password (first login, forgotten one)."""
    _check_manage_official(actor, official)
    errors: dict[str, str] = {}
    _clean_password(new_password, official.user, errors, field_name="new_password")
    _raise(errors)
    with transaction.atomic():
        official.user.set_password(new_password)
        official.user.save(update_fields=["password"])
        audit.record("accounts.official.password_set", official, actor=actor,
                     after={"password_set": True})
    return official


def account_unlock(*, actor: Any, user: User) -> int:
    """Clear the failed log-in attempts that locked an account (django-axes). An official's
    account: their agency administrator or a system administrator; a citizen's or
    business's: a system administrator. Returns how many attempt records were cleared."""
    if user.is_official:
        official = getattr(user, "official", None)
        allowed = actor is None or (official is not None and can_manage_official(actor, official))
    else:
        allowed = actor is None or is_system_admin(actor)
    if not allowed:
        raise PermissionDenied(_("You may not unlock this account."))
    with transaction.atomic():
        cleared = axes.utils.reset(username=user.username)
        audit.record("accounts.user.unlock", user, actor=actor,
                     after={"attempts_cleared": cleared})
    return cleared


# --- Second factor (TOTP) --------------------------------------------------------------

def totp_new_secret() -> str:
    return pyotp.random_base32()


def totp_provisioning_uri(user: User, secret: str) -> str:
    """What an authenticator app reads (as a QR code) to start showing codes."""
    return pyotp.TOTP(secret).provisioning_uri(name=user.username, issuer_name="egov")


def _matching_counter(secret: str, code: str, *, after: int | None) -> int | None:
    """The time step within the window whose code is ``code``, newer than ``after``."""
    code = (code or "").strip().replace(" ", "")
    if not re.fullmatch(r"\d{6}", code) or not secret:
        return None
    totp = pyotp.TOTP(secret)
    now_counter = totp.timecode(timezone.now())
    for counter in range(now_counter - TOTP_VALID_WINDOW, now_counter + TOTP_VALID_WINDOW + 1):
        if totp.generate_otp(counter) == code and (after is None or counter > after):
            return counter
    return None


def totp_enable(*, actor: Any, user: User, secret: str, code: str) -> User:
    """Turn on the second factor for an official, once they prove with a code that their
    app holds ``secret``."""
    if actor is None or actor.pk != user.pk:
        raise PermissionDenied(_("Only the account holder may turn on their second factor."))
    if not user.is_official:
        raise Conflict(_("The second factor is for officials' accounts."), code="not_official")
    if user.totp_enabled:
        raise Conflict(_("The second factor is already on."), code="totp_already_on")
    counter = _matching_counter(secret, code, after=None)
    if counter is None:
        raise ValidationError({"code": _("The code is wrong or has expired.")})
    before = _user_snapshot(user)
    with transaction.atomic():
        user.totp_secret = secret
        user.totp_enabled = True
        user.totp_last_counter = counter
        user.save(update_fields=["totp_secret", "totp_enabled", "totp_last_counter"])
        audit.record("accounts.user.totp_enable", user, actor=actor, before=before,
                     after=_user_snapshot(user))
    return user


def totp_disable(*, actor: Any, user: User, code: str | None = None) -> User:
    """Turn the second factor off: the holder with a current code, or — when the phone is
    lost — the administrator who may manage the account, without one."""
    if not user.totp_enabled:
        raise Conflict(_("The second factor is not on."), code="totp_not_on")
    if actor is not None and actor.pk == user.pk:
        if _matching_counter(user.totp_secret, code or "", after=user.totp_last_counter) is None:
            raise ValidationError({"code": _("The code is wrong or has expired.")})
    else:
        official = getattr(user, "official", None)
        if actor is not None and (official is None or not can_manage_official(actor, official)):
            raise PermissionDenied(_("You may not change this account's second factor."))
    before = _user_snapshot(user)
    with transaction.atomic():
        user.totp_secret = ""
        user.totp_enabled = False
        user.totp_last_counter = None
        user.save(update_fields=["totp_secret", "totp_enabled", "totp_last_counter"])
        audit.record("accounts.user.totp_disable", user, actor=actor, before=before,
                     after=_user_snapshot(user))
    return user


def totp_check(*, user: User, code: str) -> bool:
    """Whether ``code`` passes the second factor now. A code is taken once: the step it
    belongs to is stored in the same UPDATE that checks no later one was taken, so two
    requests racing with one code cannot both pass. Like ``last_login``, passing is not an
    audit event (failures count towards the lockout instead)."""
    counter = _matching_counter(user.totp_secret, code, after=user.totp_last_counter)
    if counter is None or not user.totp_enabled:
        return False
    updated = User.objects.filter(
        Q(totp_last_counter__isnull=True) | Q(totp_last_counter__lt=counter),
        pk=user.pk, totp_enabled=True,
    ).update(totp_last_counter=counter)
    if updated:
        user.totp_last_counter = counter
    return bool(updated)
