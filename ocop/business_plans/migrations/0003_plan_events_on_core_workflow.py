"""Business plan history rows take the shape of the one workflow mechanism (ocop.core.workflow.
WorkflowEvent): the columns are renamed, not replaced, so every past move keeps its row
(from_status → from_state, to_status → to_state, created_at → at), and a `data` column is
added. Reversible.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('business_plans', '0002_rename_tables'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField(model_name='businessplanevent', old_name='from_status', new_name='from_state'),
        migrations.RenameField(model_name='businessplanevent', old_name='to_status', new_name='to_state'),
        migrations.RenameField(model_name='businessplanevent', old_name='created_at', new_name='at'),
        migrations.AlterModelOptions(
            name='businessplanevent',
            options={'ordering': ['at', 'id'], 'verbose_name': 'diễn biến phương án', 'verbose_name_plural': 'diễn biến phương án'},
        ),
        migrations.AlterField(
            model_name='businessplanevent',
            name='action',
            field=models.CharField(max_length=40, verbose_name='thao tác'),
        ),
        migrations.AlterField(
            model_name='businessplanevent',
            name='from_state',
            field=models.CharField(blank=True, max_length=40, verbose_name='từ trạng thái'),
        ),
        migrations.AlterField(
            model_name='businessplanevent',
            name='to_state',
            field=models.CharField(blank=True, max_length=40, verbose_name='sang trạng thái'),
        ),
        migrations.AlterField(
            model_name='businessplanevent',
            name='at',
            field=models.DateTimeField(default=django.utils.timezone.now, verbose_name='thời điểm'),
        ),
        migrations.AlterField(
            model_name='businessplanevent',
            name='actor',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='người thực hiện'),
        ),
        migrations.AddField(
            model_name='businessplanevent',
            name='data',
            field=models.JSONField(blank=True, default=dict, verbose_name='dữ liệu kèm theo'),
        ),
    ]
