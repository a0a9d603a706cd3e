"""Loads the product classification (QĐ 26/2026 Phụ lục I) so a fresh database is usable."""

from django.db import migrations


def load(apps, schema_editor):
    from ocop.products.classification import CITATION, classification_nodes

    ProductCategory = apps.get_model("products", "ProductCategory")
    by_code = {}
    for position, node in enumerate(classification_nodes(), start=1):
        category, _ = ProductCategory.objects.update_or_create(
            code=node["code"],
            defaults={
                "name": node["name"],
                "level": node["level"],
                "parent": by_code.get(node["parent"]),
                "position": position,
                "criteria_set": node.get("criteria_set"),
                "criteria_set_name": node.get("criteria_set_name", ""),
                "managing_authority": node.get("managing_authority", ""),
                "source": CITATION,
            },
        )
        by_code[node["code"]] = category


def unload(apps, schema_editor):
    apps.get_model("products", "ProductCategory").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("products", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
