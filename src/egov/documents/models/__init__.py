"""Models of official documents: types and registers (so far)."""

from egov.documents.models.common import Channel, Confidentiality, Urgency
from egov.documents.models.registers import Direction, DocumentType, Register

__all__ = ["Channel", "Confidentiality", "Direction", "DocumentType", "Register", "Urgency"]
