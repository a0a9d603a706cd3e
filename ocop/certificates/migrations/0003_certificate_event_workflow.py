"""CertificateEvent becomes a history row of the core workflow mechanism (WorkflowEvent):
kind → action, note → comment, recorded_at → at (set to the event's legal date at the time
of day it was recorded), plus from/to register states and data. No row is lost."""

from datetime import datetime

import django.utils.timezone
from django.db import migrations, models

# The register state each kind of event leaves the certificate in ("" = unchanged).
TO_STATE = {
    "issued": "in_force",
    "imported": "in_force",
    "reevaluation_filed": "reevaluation_pending",
    "reevaluation_decided": "in_force",
    "replaced": "replaced",
    "revoked": "revoked",
}


def forward(apps, schema_editor):
    Event = apps.get_model("certificates", "CertificateEvent")
    for event in Event.objects.all().iterator():
        moment = django.utils.timezone.localtime(event.at)
        event.at = django.utils.timezone.make_aware(datetime.combine(event.happened_on, moment.time()))
        event.to_state = TO_STATE.get(event.action, "")
        event.save(update_fields=["at", "to_state"])


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0002_private_storage"),
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.RenameField("certificateevent", "kind", "action"),
        migrations.AlterField(
            "certificateevent", "action", models.CharField(max_length=40, verbose_name="thao tác")
        ),
        migrations.RenameField("certificateevent", "note", "comment"),
        migrations.AlterField(
            "certificateevent", "comment", models.TextField(blank=True, verbose_name="ý kiến")
        ),
        migrations.RenameField("certificateevent", "recorded_at", "at"),
        migrations.AlterField(
            "certificateevent", "at",
            models.DateTimeField(default=django.utils.timezone.now, verbose_name="thời điểm"),
        ),
        migrations.AddField(
            "certificateevent", "from_state",
            models.CharField(blank=True, max_length=40, verbose_name="từ trạng thái"),
        ),
        migrations.AddField(
            "certificateevent", "to_state",
            models.CharField(blank=True, max_length=40, verbose_name="sang trạng thái"),
        ),
        migrations.AddField(
            "certificateevent", "data",
            models.JSONField(blank=True, default=dict, verbose_name="dữ liệu kèm theo"),
        ),
        migrations.RunPython(forward, migrations.RunPython.noop),
        migrations.AlterModelOptions(
            name="certificateevent",
            options={
                "ordering": ["happened_on", "at", "id"],
                "verbose_name": "sự kiện giấy chứng nhận",
                "verbose_name_plural": "sự kiện giấy chứng nhận",
            },
        ),
    ]
