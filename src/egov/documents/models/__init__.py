"""Models of official documents: types and registers, incoming documents and their
handling, outgoing documents, exchange between agencies."""

from egov.documents.models.common import Channel, Confidentiality, Urgency
from egov.documents.models.exchange import Exchange, ExchangePeer, ExchangeStatus
from egov.documents.models.incoming import (
    Assignment,
    Attachment,
    HandlingNote,
    IncomingDocument,
)
from egov.documents.models.outgoing import (
    DraftVersion,
    OutgoingDocument,
    Recipient,
    ReviewStep,
)
from egov.documents.models.registers import Direction, DocumentType, Register

__all__ = ["Assignment", "Attachment", "Channel", "Confidentiality", "Direction",
           "DocumentType", "DraftVersion", "Exchange", "ExchangePeer", "ExchangeStatus",
           "HandlingNote", "IncomingDocument", "OutgoingDocument", "Recipient", "Register",
           "ReviewStep", "Urgency"]
