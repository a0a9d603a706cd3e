"""Running the real task worker inside a test.

    run_worker()  # runs every queued task with django-tasks-db's own Worker, then returns

Inside a test's transaction (the ordinary `db` fixture) the worker's periodic
`close_old_connections()` would close the connection that holds the test's transaction, so
there, and only there, it is left out; everything else is the worker as deployed.
"""

from contextlib import nullcontext
from unittest import mock

from django.db import connection
from django_tasks_db.management.commands import db_worker


def run_worker(*, max_tasks: int | None = None, worker_id: str = "test-worker") -> None:
    keep = mock.patch.object(db_worker, "close_old_connections", lambda: None)
    with keep if connection.in_atomic_block else nullcontext():
        db_worker.Worker(
            queue_names=["default"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=[],
        ).run()
