from django.urls import path

from ocop.accounts import views

app_name = "accounts"

urlpatterns: list = []
