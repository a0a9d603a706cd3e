"""Surveys, focus products, support and budgets, under /y-tuong/ (the addresses they have
always had: khao-sat/, trong-tam/, ho-tro/, du-toan/)."""

from django.urls import path

from ocop.support import views

app_name = "support"

urlpatterns = [
    path("khao-sat/", views.survey_list, name="survey_list"),
    path("khao-sat/them/", views.survey_create, name="survey_create"),
    path("khao-sat/<int:pk>/", views.survey_detail, name="survey_detail"),
    path("khao-sat/<int:pk>/sua/", views.survey_edit, name="survey_edit"),
    path("trong-tam/", views.focus_list, name="focus_list"),
    path("trong-tam/them/", views.focus_create, name="focus_create"),
    path("trong-tam/<int:pk>/", views.focus_detail, name="focus_detail"),
    path("trong-tam/<int:pk>/them/", views.focus_item_add, name="focus_item_add"),
    path("trong-tam/<int:pk>/bo/<int:item_pk>/", views.focus_item_remove, name="focus_item_remove"),
    path("trong-tam/<int:pk>/phe-duyet/", views.focus_approve, name="focus_approve"),
    path("ho-tro/", views.support_list, name="support_list"),
    path("ho-tro/them/", views.support_create, name="support_create"),
    path("ho-tro/<int:pk>/", views.support_detail, name="support_detail"),
    path("ho-tro/<int:pk>/sua/", views.support_edit, name="support_edit"),
    path("du-toan/", views.allocation_list, name="allocation_list"),
    path("du-toan/them/", views.allocation_create, name="allocation_create"),
    path("du-toan/<int:pk>/sua/", views.allocation_edit, name="allocation_edit"),
]
