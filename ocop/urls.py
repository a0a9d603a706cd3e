from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve

urlpatterns = [
    path("", include("ocop.core.urls")),
    path("tai-khoan/", include("ocop.accounts.urls")),
    path("tai-khoan/", include("ocop.signin.urls")),
    path("dia-ban/", include("ocop.territory.urls")),
    path("chu-the/", include("ocop.producers.urls")),
    path("san-pham/", include("ocop.products.urls")),
    path("bo-tieu-chi/", include("ocop.criteria.urls")),
    path("thong-bao/", include("ocop.notifications.urls")),
    path("viec/", include("ocop.jobs.urls")),
    path("ho-so/", include("ocop.evaluation.urls")),
    path("hoi-dong/", include("ocop.councils.urls")),
    path("giay-chung-nhan/", include("ocop.certificates.urls")),
    path("giam-sat/", include("ocop.monitoring.urls")),
    path("y-tuong/", include("ocop.ideas.urls")),
    path("y-tuong/phuong-an/", include("ocop.business_plans.urls")),
    path("y-tuong/", include("ocop.support.urls")),
    path("xuc-tien/", include("ocop.promotion.urls")),
    path("ke-hoach/", include("ocop.planning.urls")),
    # Public pages (no login) and the open-data API live under their own prefixes there.
    path("", include("ocop.catalogue.urls")),
    path("quan-tri/", admin.site.urls),
    # Uploaded files. A large deployment puts a web server in front for these
    # (docs/operations.md); the application serves them itself so the demo needs nothing else.
    re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
]

# Errors in the site's layout, with the reason and a way back (ocop.core.responses).
handler403 = "ocop.core.views.permission_denied"
handler404 = "ocop.core.views.page_not_found"
# A locked or unreachable database: the Vietnamese 503 page/JSON (ocop.core.faults).
handler500 = "ocop.core.faults.server_error"
