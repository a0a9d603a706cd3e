from django.urls import path

from ocop.monitoring import views

app_name = "monitoring"

urlpatterns = [
    path("", views.index, name="index"),
    path("ke-hoach/them/", views.plan_create, name="plan_create"),
    path("ke-hoach/<int:pk>/", views.plan_detail, name="plan"),
    path("san-pham/<int:pk>/", views.product_page, name="product"),
    path("san-pham/<int:pk>/kiem-tra/them/", views.record_create, name="record_create"),
    path("san-pham/<int:pk>/nhan-mac/them/", views.label_check_create, name="label_check_create"),
    path("san-pham/<int:pk>/giay-to/them/", views.document_create, name="document_create"),
    path("kiem-tra/<int:pk>/", views.record_detail, name="record"),
    path("kiem-tra/<int:pk>/de-nghi-thu-hoi/", views.record_propose_revocation, name="record_propose_revocation"),
    path("giay-to/<int:pk>/tep/", views.document_file, name="document_file"),
]
