"""PostgreSQL connections carry the planner costs of settings.py (DATABASE_RANDOM_PAGE_COST):
with the server's default for spinning disks, counting one province's certificates read the
whole products table instead of following the commune index."""

import pytest
from django.db import connection

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL planner setting")


@pytest.mark.django_db
def test_each_connection_plans_for_data_in_memory_or_on_ssd():
    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        assert float(cursor.fetchone()[0]) == 1.1
        cursor.execute("SHOW lock_timeout")
        assert cursor.fetchone()[0] == "10s", "the other connection options are kept"
