from django.urls import path

from ocop.products import views

app_name = "products"

urlpatterns: list = []
