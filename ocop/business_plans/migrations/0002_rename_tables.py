"""Business plans moved from the ideas app: the tables take this app's prefix (ideas_x →
business_plans_x, rows, keys and foreign keys kept), and the ContentType rows their new app label,
so permissions, auditlog history and generic relations keep pointing at the same models.
"""

from django.db import migrations

from ocop.core.app_moves import move_content_types


class Migration(migrations.Migration):

    dependencies = [
        ('business_plans', '0001_initial'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.AlterModelTable(
            name='businessplan',
            table=None,
        ),
        migrations.AlterModelTable(
            name='businessplanattachment',
            table=None,
        ),
        migrations.AlterModelTable(
            name='businessplanevent',
            table=None,
        ),
        migrations.AlterModelTable(
            name='businessplaninvestment',
            table=None,
        ),
        migrations.AlterModelTable(
            name='businessplanyear',
            table=None,
        ),
        move_content_types("ideas", "business_plans", ('businessplan', 'businessplaninvestment', 'businessplanyear', 'businessplanattachment', 'businessplanevent')),
    ]
