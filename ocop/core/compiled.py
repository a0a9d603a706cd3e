"""Querysets compiled once and run many times with new values.

Django builds and compiles a queryset's SQL every time it is evaluated. For the public
pages that read one row by its key this is most of their database time: the QR
verification page's seven-table row costs PostgreSQL about 0.17 ms and Django about 1 ms
around it, most of which is building and compiling the select (docs/performance.md).
SQLAlchemy keeps a cache of compiled statements for this; Django has none, so the hottest
public lookups keep theirs here.

A `CompiledQuery` is made from a function that builds the queryset from its varying
values, and the types of those values. The first run on a database alias builds it with
marker values and compiles it; the markers' places among the SQL parameters are where the
values of later runs go. Rows come back as the queryset would give them: model instances
with the fields of `.only()` loaded (any other is deferred and read on access, as usual)
and the relations of `.select_related()` attached; dicts for `.values(...)`; tuples for
`.values_list(...)`.

Only plain comparisons qualify: the value must reach the parameters unchanged (or as its
ISO text, as SQLite stores dates). A lookup that changes the value (`__icontains`,
`__iexact`) or the SQL (`__in` with a varying list) is refused when compiling.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db import connections, router
from django.db.models import Model, QuerySet
from django.db.models.query import ModelIterable, ValuesIterable, ValuesListIterable

# Values no real query compares with: a marker must be found among the compiled parameters
# exactly where the caller's value goes, and nowhere else.
_MARKERS = {
    str: lambda i: f"\x00compiled-query-marker-{i}\x00",
    int: lambda i: -987_654_321_000 - i,
    date: lambda i: date(1111, 1, 1 + i),
}


class CompileError(ValueError):
    """The queryset cannot be compiled once for every value (see the module docstring)."""


@dataclass(frozen=True)
class _Node:
    """One model of the row: where its columns sit in the row, and where it hangs."""

    model: type[Model]
    attnames: tuple[str, ...]
    start: int
    pk_index: int
    parent: int | None  # index of the parent node, None for the queryset's model
    field: object | None  # the parent's foreign key that leads here


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: tuple
    slots: tuple[tuple[int, int, bool], ...]  # (parameter index, value index, as ISO text)
    converters: tuple
    nodes: tuple[_Node, ...]  # model instances
    keys: tuple[str, ...] | None  # dicts of .values(); None for instances and tuples


def _related_paths(select_related, prefix: str = "") -> list[str]:
    if select_related is True:
        raise CompileError("select_related() without field names cannot be compiled once")
    if not select_related:
        return []
    paths = []
    for name, children in select_related.items():
        path = f"{prefix}{name}"
        paths.append(path)
        paths += _related_paths(children, f"{path}__")
    return paths


def _plan(queryset: QuerySet) -> tuple[list[str], list[tuple]]:
    """The `.values()` keys of the row, and for each model of it: (path, model, fields)."""
    only, defer = queryset.query.deferred_loading
    if defer and only:
        raise CompileError("defer() cannot be compiled once: use only()")
    paths = [""] + _related_paths(queryset.query.select_related)
    models: dict[str, type[Model]] = {"": queryset.model}
    for path in paths[1:]:
        parent, _, name = path.rpartition("__")
        models[path] = models[parent]._meta.get_field(name).related_model
    keys: list[str] = []
    layout = []
    for path in paths:
        model = models[path]
        prefix = f"{path}__" if path else ""
        fields = [
            field
            for field in model._meta.concrete_fields
            if defer  # no only(): every field, as a plain select_related loads them
            or field.primary_key
            or f"{prefix}{field.name}" in only
            or f"{prefix}{field.name}" in models  # a relation the row follows
        ]
        layout.append((path, model, fields))
        keys += [f"{prefix}{field.attname}" for field in fields]
    return keys, layout


def _slots(params: tuple, markers: list) -> tuple[tuple[int, int, bool], ...]:
    slots = []
    for value_index, marker in enumerate(markers):
        found = [(i, value_index, False) for i, param in enumerate(params) if param == marker]
        if isinstance(marker, date):
            found += [
                (i, value_index, True)
                for i, param in enumerate(params)
                if param == marker.isoformat()
            ]
        if not found:
            raise CompileError(
                f"value {value_index + 1} does not reach the SQL parameters unchanged"
            )
        slots += found
    return tuple(slots)


class CompiledQuery:
    """`CompiledQuery(lambda code: Model.objects.select_related(...).only(...).filter(code=code)[:1], str)`;
    then `.all(value)` or `.first(value)`. See the module docstring."""

    def __init__(self, build: Callable[..., QuerySet], *types: type):
        unknown = [t for t in types if t not in _MARKERS]
        if unknown:
            raise CompileError(f"no marker for values of type {unknown}")
        self._build = build
        self._types = types
        self._model = None
        self._compiled: dict[str, _Compiled] = {}
        self._lock = threading.Lock()

    def _compile(self, alias: str) -> _Compiled:
        markers = [_MARKERS[t](i) for i, t in enumerate(self._types)]
        queryset = self._build(*markers)
        query = queryset.query
        if query.annotation_select or query.extra_select:
            raise CompileError("annotations and extra() cannot be compiled once")
        if queryset._prefetch_related_lookups:
            raise CompileError("prefetch_related() cannot be compiled once")
        rows = queryset._iterable_class
        layout = []
        if rows is ModelIterable:
            columns, layout = _plan(queryset)
            queryset = queryset.values(*columns)
        elif rows not in (ValuesIterable, ValuesListIterable) or not query.values_select:
            raise CompileError("only model rows, values(...) and values_list(...) can be compiled once")
        compiler = queryset.query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        params = tuple(params)
        expressions = [column[0] for column in compiler.select[: compiler.col_count]]
        converters = tuple(compiler.get_converters(expressions).items())
        nodes: list[_Node] = []
        start = 0
        index_of = {}
        for path, model, fields in layout:
            parent_path, _, name = path.rpartition("__")
            parent = index_of.get(parent_path) if path else None
            pk_index = start + next(i for i, field in enumerate(fields) if field.primary_key)
            field = nodes[parent].model._meta.get_field(name) if parent is not None else None
            nodes.append(
                _Node(model, tuple(f.attname for f in fields), start, pk_index, parent, field)
            )
            index_of[path] = len(nodes) - 1
            start += len(fields)
        keys = tuple(query.values_select) if rows is ValuesIterable else None
        return _Compiled(sql, params, _slots(params, markers), converters, tuple(nodes), keys)

    def _compiled_for(self, alias: str) -> _Compiled:
        compiled = self._compiled.get(alias)
        if compiled is None:
            with self._lock:
                compiled = self._compiled.get(alias) or self._compile(alias)
                self._compiled[alias] = compiled
        return compiled

    def _alias(self) -> str:
        if self._model is None:
            self._model = self._build(*[_MARKERS[t](i) for i, t in enumerate(self._types)]).model
        return router.db_for_read(self._model) or "default"

    def all(self, *values) -> list:
        if len(values) != len(self._types):
            raise TypeError(f"expected {len(self._types)} values, got {len(values)}")
        alias = self._alias()
        compiled = self._compiled_for(alias)
        params = list(compiled.params)
        for param_index, value_index, iso in compiled.slots:
            value = values[value_index]
            params[param_index] = value.isoformat() if iso else value
        connection = connections[alias]
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, params)
            rows = cursor.fetchall()
        if compiled.converters:
            rows = [self._converted(compiled, row, connection) for row in rows]
        if compiled.nodes:
            return [self._instance(compiled, row, alias) for row in rows]
        if compiled.keys is not None:
            return [dict(zip(compiled.keys, row, strict=True)) for row in rows]
        return [tuple(row) for row in rows]

    def first(self, *values):
        rows = self.all(*values)
        return rows[0] if rows else None

    @staticmethod
    def _converted(compiled: _Compiled, row, connection) -> list:
        row = list(row)
        # As SQLCompiler.apply_converters, with this thread's connection.
        for position, (functions, expression) in compiled.converters:
            value = row[position]
            for function in functions:
                value = function(value, expression, connection)
            row[position] = value
        return row

    @staticmethod
    def _instance(compiled: _Compiled, row: list, alias: str) -> Model:
        instances: list[Model | None] = []
        for node in compiled.nodes:
            parent = instances[node.parent] if node.parent is not None else None
            if node.parent is not None and parent is None:
                instances.append(None)  # below a missing relation
                continue
            if row[node.pk_index] is None:
                instance = None  # a nullable foreign key that is empty
            else:
                values = row[node.start : node.start + len(node.attnames)]
                instance = node.model.from_db(alias, node.attnames, values)
            if parent is not None:
                node.field.set_cached_value(parent, instance)
            instances.append(instance)
        return instances[0]
