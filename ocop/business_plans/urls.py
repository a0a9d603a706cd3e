"""Business plans, under /y-tuong/phuong-an/ (the address they have always had)."""

from django.urls import path

from ocop.business_plans import views

app_name = "business_plans"

urlpatterns = [
    path("", views.plan_list, name="list"),
    path("them/", views.plan_create, name="create"),
    path("<int:pk>/", views.plan_detail, name="detail"),
    path("<int:pk>/sua/", views.plan_edit, name="edit"),
    path("<int:pk>/chuyen/<slug:action>/", views.plan_transition, name="transition"),
    path("<int:pk>/tep/", views.plan_attachment_add, name="attachment_add"),
    path("<int:pk>/tep/<int:attachment_pk>/", views.plan_attachment_download, name="attachment"),
    path("<int:pk>/tep/<int:attachment_pk>/xoa/", views.plan_attachment_delete, name="attachment_delete"),
]
