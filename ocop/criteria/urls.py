from django.urls import path

from ocop.criteria import views

app_name = "criteria"

urlpatterns = [
    path("", views.criteria_index, name="index"),
    path("bo/<int:number>/", views.criteria_set_detail, name="set_detail"),
    path("bo/<int:number>/in/", views.criteria_set_detail, {"printable": True}, name="set_print"),
    path("bo/<int:number>/tinh-diem/", views.sheet_preview, name="sheet_preview"),
    path("tu-danh-gia/san-pham/<int:product_id>/", views.self_assessment, name="self_assessment"),
    path("tu-danh-gia/<int:pk>/", views.self_assessment_detail, name="self_assessment_detail"),
    path(
        "tu-danh-gia/<int:pk>/in/",
        views.self_assessment_detail,
        {"printable": True},
        name="self_assessment_print",
    ),
]
