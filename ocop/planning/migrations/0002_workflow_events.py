"""Task and report events take the shape of every workflow history (ocop.core.workflow):
from_status/to_status become from_state/to_state and created_at becomes at, keeping every
row; `data` is added."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("planning", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField("taskevent", "from_status", "from_state"),
        migrations.RenameField("taskevent", "to_status", "to_state"),
        migrations.RenameField("taskevent", "created_at", "at"),
        migrations.RenameField("reportevent", "from_status", "from_state"),
        migrations.RenameField("reportevent", "to_status", "to_state"),
        migrations.RenameField("reportevent", "created_at", "at"),
        migrations.AlterModelOptions(
            name='reportevent',
            options={'ordering': ['at', 'id'], 'verbose_name': 'diễn biến báo cáo', 'verbose_name_plural': 'diễn biến báo cáo'},
        ),
        migrations.AlterModelOptions(
            name='taskevent',
            options={'ordering': ['at', 'id'], 'verbose_name': 'diễn biến nhiệm vụ', 'verbose_name_plural': 'diễn biến nhiệm vụ'},
        ),
        migrations.AddField(
            model_name='reportevent',
            name='data',
            field=models.JSONField(blank=True, default=dict, verbose_name='dữ liệu kèm theo'),
        ),
        migrations.AddField(
            model_name='taskevent',
            name='data',
            field=models.JSONField(blank=True, default=dict, verbose_name='dữ liệu kèm theo'),
        ),
        migrations.AlterField(
            model_name='reportevent',
            name='action',
            field=models.CharField(max_length=40, verbose_name='thao tác'),
        ),
        migrations.AlterField(
            model_name='reportevent',
            name='actor',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='người thực hiện'),
        ),
        migrations.AlterField(
            model_name='reportevent',
            name='at',
            field=models.DateTimeField(default=django.utils.timezone.now, verbose_name='thời điểm'),
        ),
        migrations.AlterField(
            model_name='reportevent',
            name='from_state',
            field=models.CharField(blank=True, max_length=40, verbose_name='từ trạng thái'),
        ),
        migrations.AlterField(
            model_name='reportevent',
            name='to_state',
            field=models.CharField(blank=True, max_length=40, verbose_name='sang trạng thái'),
        ),
        migrations.AlterField(
            model_name='taskevent',
            name='action',
            field=models.CharField(max_length=40, verbose_name='thao tác'),
        ),
        migrations.AlterField(
            model_name='taskevent',
            name='actor',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='người thực hiện'),
        ),
        migrations.AlterField(
            model_name='taskevent',
            name='at',
            field=models.DateTimeField(default=django.utils.timezone.now, verbose_name='thời điểm'),
        ),
        migrations.AlterField(
            model_name='taskevent',
            name='from_state',
            field=models.CharField(blank=True, max_length=40, verbose_name='từ trạng thái'),
        ),
        migrations.AlterField(
            model_name='taskevent',
            name='to_state',
            field=models.CharField(blank=True, max_length=40, verbose_name='sang trạng thái'),
        ),
    ]
