"""The products app's answers to what lower apps announce (connected in ProductsConfig.ready)."""

from ocop.producers.signals import producer_updated
from ocop.products.models import Product


def refresh_products_of(sender, *, producer, **kwargs) -> None:
    """Products index their producer's name for search: refresh them when it changes."""
    products = list(producer.products.all())
    for product in products:
        product.producer = producer
        product.refresh_search_text()
    Product.objects.bulk_update(products, ["search_text"])


def connect() -> None:
    producer_updated.connect(refresh_products_of, dispatch_uid="products-refresh-on-producer-update")
