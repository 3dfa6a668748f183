"""Full-text search on PostgreSQL: the ``unaccent`` extension (used on the query side) and
GIN indexes on the folded search text of incoming and outgoing documents. Nothing on
SQLite, which searches the same column without an index (egov.documents.search)."""

from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations

INDEXES = [("documents_incomingdocument", "documents_in_search_gin"),
           ("documents_outgoingdocument", "documents_out_search_gin")]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, name in INDEXES:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" '
            "USING gin (to_tsvector('simple', \"search_text\"))")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for _table, name in INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [("documents", "0005_exchange_between_agencies")]
    operations = [UnaccentExtension(), migrations.RunPython(create, drop)]
