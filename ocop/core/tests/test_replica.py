"""The read-replica router (ocop/core/replica.py): public pages read from the replica when it
is healthy and from the primary when it is down, lagging, or fails during the request;
everything else stays on the primary.

The "replica" here is a second connection to the test database (a real PostgreSQL server,
standing in for a standby at zero lag); "down" is a port where nothing listens.
"""

import copy
import socket

import pytest
from django.db import connection, connections
from django.urls import reverse

from ocop.core import replica

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the replica check and a second connection need PostgreSQL"
    ),
    # Committed rows, seen from both connections.
    pytest.mark.django_db(transaction=True, databases=["default", replica.ALIAS]),
]


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # released on close: nothing listens there


@pytest.fixture(scope="module", autouse=True)
def replica_alias(django_db_setup):
    """The `replica` alias, a second connection to the test database, for this module
    (added before the tests' database checks, which only allow known aliases)."""
    if connection.vendor != "postgresql":
        yield None
        return
    conf = copy.deepcopy(connections.settings["default"])
    conf["OPTIONS"] = {**conf.get("OPTIONS", {}), "connect_timeout": 2}
    conf["OPTIONS"].pop("pool", None)
    conf["CONN_MAX_AGE"] = 0
    # A mirror: the test flush empties the database once, through the primary.
    conf["TEST"] = {**conf.get("TEST", {}), "MIRROR": "default"}
    connections.settings[replica.ALIAS] = conf
    yield conf
    connections[replica.ALIAS].close()
    del connections.settings[replica.ALIAS]
    if hasattr(connections._connections, replica.ALIAS):
        delattr(connections._connections, replica.ALIAS)


@pytest.fixture
def with_replica(replica_alias, settings):
    """The router on, the replica reachable, no kept answer; returns the alias' settings."""
    settings.OCOP_CATALOGUE_CACHE_SECONDS = 0  # count real queries, not cached pages
    settings.DATABASE_ROUTERS = ["ocop.core.replica.ReplicaRouter"]
    connections[replica.ALIAS].close()
    replica_alias["PORT"] = connections.settings["default"]["PORT"]
    replica.forget()
    yield replica_alias
    connections[replica.ALIAS].close()
    replica.forget()


def _get(client, url):
    """The response and the SQL each server was sent (the replica's lag check left out).
    execute_wrapper, not CaptureQueriesContext: the latter connects, and the dead replica
    must not be connected to by the test itself."""
    sent = {"default": [], replica.ALIAS: []}

    def recorder(alias):
        def record(execute, sql, params, many, context):
            if "pg_is_in_recovery" not in sql:
                sent[alias].append(sql)
            return execute(sql, params, many, context)
        return record

    with connections["default"].execute_wrapper(recorder("default")), \
            connections[replica.ALIAS].execute_wrapper(recorder(replica.ALIAS)):
        response = client.get(url)
    return response, sent["default"], sent[replica.ALIAS]


def test_it_reads_the_public_catalogue_and_api_from_a_healthy_replica(with_replica, client):
    for url in (reverse("catalogue:search"), reverse("catalogue:api_products"), reverse("catalogue:map")):
        response, primary, standby = _get(client, url)
        assert response.status_code == 200, url
        assert any("products_product" in sql for sql in standby), url
        assert not any("products_product" in sql for sql in primary), url


def test_the_qr_landing_reads_its_compiled_query_from_the_replica(with_replica, client):
    # The verification page's query is compiled once (ocop/core/compiled.py) and still routed.
    response, primary, standby = _get(client, reverse("certificates:verify", args=["OCOP-KHONG-CO"]))
    assert response.status_code == 404
    assert any("certificates_certificate" in sql for sql in standby)
    assert not any("certificates_certificate" in sql for sql in primary)


def test_it_keeps_officer_pages_on_the_primary(with_replica, client):
    response, primary, standby = _get(client, reverse("catalogue:labels"))
    assert response.status_code in (200, 302)
    assert standby == []
    response, primary, standby = _get(client, reverse("accounts:login"))
    assert response.status_code == 200 and standby == []


def test_it_falls_back_to_the_primary_when_the_replica_is_down(with_replica, client):
    with_replica["PORT"] = _closed_port()
    response, primary, standby = _get(client, reverse("catalogue:api_products"))
    assert response.status_code == 200
    assert any("products_product" in sql for sql in primary)
    assert standby == []
    assert replica.replica_usable() is False
    # The answer is kept: the next request does not try the dead server again.
    checked = replica._state["checked"]
    assert _get(client, reverse("catalogue:search"))[0].status_code == 200
    assert replica._state["checked"] == checked


def test_it_falls_back_to_the_primary_when_the_replica_lags(with_replica, client, settings):
    settings.OCOP_REPLICA_MAX_LAG_SECONDS = -1  # any replica is now "too far behind"
    response, primary, standby = _get(client, reverse("catalogue:search"))
    assert response.status_code == 200
    assert any("products_product" in sql for sql in primary)
    assert standby == []


def test_it_rechecks_the_replica_after_the_kept_answer_expires(with_replica, client, settings):
    settings.OCOP_REPLICA_CHECK_SECONDS = 0
    with_replica["PORT"] = _closed_port()
    assert replica.replica_usable() is False
    with_replica["PORT"] = connections.settings["default"]["PORT"]
    connections[replica.ALIAS].close()
    connections[replica.ALIAS].settings_dict["PORT"] = with_replica["PORT"]
    assert replica.replica_usable() is True


def test_a_replica_that_dies_during_a_request_is_retried_on_the_primary(with_replica, client):
    assert replica.replica_usable() is True  # checked and kept: healthy
    # Now the server goes away before the next public request reaches it.
    connections[replica.ALIAS].close()
    connections[replica.ALIAS].settings_dict["PORT"] = _closed_port()
    response, primary, standby = _get(client, reverse("catalogue:api_products"))
    assert response.status_code == 200
    assert any("products_product" in sql for sql in primary)
    assert replica._state["usable"] is False


def test_writes_never_go_to_the_replica(with_replica):
    from django.contrib.auth import get_user_model
    from django.db import router

    User = get_user_model()  # noqa: N806 - a model class

    with replica.public_reads():
        assert router.db_for_write(User) == "default"
        assert router.db_for_read(User) == replica.ALIAS
    assert router.db_for_read(User) == "default"
    assert router.allow_migrate(replica.ALIAS, "accounts") is False
