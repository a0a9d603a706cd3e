from django.apps import AppConfig


class TerritoryConfig(AppConfig):
    name = "ocop.territory"
    label = "territory"
    verbose_name = "Địa bàn hành chính"

    def ready(self):
        from ocop.core import requests
        from ocop.territory.models import AdministrativeUnit

        requests.register_unit_lookup(lambda unit_id: AdministrativeUnit.objects.filter(pk=unit_id).first())
