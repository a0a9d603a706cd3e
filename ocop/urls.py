from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve

urlpatterns = [
    path("", include("ocop.core.urls")),
    path("tai-khoan/", include("ocop.accounts.urls")),
    path("dia-ban/", include("ocop.territory.urls")),
    path("chu-the/", include("ocop.producers.urls")),
    path("san-pham/", include("ocop.products.urls")),
    path("bo-tieu-chi/", include("ocop.criteria.urls")),
    path("quan-tri/", admin.site.urls),
    # Uploaded photos. A large deployment puts a web server in front for these
    # (docs/operations.md); the application serves them itself so the demo needs nothing else.
    re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
]
