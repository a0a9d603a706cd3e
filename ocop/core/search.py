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

from contextlib import contextmanager

from django.db import connections, migrations, transaction
from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
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
    return queryset.filter(_every_word(q, field))


def _every_word(q: str | None, field: str) -> Q:
    condition = Q()
    for term in dict.fromkeys(search_terms(q)):
        condition &= Q(**{f"{field}__contains": term})
    return condition


def filter_given(queryset: QuerySet, **lookups) -> QuerySet:
    """`queryset` filtered by each lookup that has a value: a list filter left empty ("",
    None, 0) means "all", so it adds no condition."""
    given = {lookup: value for lookup, value in lookups.items() if value}
    return queryset.filter(**given) if given else queryset


def _rank_conditions(q: str | None, field: str) -> list[Q]:
    """The conditions of relevance ranks 0, 1 and 2 (a row takes the first it meets; a row
    meeting none ranks 3): the whole query at the start of the text, the whole query as a
    word sequence anywhere, every word at the start of a word."""
    phrase = normalize_search(q)
    every_word_starts = Q()
    for term in search_terms(q):
        every_word_starts &= Q(**{f"{field}__startswith": term}) | Q(**{f"{field}__contains": f" {term}"})
    return [
        Q(**{f"{field}__startswith": phrase}),
        Q(**{f"{field}__contains": f" {phrase}"}),
        every_word_starts,
    ]


# Ranks of `relevance`: 0 to 3.
RANKS = 4


def relevance(q: str | None, field: str = "search_text"):
    """Integer expression (0 best) ranking the rows of `search_filter(q)`; None without q."""
    if not normalize_search(q):
        return None
    return Case(
        *[When(condition, then=Value(rank)) for rank, condition in enumerate(_rank_conditions(q, field))],
        default=Value(RANKS - 1),
        output_field=IntegerField(),
    )


def rank_tiers(q: str, field: str = "search_text", *, sort_field: str | None = None, bytewise: bool = False) -> list[Q]:
    """One condition per rank of `relevance(q)`, mutually exclusive: on rows not yet
    filtered by `search_filter(q)`, tier r holds exactly the rows it keeps and ranks r.
    `ranked_rows` reads a relevance order tier by tier. A tier states no condition twice
    (rank 0 implies every word): PostgreSQL multiplies the selectivities of the conditions
    it is given, and redundant ones made it expect one row where a thousand matched.

    `sort_field` names the annotation holding `sort_key(field)`: when the database compares
    text byte by byte (`bytewise`), rank 0 (the text starts with the query) is also written
    as a range of that key, which the sort index answers directly whatever the plan — a
    LIKE prefix becomes an index range only in a plan made for its value."""
    phrase = normalize_search(q)
    conditions = _rank_conditions(q, field)
    if sort_field and bytewise and 0 < len(phrase) <= SORT_PREFIX_LENGTH:
        following = phrase[:-1] + chr(ord(phrase[-1]) + 1)
        # The same rows as the LIKE (the key holds the text's first characters, compared
        # byte by byte), which is left out: see below.
        conditions[0] = Q(**{f"{sort_field}__gte": phrase, f"{sort_field}__lt": following})
    # Each of ranks 0-2 implies every word; the last one needs the word filter itself.
    tiers, earlier = [], Q()
    for condition in [*conditions, _every_word(q, field)]:
        tiers.append(earlier & condition)
        earlier &= ~condition
    return tiers


def bytewise_collation(using: str) -> bool:
    """Whether the database orders text byte by byte (PostgreSQL's C/POSIX collations,
    SQLite's default BINARY): only then is "starts with" a range of the sort index."""
    connection = connections[using]
    if connection.vendor == "sqlite":
        return True
    if connection.vendor != "postgresql":
        return False
    known = getattr(connection, "_ocop_bytewise", None)
    if known is None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT datcollate FROM pg_database WHERE datname = current_database()")
            collation = cursor.fetchone()[0]
        known = collation in ("C", "POSIX") or collation.upper().startswith("C.")
        connection._ocop_bytewise = known
    return known


@contextmanager
def custom_plans(using: str):
    """Queries planned for their own values. Prepared statements (settings.py) may switch
    to one generic plan after a few runs; for a text search that plan cannot tell a word
    found in half the register from a rare one, and reads the wrong way for one of them
    (docs/performance.md). On PostgreSQL the block runs in a transaction with
    `SET LOCAL plan_cache_mode = force_custom_plan`."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic(using=using):
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL plan_cache_mode = force_custom_plan")
        yield


def ranked_rows(
    queryset: QuerySet,
    q: str,
    *,
    order: list[tuple[str, bool]],
    names: list[str],
    limit: int,
    start: int = 0,
    after: Q | None = None,
    field: str = "search_text",
    sort_field: str | None = None,
) -> list[dict]:
    """The first `limit` rows (`values(*names)` plus `sort_rank`) of `search_filter(queryset,
    q)` in relevance order, then `order` (annotation names, descending?), from rank `start`
    and, within it, `after` (a condition on `order`'s keys, for a cursor). `queryset` has
    every filter but the words.

    Ordering every match by a CASE costs sorting them all ("hop tac xa" names half the
    register); each tier is instead read in `order`, which the sort index gives, and the
    next tier is read only while the page is not full."""
    tiers = rank_tiers(q, field, sort_field=sort_field, bytewise=bytewise_collation(queryset.db))
    ordering = [F(name).desc() if desc else F(name).asc() for name, desc in order]
    selected = [name for name in names if name != "sort_rank"]
    rows: list[dict] = []
    with custom_plans(queryset.db):
        for rank in range(start, len(tiers)):
            tier = queryset.filter(tiers[rank])
            if rank == start and after is not None:
                tier = tier.filter(after)
            for row in tier.order_by(*ordering).values(*selected)[: limit - len(rows)]:
                row["sort_rank"] = rank
                rows.append(row)
            if len(rows) >= limit:
                break
    return rows


class RankedIds:
    """The primary keys of `search_filter(queryset, q)` in relevance order, then `order`,
    as a list a paginator slices (a slice reads `ranked_rows` up to its end). `queryset`
    has every filter but the words; `order_by()` gives the filtered queryset, for counting."""

    def __init__(self, queryset: QuerySet, q: str, *, order: list[tuple[str, bool]], sort_field: str | None = None):
        self.queryset = queryset
        self.q = q
        self.order = order
        self.sort_field = sort_field

    def order_by(self, *fields) -> QuerySet:
        return search_filter(self.queryset, self.q).order_by(*fields)

    def count(self) -> int:
        return self.order_by().count()

    def __len__(self) -> int:
        return self.count()

    def rows(self, names: list[str], *, limit: int, start: int = 0, after: Q | None = None) -> list[dict]:
        return ranked_rows(
            self.queryset, self.q, order=self.order, names=names, limit=limit, start=start, after=after,
            sort_field=self.sort_field,
        )

    def __getitem__(self, index):
        if not isinstance(index, slice) or index.step not in (None, 1) or index.stop is None:
            raise TypeError("RankedIds is read by slices with an end")
        return [row["pk"] for row in self.rows(["pk"], limit=index.stop)[index.start or 0 :]]


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
