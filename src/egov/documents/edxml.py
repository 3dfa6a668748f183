"""edXML packages of QCVN 102:2016/BTTTT: a document's header and its files' manifest,
and the status messages that answer it.

What is built and read here, in the namespace of the standard:

* ``edXMLEnvelope`` / ``edXMLHeader`` / ``MessageHeader``: ``From`` and ``To`` (OrganId =
  the agency's QCVN 102 code, OrganName), ``DocumentId`` (15 characters), ``Code``
  (CodeNumber, CodeNotation), ``PromulgationInfo`` (Place, PromulgationDate),
  ``DocumentType`` (Type, TypeName), ``Subject``, ``SignerInfo`` (Competence, Position,
  FullName), ``OtherInfo`` (Priority, PromulgationAmount, PageAmount); a
  ``TraceHeaderList`` with the sender and the time;
* ``edXMLBody`` / ``edXMLManifest`` / ``Reference``: each file by ``xlink:href``
  (``cid:<n>``, the name of the part that carries it over HTTP), ``xlink:type`` (content
  type), ``AttachmentName`` and, in ``Description``, its SHA-256, so a damaged or swapped
  file is refused;
* ``Status``: ``ResponseFor`` (the DocumentId answered), ``From``, ``StatusCode``,
  ``Description``, ``Timestamp``, ``StaffInfo``.

The status codes 01 received, 02 rejected, 03 accepted, 04 assigned, 05 being handled,
06 done are those of the brief; the standard's own table was not available (see
docs/documents.md). Type codes are the order of the type in Art. 7 of Decree 30/2020.

Packages from outside are parsed with a parser that reads no DTD, resolves no entity
and fetches nothing; any doubt is a ``PackageError`` naming what is wrong.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from lxml import etree

NS = "http://www.mic.gov.vn/TBT/QCVN_102_2016"
XLINK = "http://www.w3.org/1999/xlink"
E = f"{{{NS}}}"
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
TIMESTAMP = "%d/%m/%Y %H:%M:%S"
MAX_PACKAGE = 1_000_000  # the XML itself; files travel beside it

STATUS_CODES = {"received": "01", "rejected": "02", "accepted": "03", "assigned": "04",
                "in_progress": "05", "done": "06"}
STATUS_NAMES = {code: name for name, code in STATUS_CODES.items()}
PRIORITIES = {"normal": "0", "urgent": "1", "very_urgent": "2", "flash": "3"}
URGENCIES = {code: name for name, code in PRIORITIES.items()}


class PackageError(ValueError):
    """A package or status message that cannot be accepted, and why (in English for
    logs; the status message to the sender carries it)."""


@dataclass(frozen=True)
class Organ:
    organ_id: str
    name: str


@dataclass(frozen=True)
class FileRef:
    cid: str
    name: str
    content_type: str
    sha256: str


@dataclass(frozen=True)
class Package:
    """What a package says about its document."""

    document_id: str
    sender: Organ
    receivers: tuple[Organ, ...]
    code_number: str
    code_notation: str
    place: str
    promulgation_date: dt.date
    type_code: str
    type_name: str
    subject: str
    signer_competence: str = ""
    signer_position: str = ""
    signer_name: str = ""
    priority: str = "0"
    copies: int = 1
    pages: int = 1
    sent_at: dt.datetime | None = None
    files: tuple[FileRef, ...] = field(default=())

    @property
    def number_symbol(self) -> str:
        return f"{self.code_number}/{self.code_notation}"


@dataclass(frozen=True)
class StatusMessage:
    document_id: str
    sender: Organ
    code: str
    description: str
    at: dt.datetime
    staff: str = ""

    @property
    def status(self) -> str:
        return STATUS_NAMES[self.code]


def _sub(parent: etree._Element, name: str, text: str | None = None) -> etree._Element:
    element = etree.SubElement(parent, E + name)
    if text is not None:
        element.text = text
    return element


def _organ(parent: etree._Element, tag: str, organ: Organ) -> None:
    element = _sub(parent, tag)
    _sub(element, "OrganId", organ.organ_id)
    _sub(element, "OrganName", organ.name)


def _stamp(moment: dt.datetime) -> str:
    return moment.astimezone(VIETNAM).strftime(TIMESTAMP)


def build_package(package: Package) -> bytes:
    root = etree.Element(E + "edXMLEnvelope", nsmap={"edXML": NS, "xlink": XLINK})
    header = _sub(root, "edXMLHeader")
    message = _sub(header, "MessageHeader")
    _organ(message, "From", package.sender)
    for receiver in package.receivers:
        _organ(message, "To", receiver)
    _sub(message, "DocumentId", package.document_id)
    code = _sub(message, "Code")
    _sub(code, "CodeNumber", package.code_number)
    _sub(code, "CodeNotation", package.code_notation)
    info = _sub(message, "PromulgationInfo")
    _sub(info, "Place", package.place)
    _sub(info, "PromulgationDate", package.promulgation_date.isoformat())
    doc_type = _sub(message, "DocumentType")
    _sub(doc_type, "Type", package.type_code)
    _sub(doc_type, "TypeName", package.type_name)
    _sub(message, "Subject", package.subject)
    signer = _sub(message, "SignerInfo")
    _sub(signer, "Competence", package.signer_competence)
    _sub(signer, "Position", package.signer_position)
    _sub(signer, "FullName", package.signer_name)
    other = _sub(message, "OtherInfo")
    _sub(other, "Priority", package.priority)
    _sub(other, "PromulgationAmount", str(package.copies))
    _sub(other, "PageAmount", str(package.pages))
    trace = _sub(_sub(header, "TraceHeaderList"), "TraceHeader")
    _sub(trace, "OrganId", package.sender.organ_id)
    _sub(trace, "Timestamp", _stamp(package.sent_at or dt.datetime.now(dt.UTC)))
    manifest = _sub(_sub(root, "edXMLBody"), "edXMLManifest")
    for ref in package.files:
        reference = _sub(manifest, "Reference")
        reference.set(f"{{{XLINK}}}href", f"cid:{ref.cid}")
        reference.set(f"{{{XLINK}}}type", ref.content_type)
        _sub(reference, "AttachmentName", ref.name)
        _sub(reference, "Description", f"sha256:{ref.sha256}")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _parse(data: bytes) -> etree._Element:
    if not data or len(data) > MAX_PACKAGE:
        raise PackageError("the package is empty or too large")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             dtd_validation=False, huge_tree=False, remove_comments=True)
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise PackageError(f"the package is not well-formed XML ({exc.msg})") from None
    if root.getroottree().docinfo.doctype:
        raise PackageError("a package may not carry a document type declaration")
    return root


def _text(element: etree._Element | None, path: str, what: str, *, required: bool = True,
          max_length: int = 500) -> str:
    found = (element.find("/".join(E + part for part in path.split("/")))
             if element is not None else None)
    value = (found.text or "").strip() if found is not None else ""
    if required and not value:
        raise PackageError(f"{what} is missing")
    if len(value) > max_length:
        raise PackageError(f"{what} is longer than {max_length} characters")
    return value


def _read_organ(element: etree._Element, what: str) -> Organ:
    return Organ(organ_id=_text(element, "OrganId", f"{what} OrganId", max_length=20),
                 name=_text(element, "OrganName", f"{what} OrganName", max_length=200))


def _int(value: str, what: str, low: int, high: int) -> int:
    try:
        number = int(value)
    except ValueError:
        raise PackageError(f"{what} is not a number") from None
    if not low <= number <= high:
        raise PackageError(f"{what} is out of range")
    return number


def parse_package(data: bytes) -> Package:
    root = _parse(data)
    if root.tag != E + "edXMLEnvelope":
        raise PackageError("the root is not an edXMLEnvelope of QCVN 102:2016")
    message = root.find(f"{E}edXMLHeader/{E}MessageHeader")
    if message is None:
        raise PackageError("the MessageHeader is missing")
    sender_el = message.find(E + "From")
    if sender_el is None:
        raise PackageError("From is missing")
    receivers = tuple(_read_organ(el, "To") for el in message.findall(E + "To"))
    if not receivers:
        raise PackageError("To is missing")
    if len({r.organ_id for r in receivers}) != len(receivers):
        raise PackageError("the same receiver is named twice")
    document_id = _text(message, "DocumentId", "DocumentId", max_length=15)
    date_text = _text(message, "PromulgationInfo/PromulgationDate", "PromulgationDate")
    try:
        promulgation_date = dt.date.fromisoformat(date_text)
    except ValueError:
        raise PackageError("PromulgationDate is not a date (YYYY-MM-DD)") from None
    other = message.find(E + "OtherInfo")
    trace = root.find(f"{E}edXMLHeader/{E}TraceHeaderList/{E}TraceHeader")
    sent_at = None
    if trace is not None and _text(trace, "Timestamp", "Timestamp", required=False):
        try:
            sent_at = dt.datetime.strptime(_text(trace, "Timestamp", "Timestamp"),
                                           TIMESTAMP).replace(tzinfo=VIETNAM)
        except ValueError:
            raise PackageError("the TraceHeader Timestamp is not dd/MM/yyyy HH:mm:ss") from None
    files = []
    for reference in root.findall(f"{E}edXMLBody/{E}edXMLManifest/{E}Reference"):
        href = reference.get(f"{{{XLINK}}}href", "")
        description = _text(reference, "Description", "Reference Description", max_length=80)
        if not href.startswith("cid:") or not description.startswith("sha256:"):
            raise PackageError("a Reference has no cid: address or no sha256: description")
        files.append(FileRef(cid=href[4:], name=_text(reference, "AttachmentName",
                                                      "AttachmentName", max_length=200),
                             content_type=reference.get(f"{{{XLINK}}}type", ""),
                             sha256=description[7:]))
    if not files:
        raise PackageError("the package carries no file")
    priority = _text(other, "Priority", "Priority", required=False) or "0"
    if priority not in URGENCIES:
        raise PackageError("Priority is not 0 to 3")
    return Package(
        document_id=document_id, sender=_read_organ(sender_el, "From"), receivers=receivers,
        code_number=_text(message, "Code/CodeNumber", "CodeNumber", max_length=11),
        code_notation=_text(message, "Code/CodeNotation", "CodeNotation", max_length=30),
        place=_text(message, "PromulgationInfo/Place", "Place", required=False,
                    max_length=100),
        promulgation_date=promulgation_date,
        type_code=_text(message, "DocumentType/Type", "Type", required=False, max_length=3),
        type_name=_text(message, "DocumentType/TypeName", "TypeName", max_length=100),
        subject=_text(message, "Subject", "Subject", max_length=500),
        signer_competence=_text(message, "SignerInfo/Competence", "Competence",
                                required=False, max_length=10),
        signer_position=_text(message, "SignerInfo/Position", "Position", required=False,
                              max_length=100),
        signer_name=_text(message, "SignerInfo/FullName", "FullName", required=False,
                          max_length=50),
        priority=priority,
        copies=_int(_text(other, "PromulgationAmount", "PromulgationAmount",
                          required=False) or "1", "PromulgationAmount", 1, 999),
        pages=_int(_text(other, "PageAmount", "PageAmount", required=False) or "1",
                   "PageAmount", 1, 999),
        sent_at=sent_at, files=tuple(files),
    )


def build_status(message: StatusMessage) -> bytes:
    root = etree.Element(E + "Status", nsmap={"edXML": NS})
    response_for = _sub(root, "ResponseFor")
    _sub(response_for, "DocumentId", message.document_id)
    _organ(root, "From", message.sender)
    _sub(root, "StatusCode", message.code)
    _sub(root, "Description", message.description[:500])
    _sub(root, "Timestamp", _stamp(message.at))
    staff = _sub(root, "StaffInfo")
    _sub(staff, "Staff", message.staff[:200])
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def parse_status(data: bytes) -> StatusMessage:
    root = _parse(data)
    if root.tag != E + "Status":
        raise PackageError("the root is not a Status message of QCVN 102:2016")
    code = _text(root, "StatusCode", "StatusCode", max_length=2)
    if code not in STATUS_NAMES:
        raise PackageError("StatusCode is not one of 01 to 06")
    sender_el = root.find(E + "From")
    if sender_el is None:
        raise PackageError("From is missing")
    try:
        at = dt.datetime.strptime(_text(root, "Timestamp", "Timestamp"),
                                  TIMESTAMP).replace(tzinfo=VIETNAM)
    except ValueError:
        raise PackageError("Timestamp is not dd/MM/yyyy HH:mm:ss") from None
    return StatusMessage(
        document_id=_text(root, "ResponseFor/DocumentId", "DocumentId", max_length=15),
        sender=_read_organ(sender_el, "From"), code=code,
        description=_text(root, "Description", "Description", required=False),
        at=at, staff=_text(root, "StaffInfo/Staff", "Staff", required=False, max_length=200))
