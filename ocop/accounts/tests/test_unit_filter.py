"""The territory filter of the officers' lists (`scopes.filter_unit_choices`): the units of
the reader's scope, kept between requests by scope."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ocop.accounts.models import User
from ocop.accounts.scopes import filter_unit_choices, filter_units_for


@pytest.mark.django_db
def test_the_unit_filter_options_are_read_once_per_scope_and_stay_within_it(client_for, users):
    province, commune = users["tinh"], users["xa.dakkoi"]
    expected = [unit.pk for unit in filter_units_for(province)]
    assert [choice.pk for choice in filter_unit_choices(province)] == expected
    with CaptureQueriesContext(connection) as captured:
        again = filter_unit_choices(User.objects.get(username="tinh"))  # a new request's user
    assert [choice.pk for choice in again] == expected
    assert not [q for q in captured.captured_queries if "territory_administrativeunit" in q["sql"]]
    # Another scope has its own options: a commune officer's never include the whole province.
    assert [choice.pk for choice in filter_unit_choices(commune)] == [unit.pk for unit in filter_units_for(commune)]
    assert len(filter_unit_choices(commune)) < len(expected)
    html = client_for("xa.dakkoi").get(reverse("certificates:list")).content.decode()
    assert all(f'<option value="{choice.pk}"' in html for choice in filter_unit_choices(commune))
