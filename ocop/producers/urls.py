from django.urls import path

from ocop.producers import views

app_name = "producers"

urlpatterns: list = []
