"""Moving models from one app to another without losing what points at them.

When a model changes app (issue 17 split `ideas` into `ideas`, `business_plans` and
`support`), its table is renamed by AlterModelTable, but three things still name the old app
label: the ContentType row, and through it the auth Permission rows (so Group and user
permissions) and every django-auditlog LogEntry and generic relation. Relabelling the ContentType
row keeps all of them pointing at the moved model, with the same primary key.
"""

from __future__ import annotations

from django.db import migrations


def _relabel(apps, schema_editor, source: str, target: str, models: tuple[str, ...]) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    types = ContentType.objects.using(schema_editor.connection.alias)
    for model in models:
        current = types.filter(app_label=source, model=model).first()
        if current is None:
            continue  # a fresh database: post_migrate creates the row under the new label
        # `migrate` run backwards re-creates, through post_migrate, an empty row under the
        # label the code now uses; the row that everything points at wins.
        types.filter(app_label=target, model=model).delete()
        current.app_label = target
        current.save(update_fields=["app_label"])


def move_content_types(source: str, target: str, models: tuple[str, ...]) -> migrations.RunPython:
    """A reversible migration operation relabelling `models` (lower-case names) from app
    `source` to app `target` (backwards: the other way round)."""

    def forwards(apps, schema_editor):
        _relabel(apps, schema_editor, source, target, models)

    def backwards(apps, schema_editor):
        _relabel(apps, schema_editor, target, source, models)

    return migrations.RunPython(forwards, backwards)
