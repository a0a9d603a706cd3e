"""Text search over the normalised `search_text` column, one way for every list.

Every searchable record stores a lower-case, diacritics-free copy of its text
(`SearchableModel.search_text`); a query is normalised the same way and every word must
occur in it ("dak koi" finds "Xã Đăk Kôi"). The filter is a plain `LIKE '%word%'`, so it
runs unchanged on SQLite (`make run`) and on PostgreSQL, where a GIN trigram index on
`search_text` (`pg_trgm`, created by `trigram_index_operations`) answers it without
reading the whole table. pg_trgm extracts nothing from a word shorter than three
characters, so such words are checked on the rows the longer words found (or, alone,
by reading in the sort order until a page is full).

Relevance (`relevance`) is an integer, smaller = better, computed on the rows found only:
the whole query at the start of the text (the name comes first), then the whole query as
a word sequence anywhere, then every word at the start of a word, then the rest.
"""

from __future__ import annotations

from django.db import migrations
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Left

from ocop.core.text import normalize_search, search_terms

# The leading part of search_text that lists sort by and index (B-tree rows are limited
# to about 2.7 kB, and search_text may hold a long description). Ties beyond it are
# broken by the primary key, which every such order ends with.
SORT_PREFIX_LENGTH = 100
# pg_trgm finds rows from trigrams: words shorter than this give none.
TRIGRAM_MIN_WORD = 3


class _SortPrefix(Left):
    """LEFT(field, 100) with the length written into the SQL. PostgreSQL uses an index on an
    expression only for the same expression; with server-side binding (settings.py) a
    length sent as a parameter, LEFT(field, $1), is not the indexed LEFT(field, 100), and
    every list would sort its whole table instead of reading the index."""

    def as_postgresql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.get_source_expressions()[0])
        return f"LEFT({sql}, {int(SORT_PREFIX_LENGTH)})", params


def sort_key(field: str = "search_text"):
    """The expression lists sort by (and their keyset cursors compare): the start of the
    normalised text, as `sort_key_index` indexes it."""
    return _SortPrefix(field, SORT_PREFIX_LENGTH)


def sort_key_index(field: str = "search_text"):
    """The indexed expression of `sort_key` (a plain Left, as the migrations wrote it)."""
    return Left(field, SORT_PREFIX_LENGTH)


def search_filter(queryset: QuerySet, q: str | None, field: str = "search_text") -> QuerySet:
    """Rows whose normalised text contains every word of `q` (diacritics and case ignored)."""
    for term in dict.fromkeys(search_terms(q)):
        queryset = queryset.filter(**{f"{field}__contains": term})
    return queryset


def filter_given(queryset: QuerySet, **lookups) -> QuerySet:
    """`queryset` filtered by each lookup that has a value: a list filter left empty ("",
    None, 0) means "all", so it adds no condition."""
    given = {lookup: value for lookup, value in lookups.items() if value}
    return queryset.filter(**given) if given else queryset


def relevance(q: str | None, field: str = "search_text"):
    """Integer expression (0 best) ranking the rows of `search_filter(q)`; None without q."""
    phrase = normalize_search(q)
    if not phrase:
        return None
    terms = search_terms(q)
    every_word_starts = Q()
    for term in terms:
        every_word_starts &= Q(**{f"{field}__startswith": term}) | Q(**{f"{field}__contains": f" {term}"})
    return Case(
        When(Q(**{f"{field}__startswith": phrase}), then=Value(0)),
        When(Q(**{f"{field}__contains": f" {phrase}"}), then=Value(1)),
        When(every_word_starts, then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    )


def trigram_index_operations(table: str, index_name: str, column: str = "search_text") -> list:
    """Migration operations: a GIN trigram index on PostgreSQL, nothing on SQLite.

    `CREATE EXTENSION pg_trgm` needs a role allowed to create trusted extensions in the
    database (its owner, on PostgreSQL 13 and later)."""

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{index_name}" ON "{table}" USING gin ("{column}" gin_trgm_ops)'
        )

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute(f'DROP INDEX IF EXISTS "{index_name}"')

    return [migrations.RunPython(forwards, backwards, elidable=False)]
