"""Sealed keys: never in the clear, bound to their owner and to the KEK, opened only with
the holder's passphrase where one is set."""

import pytest
from cryptography.hazmat.primitives import serialization
from django.core.exceptions import ImproperlyConfigured, ValidationError

from egov.signatures import keys
from egov.signatures.models import KeyAlgorithm

OWNER = "certificate:1b4e28ba-2fa1-11d2-883f-0016d3cca427"


@pytest.fixture
def key():
    return keys.generate_private_key(KeyAlgorithm.EC_P256)


def _der(key):
    return key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def test_sealed_key_is_not_in_the_clear_and_opens_again(key):
    blob = keys.seal(key, owner=OWNER)
    assert blob.startswith(b"EGK1") and _der(key) not in blob
    assert _der(keys.open_sealed(blob, owner=OWNER)) == _der(key)
    assert keys.seal(key, owner=OWNER) != blob  # fresh salt and nonce each time


def test_a_blob_is_bound_to_its_owner(key):
    blob = keys.seal(key, owner=OWNER)
    with pytest.raises(ImproperlyConfigured, match="altered or belongs to another record"):
        keys.open_sealed(blob, owner="certificate:someone-else")


def test_a_changed_byte_does_not_open(key):
    blob = bytearray(keys.seal(key, owner=OWNER))
    blob[-1] ^= 1
    with pytest.raises(ImproperlyConfigured):
        keys.open_sealed(bytes(blob), owner=OWNER)


def test_another_kek_is_named(key, settings):
    blob = keys.seal(key, owner=OWNER)
    settings.EGOV_SIGNING_KEK = "c2Vjb25kLWtleS1lbmNyeXB0aW9uLWtleS0zMmJ5dGU="
    with pytest.raises(ImproperlyConfigured, match="another key-encryption key"):
        keys.open_sealed(blob, owner=OWNER)


def test_production_needs_a_kek(key, settings, monkeypatch):
    settings.EGOV_SIGNING_KEK = ""
    monkeypatch.delenv("EGOV_SIGNING_KEK", raising=False)
    monkeypatch.setenv("EGOV_ENV", "production")
    with pytest.raises(ImproperlyConfigured, match="EGOV_SIGNING_KEK must be set"):
        keys.seal(key, owner=OWNER)


def test_passphrase_protects_the_key(key):
    blob = keys.seal(key, owner=OWNER, passphrase="mat-khau-rieng")
    assert keys.needs_passphrase(blob)
    assert _der(keys.open_sealed(blob, owner=OWNER, passphrase="mat-khau-rieng")) == _der(key)
    with pytest.raises(ValidationError) as error:
        keys.open_sealed(blob, owner=OWNER, passphrase="mat-khau-khac")
    assert error.value.message_dict == {"passphrase": ["Mật khẩu của khóa bí mật không đúng."]}
    with pytest.raises(ValidationError) as error:
        keys.open_sealed(blob, owner=OWNER)
    assert error.value.message_dict == {
        "passphrase": ["Khóa bí mật của chứng thư số này cần mật khẩu."]}


def test_weak_passphrase_is_refused():
    with pytest.raises(ValidationError) as error:
        keys.check_passphrase_strength("1234567")
    assert error.value.message_dict == {"passphrase": ["Mật khẩu phải có ít nhất 8 ký tự."]}
    keys.check_passphrase_strength(None)
    keys.check_passphrase_strength("12345678")
