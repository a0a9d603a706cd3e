from django.urls import path

from ocop.signin import views

app_name = "signin"

urlpatterns = [
    path("xac-thuc-hai-lop/", views.manage, name="manage"),
    path("xac-thuc-hai-lop/nhap-ma/", views.verify, name="verify"),
    path("xac-thuc-hai-lop/cai-dat/", views.setup, name="setup"),
    path("xac-thuc-hai-lop/ma-khoi-phuc/", views.recovery_codes, name="recovery_codes"),
    path("xac-thuc-hai-lop/tat/", views.disable, name="disable"),
    path("lich-su-dang-nhap/", views.history, name="history"),
    path("lich-su-dang-nhap/tat-ca/", views.history_all, name="history_all"),
]
