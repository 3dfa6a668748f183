"""The platform's timestamp authority (RFC 3161).

A timestamp token proves that a signature existed at a time vouched for by a third
party, so the signature stays verifiable after the signer's certificate expires and
can be told apart from one made after a revocation. The same code answers the HTTP
endpoint (``application/timestamp-query`` → ``application/timestamp-reply``) and the
in-process stamper the signing service hands to pyHanko, which saves a round trip to
ourselves.

Tokens are signed with the key of the TSA authority (role ``tsa``), certificate with
the critical ``timeStamping`` extended key usage, issued by the platform's root.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import secrets
import uuid
from collections.abc import Iterator
from contextvars import ContextVar

from asn1crypto import algos, cms, core, tsp
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from django.conf import settings
from pyhanko.sign.general import as_signing_certificate_v2, simple_cms_attribute
from pyhanko.sign.timestamps.api import TimeStamper

from egov.signatures.keys import PrivateKey

# Without a registered arc of our own, the policy is a UUID OID (ITU-T X.667, 2.25.n),
# which needs no registration; an installation may set its own.
DEFAULT_POLICY_OID = "2.25." + str(uuid.uuid5(uuid.NAMESPACE_URL, "urn:egov:tsa-policy:1").int)
_HASHES = {"sha256": hashes.SHA256, "sha384": hashes.SHA384, "sha512": hashes.SHA512}

# The demo replays 2017: the documents it signs carry their historical time. Nothing a
# person can reach (pages, API, commands) sets this.
_historical_time: ContextVar[dt.datetime | None] = ContextVar("egov_tsa_time", default=None)


@contextlib.contextmanager
def stamping_at(moment: dt.datetime | None) -> Iterator[None]:
    token = _historical_time.set(moment)
    try:
        yield
    finally:
        _historical_time.reset(token)


def policy_oid() -> str:
    return getattr(settings, "EGOV_TSA_POLICY_OID", "") or DEFAULT_POLICY_OID


class _Rejection(core.Sequence):
    """A TimeStampResp without a token. asn1crypto declares the token mandatory, which
    RFC 3161 does not (timeStampToken OPTIONAL), so rejections get their own shape."""

    _fields = [("status", tsp.PKIStatusInfo)]


def _rejection(fail_info: str, text: str) -> _Rejection:
    return _Rejection({
        "status": tsp.PKIStatusInfo({
            "status": tsp.PKIStatus("rejection"),
            "status_string": [text],
            "fail_info": tsp.PKIFailureInfo({fail_info}),
        })
    })


class PlatformTSA:
    """Issues RFC 3161 tokens with one certificate and key."""

    def __init__(self, *, certificate_der: bytes, key: PrivateKey,
                 chain_der: list[bytes] | None = None) -> None:
        self.cert = asn1_x509.Certificate.load(bytes(certificate_der))
        self.chain = [asn1_x509.Certificate.load(bytes(c)) for c in chain_der or []]
        self.key = key
        self._stamper: InProcessTimeStamper | None = None

    def stamper(self) -> InProcessTimeStamper:
        """A pyHanko time stamper answered by this TSA, kept for reuse: pyHanko caches
        a sample token in it to size signatures."""
        if self._stamper is None:
            self._stamper = InProcessTimeStamper(self)
        return self._stamper

    def _signature_algorithm(self, md: str) -> str:
        if isinstance(self.key, ec.EllipticCurvePrivateKey):
            return f"{md}_ecdsa"
        return "rsassa_pkcs1v15"

    def _sign(self, data: bytes, md: str) -> bytes:
        algorithm = _HASHES[md]()
        if isinstance(self.key, rsa.RSAPrivateKey):
            return self.key.sign(data, padding.PKCS1v15(), algorithm)
        return self.key.sign(data, ec.ECDSA(algorithm))

    def respond(
        self, request: tsp.TimeStampReq, at: dt.datetime | None = None
    ) -> tsp.TimeStampResp | _Rejection:
        imprint = request["message_imprint"]
        md = imprint["hash_algorithm"]["algorithm"].native
        if md not in _HASHES:
            return _rejection("bad_alg", f"Unsupported hash algorithm {md}")
        if len(imprint["hashed_message"].native) != _HASHES[md].digest_size:
            return _rejection("bad_data_format", "The imprint does not match its algorithm")
        if request["req_policy"].native not in (None, policy_oid()):
            return _rejection("unaccepted_policy", "Unknown policy")
        gen_time = (at or _historical_time.get() or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
        info = {
            "version": "v1",
            "policy": policy_oid(),
            "message_imprint": imprint,
            # Random 128 bits: unique without a shared counter between workers.
            "serial_number": secrets.randbits(127) | 1 << 126,
            "gen_time": gen_time,
            "accuracy": {"seconds": 1},
            "tsa": asn1_x509.GeneralName(name="directory_name", value=self.cert.subject),
        }
        if request["nonce"].native is not None:
            info["nonce"] = request["nonce"]
        tst_info = tsp.TSTInfo(info).dump()
        md_spec = _HASHES[md]()
        digest = hashes.Hash(md_spec)
        digest.update(tst_info)
        signed_attrs = cms.CMSAttributes([
            simple_cms_attribute("content_type", "tst_info"),
            simple_cms_attribute("signing_time", cms.Time({"utc_time": core.UTCTime(gen_time)})),
            simple_cms_attribute("signing_certificate_v2",
                                 as_signing_certificate_v2(self.cert, "sha256")),
            simple_cms_attribute("message_digest", digest.finalize()),
        ])
        signer_info = cms.SignerInfo({
            "version": "v1",
            "sid": cms.SignerIdentifier({
                "issuer_and_serial_number": cms.IssuerAndSerialNumber({
                    "issuer": self.cert.issuer,
                    "serial_number": self.cert.serial_number,
                })
            }),
            "digest_algorithm": algos.DigestAlgorithm({"algorithm": md}),
            "signature_algorithm": algos.SignedDigestAlgorithm(
                {"algorithm": self._signature_algorithm(md)}
            ),
            "signed_attrs": signed_attrs,
            "signature": self._sign(signed_attrs.dump(), md),
        })
        certificates = [self.cert] if not request["cert_req"].native else [self.cert, *self.chain]
        signed_data = cms.SignedData({
            "version": "v3",
            "digest_algorithms": [algos.DigestAlgorithm({"algorithm": md})],
            "encap_content_info": {
                "content_type": "tst_info",
                "content": cms.ParsableOctetString(tst_info),
            },
            "certificates": certificates,
            "signer_infos": [signer_info],
        })
        token = cms.ContentInfo({"content_type": "signed_data", "content": signed_data})
        return tsp.TimeStampResp({
            "status": tsp.PKIStatusInfo({"status": tsp.PKIStatus("granted")}),
            "time_stamp_token": token,
        })

    def respond_der(self, body: bytes) -> bytes:
        """Answer an HTTP timestamp query (DER in, DER out)."""
        try:
            request = tsp.TimeStampReq.load(body)
            request.native  # noqa: B018 - parse fully now, so bad input is answered here
        except (ValueError, TypeError):
            return _rejection("bad_request", "Not a TimeStampReq").dump()
        return self.respond(request).dump()


class InProcessTimeStamper(TimeStamper):
    """pyHanko's ``TimeStamper`` answered by ``PlatformTSA`` without HTTP."""

    def __init__(self, tsa: PlatformTSA) -> None:
        super().__init__(include_nonce=True)
        self.tsa = tsa

    async def async_request_tsa_response(self, req: tsp.TimeStampReq) -> tsp.TimeStampResp:
        return self.tsa.respond(req)  # type: ignore[return-value]  # pyHanko reads ["status"]
