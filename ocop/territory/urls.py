from django.urls import path

from ocop.territory import views

app_name = "territory"

urlpatterns = [
    path("", views.unit_list, name="list"),
    path("<int:pk>/", views.unit_detail, name="detail"),
]
