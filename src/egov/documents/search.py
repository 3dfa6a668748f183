"""Search over documents: words of the number and symbol, the issuer, the summary, the
content and the text of the attached PDF and DOCX files, accents and case not mattering
("bao cao tong ket" finds "Báo cáo tổng kết").

Every document keeps ``search_text``: that text folded (``egov.core.text.fold``: lower
case, no diacritics, đ → d), with the number and symbol also split into its parts so
that "1407" finds "1407/BC-STTTT-VP".

* PostgreSQL: full-text search. A GIN index on ``to_tsvector('simple', search_text)``
  (migration 0006); the query's words are lower-cased here, stripped of their accents
  by the ``unaccent`` extension in the database, and each matches as a prefix, so a
  word still being typed finds its documents.
* SQLite: each word must occur in ``search_text`` (the same folded text), a scan that is
  fine for a demo or a small agency.
"""

from __future__ import annotations

import re

from django.db import connection
from django.db.models import BooleanField, QuerySet
from django.db.models.expressions import RawSQL

from egov.core.text import fold

_WORD = re.compile(r"[\w/.&-]+")


def search_text(*parts: str, number_symbol: str = "") -> str:
    """The folded text a document is found by."""
    pieces = [number_symbol, re.sub(r"[/-]", " ", number_symbol), *parts]
    return fold(" ".join(p for p in pieces if p))


def words(query: str) -> list[str]:
    return _WORD.findall((query or "").lower())


def matching(queryset: QuerySet, query: str) -> QuerySet:
    """``queryset`` narrowed to the documents whose search text has every word of
    ``query`` (as a word prefix on PostgreSQL, anywhere on SQLite)."""
    terms = words(query)
    if not terms:
        return queryset
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(queryset.model._meta.db_table)
        tsquery = " & ".join(f"'{term}':*" for term in terms)
        return queryset.annotate(_found=RawSQL(
            f"to_tsvector('simple', {table}.\"search_text\") @@ "
            "to_tsquery('simple', unaccent(%s))", [tsquery], output_field=BooleanField(),
        )).filter(_found=True)
    for term in (fold(t) for t in terms):
        queryset = queryset.filter(search_text__contains=term)
    return queryset
