"""`egov load_demo --reset` flushes the database without migrating again: the demo puts the
standard document types back itself."""

from egov.documents import demo
from egov.documents.models import DocumentType


def test_the_demo_puts_back_the_standard_types_after_a_flush(db):
    migrated = DocumentType.objects.count()
    assert migrated > 29  # Decree 30/2020's 29 administrative types, and more
    DocumentType.objects.all().delete()
    demo._ensure_document_types()
    assert DocumentType.objects.count() == migrated
    assert DocumentType.objects.get(category="administrative", code="BC").name == "Báo cáo"
    demo._ensure_document_types()  # a second call changes nothing
    assert DocumentType.objects.count() == migrated
