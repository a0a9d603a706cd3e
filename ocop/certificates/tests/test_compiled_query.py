"""ocop.core.compiled on real models (the certificate register is the first to use it): the
compiled query gives what the queryset gives, on SQLite and on PostgreSQL."""

from datetime import date

import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from ocop.certificates.models import Certificate
from ocop.certificates.selectors import VERIFICATION_FIELDS
from ocop.core.compiled import CompiledQuery, CompileError


def read(instance, path):
    for name in path.split("__"):
        instance = getattr(instance, name)
    return instance


def verification_query(public_code):
    return (
        Certificate.objects.select_related("decision", "product__producer__commune")
        .only(*VERIFICATION_FIELDS)
        .filter(public_code=public_code)
        .order_by()[:1]
    )


@pytest.mark.django_db
def test_a_compiled_query_gives_the_rows_of_its_queryset_in_one_query(demo):
    compiled = CompiledQuery(verification_query, str)
    codes = list(Certificate.objects.values_list("public_code", flat=True)[:6])
    assert len(codes) == 6
    for code in codes:
        expected = verification_query(code)[0]
        with CaptureQueriesContext(connection) as captured:
            got = compiled.first(code)
            values = {path: read(got, path) for path in VERIFICATION_FIELDS}
        assert len(captured.captured_queries) == 1
        assert values == {path: read(expected, path) for path in VERIFICATION_FIELDS}
        assert isinstance(got.issued_on, date) and got.pk == expected.pk
        assert got.product.producer.commune.pk == expected.product.producer.commune.pk
        assert got._state.db == "default" and not got._state.adding
    assert compiled.first("KHÔNG-CÓ-MÃ-NÀY") is None


@pytest.mark.django_db
def test_a_field_left_out_of_only_is_deferred_and_read_on_access(demo):
    code = Certificate.objects.values_list("public_code", flat=True).first()
    got = CompiledQuery(verification_query, str).first(code)
    expected = Certificate.objects.get(public_code=code).product.producer.representative_name
    with CaptureQueriesContext(connection) as captured:
        assert got.product.producer.representative_name == expected
    assert len(captured.captured_queries) == 1  # the deferred column, as with only()


@pytest.mark.django_db
def test_dates_and_numbers_reach_the_parameters_and_an_empty_relation_is_none(demo):
    # Dates are bound as text on SQLite and as dates on PostgreSQL; replaced_by is mostly empty.
    compiled = CompiledQuery(
        lambda product_id, day: (
            Certificate.objects.select_related("replaced_by")
            .only("number", "issued_on", "replaced_by__number")
            .filter(product_id=product_id, issued_on__lte=day)
            .order_by("pk")
        ),
        int,
        date,
    )
    for certificate in Certificate.objects.order_by("pk")[:5]:
        for day in (certificate.issued_on, date(2000, 1, 1)):
            expected = list(
                Certificate.objects.select_related("replaced_by")
                .filter(product_id=certificate.product_id, issued_on__lte=day)
                .order_by("pk")
            )
            got = compiled.all(certificate.product_id, day)
            assert [(c.pk, c.number, c.issued_on) for c in got] == [
                (c.pk, c.number, c.issued_on) for c in expected
            ]
            assert [c.replaced_by and c.replaced_by.number for c in got] == [
                c.replaced_by and c.replaced_by.number for c in expected
            ]


@pytest.mark.django_db
def test_values_give_dicts_and_values_list_tuples_as_the_queryset_does(demo):
    def certificates(product_id):
        return Certificate.objects.filter(product_id=product_id).order_by("-issued_on", "-id")

    as_dicts = CompiledQuery(lambda pk: certificates(pk).values("number", "issued_on", "decision__number"), int)
    as_tuples = CompiledQuery(lambda pk: certificates(pk).values_list("pk", "expires_on"), int)
    product_ids = set(Certificate.objects.values_list("product_id", flat=True)[:5])
    for product_id in product_ids:
        assert as_dicts.all(product_id) == list(certificates(product_id).values("number", "issued_on", "decision__number"))
        assert as_tuples.all(product_id) == list(certificates(product_id).values_list("pk", "expires_on"))
    assert as_dicts.all(-1) == [] and as_tuples.first(-1) is None


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda code: Certificate.objects.prefetch_related("revocations").filter(public_code=code), "prefetch_related()"),
        (lambda code: Certificate.objects.annotate(n=Count("revocations")).filter(public_code=code), "annotations"),
        (lambda code: Certificate.objects.filter(public_code=code).values_list("pk", flat=True), "only model rows"),
        (lambda code: Certificate.objects.filter(number__icontains=code), "value 1"),
        (lambda code: Certificate.objects.defer("number").filter(public_code=code), "defer()"),
    ],
)
@pytest.mark.django_db
def test_a_query_that_changes_with_its_value_is_refused_when_compiling(build, message):
    with pytest.raises(CompileError, match=message.replace("(", r"\(").replace(")", r"\)")):
        CompiledQuery(build, str).first("ABC")
