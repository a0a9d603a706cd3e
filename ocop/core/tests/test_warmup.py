"""Warm-up before the first request (ocop/core/warmup.py, used by gunicorn.conf.py)."""

import pytest
from django.core.wsgi import get_wsgi_application

from ocop.core.warmup import warm_code, warm_worker


def test_it_compiles_the_templates_without_touching_the_database():
    # No database fixture: any query would fail the test (the master must not connect
    # before forking its workers).
    info = warm_code()
    assert info["templates"] > 100


@pytest.mark.django_db(transaction=True)
def test_it_answers_healthz_inside_the_worker_before_serving():
    assert warm_worker(get_wsgi_application()) == 200
