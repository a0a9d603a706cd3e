from django.urls import path

from ocop.territory import views

app_name = "territory"

urlpatterns: list = []
