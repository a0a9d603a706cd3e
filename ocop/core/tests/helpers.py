"""Helpers the tests of every app share: the demo roles, the permission matrix of a
register's pages, the "same number of queries however long the list" check, and running a
management command for its output.

They hold the assertions, so a test that calls them asserts exactly what it did when the
lines were written out in each app."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

# Every user of the demo scenario (conftest `client_for`), one per role and place.
ROLES = [
    "admin", "tinh", "huyen", "xa.dakrve", "xa.dakkoi", "xa.konbraih", "hoidong1",
    "hoidong2", "hoidong3", "tuvan1", "nganh.congthuong", "chuthe1", "chuthe2",
]


def run_command(*args) -> tuple[str, str]:
    """Run a management command; (what it wrote on stdout, what it wrote on stderr)."""
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def list_queries(client, url) -> int:
    """How many queries the page at `url` takes (it must answer 200)."""
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def assert_same_queries(client, url, make_few, make_many) -> None:
    """The list costs as many queries after `make_many()` as after `make_few()`: no query a row.
    A first request, not counted, reads what pages keep between requests (the unit filter's
    options)."""
    make_few()
    client.get(url)
    few = list_queries(client, url)
    make_many()
    assert list_queries(client, url) == few


def assert_batches_cost_the_same(client, url, factory, **elsewhere) -> None:
    """`assert_same_queries` with 10 records of `factory`, then 90 more made with `elsewhere`
    (e.g. in a former commune, so that the page also reads other units)."""
    assert_same_queries(
        client, url, lambda: factory.create_batch(10), lambda: factory.create_batch(90, **elsewhere)
    )


def assert_register_matrix(client, namespace: str, targets, expected, on_edit=None) -> None:
    """A register's pages for one role: `expected` is (list, create, read statuses of the
    targets — detail and history —, edit statuses of the targets). `on_edit(record,
    status)` checks more pages that follow the edit right."""
    list_status, create_status, read_statuses, edit_statuses = expected
    assert client.get(reverse(f"{namespace}:list")).status_code == list_status
    assert client.get(reverse(f"{namespace}:create")).status_code == create_status
    for record, status in zip(targets, read_statuses, strict=True):
        assert client.get(reverse(f"{namespace}:detail", args=[record.pk])).status_code == status, record
        assert client.get(reverse(f"{namespace}:history", args=[record.pk])).status_code == status, record
    for record, status in zip(targets, edit_statuses, strict=True):
        assert client.get(reverse(f"{namespace}:edit", args=[record.pk])).status_code == status, record
        if on_edit:
            on_edit(record, status)


def assert_login_required(client, url) -> None:
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
