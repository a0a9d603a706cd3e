"""Public pages under /ocop/, the open-data API under /api/v1/, /sitemap.xml, and the
officers' QR label sheets under /san-pham/nhan-qr/.

Included at the site root by ocop/urls.py; "/" itself is the logged-in home, not ours.
"""

from django.urls import path
from django.views.generic import RedirectView

from ocop.catalogue import api, views

app_name = "catalogue"

urlpatterns = [
    # Public pages (no login).
    path("ocop/", views.search, name="search"),
    path("ocop/san-pham/<str:code>/", views.product, name="product"),
    path("ocop/san-pham/<str:code>/qr.svg", views.product_qr_svg, name="product_qr_svg"),
    path("ocop/san-pham/<str:code>/qr.png", views.product_qr_png, name="product_qr_png"),
    path("ocop/chu-the/<str:code>/", views.producer, name="producer"),
    path("ocop/dia-ban/<str:code>/", views.commune, name="commune"),
    path("ocop/ban-do/", views.map_page, name="map"),
    path("ocop/du-lieu-mo/", views.open_data, name="open_data"),
    # QR of a certificate's public verification page (certificates:verify).
    path("ocop/giay-chung-nhan/<str:public_code>/qr.svg", views.certificate_qr_svg, name="certificate_qr_svg"),
    path("ocop/giay-chung-nhan/<str:public_code>/qr.png", views.certificate_qr_png, name="certificate_qr_png"),
    path("sitemap.xml", views.sitemap, name="sitemap"),
    # Printable QR labels: officer area, beside the product register (login). The former
    # addresses under the public prefix redirect there (keeping the query string).
    path("san-pham/nhan-qr/", views.labels, name="labels"),
    path("san-pham/nhan-qr/in.pdf", views.labels_pdf, name="labels_pdf"),
    path("ocop/nhan-qr/", RedirectView.as_view(pattern_name="catalogue:labels", permanent=True, query_string=True)),
    path(
        "ocop/nhan-qr/in.pdf",
        RedirectView.as_view(pattern_name="catalogue:labels_pdf", permanent=True, query_string=True),
    ),
    # Open-data API (read-only JSON, CSV, XLSX), described by openapi.json.
    path("api/v1/", api.index, name="api_index"),
    path("api/v1/openapi.json", api.openapi_document, name="api_openapi"),
    path("api/v1/products", api.products, name="api_products"),
    path("api/v1/products.csv", api.products_csv, name="api_products_csv"),
    path("api/v1/products.xlsx", api.products_xlsx, name="api_products_xlsx"),
    path("api/v1/products/<str:code>", api.product, name="api_product"),
    path("api/v1/producers", api.producers, name="api_producers"),
    path("api/v1/producers.csv", api.producers_csv, name="api_producers_csv"),
    path("api/v1/producers.xlsx", api.producers_xlsx, name="api_producers_xlsx"),
    path("api/v1/producers/<str:code>", api.producer, name="api_producer"),
    path("api/v1/certificates", api.certificates, name="api_certificates"),
    path("api/v1/certificates.csv", api.certificates_csv, name="api_certificates_csv"),
    path("api/v1/certificates.xlsx", api.certificates_xlsx, name="api_certificates_xlsx"),
    # Certificate numbers contain "/" ("01/GCN-OCOP"): the path converter takes them whole.
    path("api/v1/certificates/<path:number>", api.certificate, name="api_certificate"),
    path("api/v1/documents/verify", api.document_verify, name="api_document_verify"),
    path("api/v1/units", api.units, name="api_units"),
    path("api/v1/map.geojson", api.map_geojson, name="api_map"),
]
