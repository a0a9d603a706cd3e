# The unit search (officer forms, /api/v1/units, the catalogue's commune suggestions) reads
# ~85,000 units; on PostgreSQL a GIN trigram index answers it (ocop/core/search.py).

from django.db import migrations

from ocop.core.search import trigram_index_operations


class Migration(migrations.Migration):
    dependencies = [
        ("territory", "0002_load_units"),
    ]

    operations = [
        *trigram_index_operations("territory_administrativeunit", "unit_search_trgm_idx"),
    ]
