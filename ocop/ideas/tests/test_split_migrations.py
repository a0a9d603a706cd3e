"""Issue 17 moved business plans and support out of the ideas app. A database filled with
the demo data goes back to the schema before the split and forward again: every row stays,
in the old tables on the way back, and the content types (so permissions and auditlog
history) follow the models both ways."""

import pytest
from auditlog.models import LogEntry
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

MOVED = {
    "business_plans": (
        "businessplan", "businessplaninvestment", "businessplanyear", "businessplanattachment", "businessplanevent",
    ),
    "support": (
        "productsurvey", "focusselection", "focusitem", "supportactivity", "supportfunding", "budgetallocation",
    ),
}
# The last migrations before the split.
BEFORE_SPLIT = [("ideas", "0002_private_storage"), ("business_plans", None), ("support", None)]
# Business plan events later took the core workflow's column names (and a new `data` column).
OLD_NAMES = {"businessplanevent": {"from_state": "from_status", "to_state": "to_status", "at": "created_at"}}


def old_columns(model) -> list[str]:
    """The columns this model's table had before the split, in the current columns' order."""
    renames = OLD_NAMES.get(model._meta.model_name, {})
    return [renames.get(column, column) for column in compared_columns(model)]


def compared_columns(model) -> list[str]:
    columns = [field.column for field in model._meta.concrete_fields]
    return [c for c in columns if not (c == "data" and model._meta.model_name in OLD_NAMES)]


def moved_models():
    return [apps.get_model(label, name) for label, names in MOVED.items() for name in names]


def rows_of(model) -> list[tuple]:
    """Every row with every column, in key order."""
    columns = [field.attname for field in model._meta.concrete_fields]
    return list(model.objects.order_by("pk").values_list(*columns))


def table_rows(table: str, columns: list[str]) -> list[tuple]:
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(map(quote, columns))} FROM {quote(table)} ORDER BY {quote('id')}")
        return [tuple(row) for row in cursor.fetchall()]


def migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    ContentType.objects.clear_cache()


@pytest.mark.django_db(transaction=True)
def test_the_demo_data_survive_going_back_before_the_split_and_forward_again(demo, users):
    models = moved_models()
    before = {model: rows_of(model) for model in models}
    # The same rows as the database returns them (SQLite gives dates as text, booleans as 0/1).
    raw = {model: table_rows(model._meta.db_table, compared_columns(model)) for model in models}
    assert all(before[apps.get_model(label, name)] for label, name in (
        ("business_plans", "businessplan"), ("business_plans", "businessplanyear"), ("business_plans", "businessplanevent"),
        ("support", "productsurvey"), ("support", "focusitem"), ("support", "supportfunding"),
        ("support", "budgetallocation"),
    )), "the demo must fill the moved tables for this test to mean anything"
    types = {model: ContentType.objects.get_for_model(model) for model in models}
    history = {model: LogEntry.objects.filter(content_type=types[model]).count() for model in models}
    assert history[apps.get_model("business_plans", "BusinessPlan")] > 0
    assert history[apps.get_model("support", "SupportActivity")] > 0
    # A group and a user holding permissions of the moved models (Django's own permissions).
    change_plan = Permission.objects.get(content_type__app_label="business_plans", codename="change_businessplan")
    view_support = Permission.objects.get(content_type__app_label="support", codename="view_supportactivity")
    group = Group.objects.create(name="Kiểm tra chuyển bảng")
    group.permissions.add(change_plan, view_support)
    officer = users["tinh"]
    officer.user_permissions.add(change_plan)
    plan = apps.get_model("business_plans", "BusinessPlan").objects.order_by("pk").first()

    migrate(BEFORE_SPLIT)
    try:
        tables = set(connection.introspection.table_names())
        for model in models:
            old_table = f"ideas_{model._meta.model_name}"
            assert old_table in tables and model._meta.db_table not in tables
            assert table_rows(old_table, old_columns(model)) == raw[model], old_table
            assert ContentType.objects.get(pk=types[model].pk).app_label == "ideas"
        assert set(group.permissions.values_list("content_type__app_label", "codename")) == {
            ("ideas", "change_businessplan"), ("ideas", "view_supportactivity"),
        }
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    for model in models:
        assert rows_of(model) == before[model], model._meta.label
        assert table_rows(model._meta.db_table, compared_columns(model)) == raw[model], model._meta.label
        assert ContentType.objects.get_for_model(model).pk == types[model].pk
        assert LogEntry.objects.filter(content_type=types[model]).count() == history[model]
    assert LogEntry.objects.get_for_object(plan).exists()  # the plan's own history, found again
    assert set(group.permissions.values_list("content_type__app_label", "codename")) == {
        ("business_plans", "change_businessplan"), ("support", "view_supportactivity"),
    }
    officer = type(officer).objects.get(pk=officer.pk)  # a fresh permission cache
    assert "business_plans.change_businessplan" in officer.get_user_permissions()
    # The moved models keep their foreign keys: a plan still reaches its idea and its rows.
    plan = type(plan).objects.select_related("idea").get(pk=plan.pk)
    assert plan.idea_id is None or plan.idea.pk == plan.idea_id
    assert plan.years.count() == sum(1 for row in before[apps.get_model("business_plans", "BusinessPlanYear")]
                                     if row[1] == plan.pk)
