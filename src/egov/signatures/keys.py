"""Private keys at rest: never in the clear, opened only for the signature being made.

Each key is stored as PKCS#8 DER sealed with AES-256-GCM. The sealing key is derived
(HKDF-SHA256, fresh 16-byte salt per key) from the installation's key-encryption key,
``EGOV_SIGNING_KEK`` in the environment, which the database never holds; where the
holder has a passphrase, scrypt of the passphrase is mixed in as well, so the database
plus the environment are still not enough to sign as that person. The blob's
authenticated data binds it to its owner (a certificate's uid), so a blob copied onto
another certificate does not open.

Blob layout (version 1)::

    b"EGK1" | kek_id (8) | flags (1) | salt (16) | nonce (12) | AES-GCM ciphertext+tag

See docs/signatures.md for the model and its limits.
"""

from __future__ import annotations

import base64
import hashlib
import os
import secrets

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils.translation import gettext as _

from egov.signatures.models import KeyAlgorithm

PrivateKey = rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey

_MAGIC = b"EGK1"
_FLAG_PASSPHRASE = 0x01
# scrypt cost: about 0.1 s and 32 MB per attempt, which makes guessing passphrases slow.
_SCRYPT_N, _SCRYPT_R, _SCRYPT_P = 2**15, 8, 1
MIN_PASSPHRASE_LENGTH = 8


class KeyLocked(ValidationError):
    """The key could not be opened with what was given (wrong or missing passphrase)."""


def _raw_kek() -> bytes:
    raw = getattr(settings, "EGOV_SIGNING_KEK", "") or os.environ.get("EGOV_SIGNING_KEK", "")
    if raw:
        try:
            decoded = base64.b64decode(raw, validate=True)
        except ValueError:
            decoded = b""
        # 32 random bytes in base64 as documented; any other text is accepted as a
        # passphrase-like secret and stretched by HKDF below.
        return decoded if len(decoded) == 32 else raw.encode()
    if os.environ.get("EGOV_ENV", "development") == "production":
        raise ImproperlyConfigured(
            "EGOV_SIGNING_KEK must be set in production (32 random bytes, base64)."
        )
    # Development and tests: derived from the secret key, so nothing extra to set up.
    return b"development-kek:" + settings.SECRET_KEY.encode()


def kek() -> bytes:
    """The 32-byte key-encryption key of this installation."""
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=b"egov-signing-kek", info=b"v1"
    ).derive(_raw_kek())


def kek_id(key: bytes | None = None) -> bytes:
    """A short public fingerprint of the KEK, stored in each blob to name a mismatch."""
    return hashlib.sha256(b"egov-kek-id" + (key or kek())).digest()[:8]


def _stretch_passphrase(passphrase: str, salt: bytes) -> bytes:
    return Scrypt(salt=salt, length=32, n=_SCRYPT_N, r=_SCRYPT_R, p=_SCRYPT_P).derive(
        passphrase.encode()
    )


def _sealing_key(master: bytes, salt: bytes, passphrase: str | None) -> bytes:
    material = master + (_stretch_passphrase(passphrase, salt) if passphrase else b"")
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=b"egov-key-v1").derive(
        material
    )


def generate_private_key(algorithm: str) -> PrivateKey:
    if algorithm == KeyAlgorithm.EC_P256:
        return ec.generate_private_key(ec.SECP256R1())
    if algorithm == KeyAlgorithm.RSA_3072:
        return rsa.generate_private_key(public_exponent=65537, key_size=3072)
    if algorithm == KeyAlgorithm.RSA_2048:
        return rsa.generate_private_key(public_exponent=65537, key_size=2048)
    raise ValueError(f"Unknown key algorithm {algorithm!r}")


def key_algorithm_of(key: PrivateKey) -> str:
    if isinstance(key, ec.EllipticCurvePrivateKey) and key.curve.name == "secp256r1":
        return KeyAlgorithm.EC_P256
    if isinstance(key, rsa.RSAPrivateKey) and key.key_size in (2048, 3072):
        return KeyAlgorithm.RSA_2048 if key.key_size == 2048 else KeyAlgorithm.RSA_3072
    raise ValidationError(
        _("Only RSA 2048/3072 and ECDSA P-256 keys are supported."), code="key_algorithm"
    )


def seal(key: PrivateKey, *, owner: str, passphrase: str | None = None) -> bytes:
    """Encrypt ``key`` for storage, bound to ``owner`` (e.g. ``certificate:<uid>``)."""
    master = kek()
    salt = secrets.token_bytes(16)
    nonce = secrets.token_bytes(12)
    flags = _FLAG_PASSPHRASE if passphrase else 0
    header = _MAGIC + kek_id(master) + bytes([flags]) + salt + nonce
    plaintext = key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    sealed = AESGCM(_sealing_key(master, salt, passphrase)).encrypt(
        nonce, plaintext, header + owner.encode()
    )
    return header + sealed


def needs_passphrase(blob: bytes) -> bool:
    return bool(blob[12] & _FLAG_PASSPHRASE)


def open_sealed_der(blob: bytes, *, owner: str, passphrase: str | None = None) -> bytes:
    """The PKCS#8 DER of a sealed key. Raises ``KeyLocked`` for a wrong passphrase."""
    blob = bytes(blob)
    if blob[:4] != _MAGIC or len(blob) < 41:
        raise ImproperlyConfigured("This is not a sealed key of egov.")
    master = kek()
    if blob[4:12] != kek_id(master):
        raise ImproperlyConfigured(
            "This key was sealed with another key-encryption key than EGOV_SIGNING_KEK."
        )
    header, salt, nonce = blob[:41], blob[13:29], blob[29:41]
    with_passphrase = needs_passphrase(blob)
    if with_passphrase and not passphrase:
        raise KeyLocked({"passphrase": _("This certificate's key needs its passphrase.")},
                        code="passphrase_required")
    try:
        return AESGCM(_sealing_key(master, salt, passphrase if with_passphrase else None)).decrypt(
            nonce, blob[41:], header + owner.encode()
        )
    except InvalidTag:
        if with_passphrase:
            raise KeyLocked({"passphrase": _("The passphrase is wrong.")},
                            code="wrong_passphrase") from None
        raise ImproperlyConfigured(
            "A sealed key does not open: it was altered or belongs to another record."
        ) from None


def open_sealed(blob: bytes, *, owner: str, passphrase: str | None = None) -> PrivateKey:
    # The RSA consistency check costs about 35 ms per load; these keys were generated or
    # checked by us when sealed, and AES-GCM proves they are unchanged since.
    key = serialization.load_der_private_key(
        open_sealed_der(blob, owner=owner, passphrase=passphrase), password=None,
        unsafe_skip_rsa_key_validation=True,
    )
    assert isinstance(key, (rsa.RSAPrivateKey, ec.EllipticCurvePrivateKey))
    return key


def check_passphrase_strength(passphrase: str | None) -> None:
    if passphrase is not None and len(passphrase) < MIN_PASSPHRASE_LENGTH:
        raise ValidationError(
            {"passphrase": _("A passphrase needs at least %(n)d characters.")
             % {"n": MIN_PASSPHRASE_LENGTH}},
            code="weak_passphrase",
        )
