"""Models of official documents: types and registers, incoming documents and their
handling."""

from egov.documents.models.common import Channel, Confidentiality, Urgency
from egov.documents.models.incoming import (
    Assignment,
    Attachment,
    HandlingNote,
    IncomingDocument,
)
from egov.documents.models.registers import Direction, DocumentType, Register

__all__ = ["Assignment", "Attachment", "Channel", "Confidentiality", "Direction",
           "DocumentType", "HandlingNote", "IncomingDocument", "Register", "Urgency"]
