from django.urls import path

from ocop.products import views

app_name = "products"

urlpatterns = [
    path("", views.product_list, name="list"),
    path("them/", views.product_create, name="create"),
    path("<int:pk>/", views.product_detail, name="detail"),
    path("<int:pk>/sua/", views.product_edit, name="edit"),
    path("<int:pk>/anh/", views.product_photo_add, name="photo_add"),
    path("<int:pk>/anh/<int:photo_pk>/xoa/", views.product_photo_delete, name="photo_delete"),
    path("<int:pk>/lich-su/", views.product_history, name="history"),
]
