"""Search over documents: words of the number and symbol, the issuer, the summary, the
content and the text of the attached PDF and DOCX files, accents and case not mattering
("bao cao tong ket" finds "Báo cáo tổng kết").

Every document keeps ``search_text``: that text folded (``egov.core.text.fold``: lower
case, no diacritics, đ → d), with the number and symbol also split into its parts so
that "1407" finds "1407/BC-STTTT-VP".

* PostgreSQL: full-text search on the stored ``search_vector`` (``to_tsvector('simple',
  search_text)``, with a GIN index; migrations 0006 and 0008). The query's words are
  lower-cased here and stripped of their accents by the ``unaccent`` extension in the
  database; each must be a word of the document (Vietnamese words are syllables, so whole
  words are what people type).
* SQLite: each folded word must occur in ``search_text``, a scan that is fine for a demo
  or a small agency.

``newest`` gives the first documents of a list in its order. A query whose words are
common ("viễn thông" in a department of telecommunications) matches a large part of a
million documents, and sorting them all to show twenty takes seconds; so the newest
``PROBE`` documents are searched first, and only when they hold too few matches is the
whole register searched (by then the words are rare, and the index finds few rows).
A query with a word that PostgreSQL's statistics do not count among the frequent ones
("tổng kết", a number) is tried the other way first: the index's matches, at most
``PROBE`` of them, sorted; probing the newest rows would cost more than finding them.
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from typing import Any

from django.db import connection
from django.db.models import BooleanField, Model, QuerySet
from django.db.models.expressions import RawSQL

from egov.core.text import fold

_WORD = re.compile(r"[\w/.&-]+")
PROBE = 5000
# How long the list of frequent words read from pg_stats is kept (they change with ANALYZE).
STATS_SECONDS = 600
_frequent: dict[str, tuple[float, frozenset[str]]] = {}


def search_text(*parts: str, number_symbol: str = "") -> str:
    """The folded text a document is found by."""
    pieces = [number_symbol, re.sub(r"[/-]", " ", number_symbol), *parts]
    return fold(" ".join(p for p in pieces if p))


def words(query: str) -> list[str]:
    return _WORD.findall((query or "").lower())


def tsquery(query: str) -> str:
    """The words as a tsquery of the 'simple' configuration (accents still on: the
    database removes them with unaccent)."""
    return " & ".join(f"'{term}'" for term in words(query))


def matching(queryset: QuerySet, query: str) -> QuerySet:
    """``queryset`` narrowed to the documents whose search text has every word of
    ``query`` (as words on PostgreSQL, anywhere on SQLite)."""
    terms = words(query)
    if not terms:
        return queryset
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(queryset.model._meta.db_table)
        return queryset.annotate(_found=RawSQL(
            f"{table}.\"search_vector\" @@ to_tsquery('simple', unaccent(%s))",
            [tsquery(query)], output_field=BooleanField(),
        )).filter(_found=True)
    for term in (fold(t) for t in terms):
        queryset = queryset.filter(search_text__contains=term)
    return queryset


def newest(queryset: QuerySet, query: str, *, ordering: Sequence[str],
           limit: int) -> list[Model]:
    """The first ``limit`` documents of ``queryset`` in ``ordering`` that match ``query``
    (see the module's note on the newest ``PROBE`` first). ``ordering`` names concrete
    fields of the model."""
    ordered = queryset.order_by(*ordering)
    if not words(query):
        return list(ordered[:limit])
    if connection.vendor != "postgresql":
        return list(matching(ordered, query)[:limit])
    ids = None
    if not {fold(w) for w in words(query)} <= _frequent_words(ordered.model):
        ids = _first_matches(ordered, query, ordering, limit)
    if ids is None:
        ids = _probe(ordered, query, ordering, limit)
        if len(ids) < limit:
            ids = _rare(ordered, query, ordering, limit)
    found = queryset.in_bulk(ids)
    return [found[pk] for pk in ids]


def _order_by(model: type[Model], ordering: Sequence[str], alias: str) -> str:
    return ", ".join(
        f"{alias}.{connection.ops.quote_name(model._meta.get_field(name.lstrip('-')).column)}"
        f" {'DESC' if name.startswith('-') else 'ASC'}" for name in ordering)


def _probe(ordered: QuerySet, query: str, ordering: Sequence[str], limit: int) -> list[int]:
    """The ids of the first matches among the newest ``PROBE`` rows. The match is applied
    outside the subquery on purpose: PostgreSQL then cannot turn to the GIN index, whose
    estimate for common words that go together is far too low."""
    table = connection.ops.quote_name(ordered.model._meta.db_table)
    inner = ordered.annotate(_vector=RawSQL(f'{table}."search_vector"', [])).values(
        "id", "_vector", *(name.lstrip("-") for name in ordering))[:PROBE]
    sql, params = inner.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT recent.id FROM ({sql}) AS recent WHERE recent._vector @@ "
            f"to_tsquery('simple', unaccent(%s)) "
            f"ORDER BY {_order_by(ordered.model, ordering, 'recent')} LIMIT %s",
            [*params, tsquery(query), limit])
        return [row[0] for row in cursor.fetchall()]


def _frequent_words(model: type[Model]) -> frozenset[str]:
    """The words PostgreSQL's statistics list as frequent in the model's search vectors
    (``pg_stats.most_common_elems``); none before the table was first analysed."""
    table = model._meta.db_table
    expires, found = _frequent.get(table, (0.0, frozenset()))
    if expires < time.monotonic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT most_common_elems::text::text[] FROM pg_stats "
                           "WHERE tablename = %s AND attname = 'search_vector'", [table])
            row = cursor.fetchone()
        found = frozenset(row[0] or ()) if row else frozenset()
        _frequent[table] = (time.monotonic() + STATS_SECONDS, found)
    return found


def _matches_sql(ordered: QuerySet, query: str,
                 ordering: Sequence[str]) -> tuple[str, tuple[Any, ...]]:
    """Every match through the index, unsorted: the id and the ordering's columns."""
    inner = matching(ordered.order_by(), query).values(
        "id", *(name.lstrip("-") for name in ordering))
    return inner.query.sql_with_params()


def _first_matches(ordered: QuerySet, query: str, ordering: Sequence[str],
                   limit: int) -> list[int] | None:
    """The ids of the first matches when the index finds at most ``PROBE`` of them;
    ``None`` when it finds more (the words are common after all)."""
    sql, params = _matches_sql(ordered, query, ordering)
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH found AS MATERIALIZED ({sql} LIMIT %s) "
            f"SELECT found.id, (SELECT count(*) FROM found) FROM found "
            f"ORDER BY {_order_by(ordered.model, ordering, 'found')} LIMIT %s",
            [*params, PROBE + 1, limit])
        rows = cursor.fetchall()
    if rows and rows[0][1] > PROBE:
        return None
    return [row[0] for row in rows]


def _rare(ordered: QuerySet, query: str, ordering: Sequence[str], limit: int) -> list[int]:
    """The ids of the first matches of words that are rare among the newest rows: every
    match through the GIN index, then sorted. ``OFFSET 0`` keeps PostgreSQL from walking
    the whole register in date order looking for the few matches, which a LIMIT with an
    overestimated match count invites it to do."""
    sql, params = _matches_sql(ordered, query, ordering)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT found.id FROM ({sql} OFFSET 0) AS found "
            f"ORDER BY {_order_by(ordered.model, ordering, 'found')} LIMIT %s",
            [*params, limit])
        return [row[0] for row in cursor.fetchall()]
