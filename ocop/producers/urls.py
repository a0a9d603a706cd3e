from django.urls import path

from ocop.producers import views

app_name = "producers"

urlpatterns = [
    path("", views.producer_list, name="list"),
    path("them/", views.producer_create, name="create"),
    path("<int:pk>/", views.producer_detail, name="detail"),
    path("<int:pk>/sua/", views.producer_edit, name="edit"),
    path("<int:pk>/lich-su/", views.producer_history, name="history"),
]
