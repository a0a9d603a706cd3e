"""factory-boy factories for registry records. Units come from the migrated territory data."""

import factory

from ocop.producers.models import Producer, ProducerType
from ocop.products.models import Product, ProductCategory
from ocop.territory.models import AdministrativeUnit, UnitLevel


def current_commune(code: str) -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(level=UnitLevel.COMMUNE, code=code, valid_to__isnull=True)


def legacy_commune(code: str) -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(level=UnitLevel.COMMUNE, code=code, valid_to__isnull=False)


class ProducerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Producer
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Hợp tác xã Thử nghiệm số {n}")
    producer_type = ProducerType.COOPERATIVE
    tax_code = factory.Sequence(lambda n: f"{6100000000 + n}")
    representative_name = "Nguyễn Văn A"
    representative_gender = "nam"
    address = "Thôn 1"
    commune = factory.LazyFunction(lambda: current_commune("23485"))
    workforce_total = 10
    workforce_local = 8

    @factory.post_generation
    def index(obj, create, extracted, **kwargs):
        obj.refresh_search_text()
        if create:
            obj.save(update_fields=["search_text"])


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Sản phẩm thử nghiệm {n}")
    producer = factory.SubFactory(ProducerFactory)
    commune = factory.LazyAttribute(lambda o: o.producer.commune)
    category = factory.LazyFunction(lambda: ProductCategory.objects.get(criteria_set=13))

    @factory.post_generation
    def index(obj, create, extracted, **kwargs):
        obj.refresh_search_text()
        if create:
            obj.save(update_fields=["search_text"])
