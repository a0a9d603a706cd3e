"""Fixtures of the planning tests: the demo's two plans and helpers to find their parts."""

import pytest


@pytest.fixture
def plan2024(shared):
    return shared["plans"]["2024"]


@pytest.fixture
def plan2026(shared):
    return shared["plans"]["2026"]


@pytest.fixture
def assignment_of():
    """assignment_of(plan, holder name, item, task) → the TaskAssignment."""
    from django.db.models import Q

    from ocop.planning.models import TaskAssignment

    def find(plan, holder: str, item: int, task: int):
        return (
            TaskAssignment.objects.select_related("task", "plan")
            .filter(Q(agency__name=holder) | Q(commune__name=holder), plan=plan)
            .get(task__responsibility__position=item, task__position=task)
        )

    return find


@pytest.fixture(scope="module")
def shared_demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo loaded once per test module, inside a transaction rolled back at the end.

    Loading the whole demo takes ~10 s on a shared machine; the planning tests that only
    read it (or change it inside their own test transaction, which the `db` fixture nests
    as a savepoint and rolls back) share one load. Tests that must see a fresh load use the
    project's function-scoped `demo` fixture instead.
    """
    from django.db import transaction
    from django.test import override_settings

    from ocop.accounts.demo import DEMO_ACCOUNTS
    from ocop.accounts.models import User
    from ocop.core.demo import load_demo

    media = tmp_path_factory.mktemp("planning-media") / "media"
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            context = load_demo()
            context["users"] = {
                user.username: user
                for user in User.objects.filter(username__in=[a.username for a in DEMO_ACCOUNTS])
            }
            yield context
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def shared(shared_demo, db):
    """The shared demo inside this test's own transaction."""
    return shared_demo


@pytest.fixture
def client_as(client, shared):
    """client_as("tinh") → the test client logged in as that demo user (shared demo)."""

    def login(username):
        client.force_login(shared["users"][username])
        return client

    return login
