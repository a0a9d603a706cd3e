"""Surveys, focus products, support and budgets moved from the ideas app: the tables take this app's prefix (ideas_x →
support_x, rows, keys and foreign keys kept), and the ContentType rows their new app label,
so permissions, auditlog history and generic relations keep pointing at the same models.
"""

from django.db import migrations

from ocop.core.app_moves import move_content_types


class Migration(migrations.Migration):

    dependencies = [
        ('support', '0001_initial'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.AlterModelTable(
            name='budgetallocation',
            table=None,
        ),
        migrations.AlterModelTable(
            name='focusitem',
            table=None,
        ),
        migrations.AlterModelTable(
            name='focusselection',
            table=None,
        ),
        migrations.AlterModelTable(
            name='productsurvey',
            table=None,
        ),
        migrations.AlterModelTable(
            name='supportactivity',
            table=None,
        ),
        migrations.AlterModelTable(
            name='supportfunding',
            table=None,
        ),
        move_content_types("ideas", "support", ('productsurvey', 'focusselection', 'focusitem', 'supportactivity', 'supportfunding', 'budgetallocation')),
    ]
