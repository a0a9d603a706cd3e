"""Ideas and the yearly approved lists, under /y-tuong/."""

from django.urls import path

from ocop.ideas import views

app_name = "ideas"

urlpatterns = [
    path("", views.idea_list, name="list"),
    path("them/", views.idea_create, name="create"),
    path("<int:pk>/", views.idea_detail, name="detail"),
    path("<int:pk>/sua/", views.idea_edit, name="edit"),
    path("<int:pk>/chuyen/<slug:action>/", views.idea_transition, name="transition"),
    path("<int:pk>/thanh-san-pham/", views.idea_mature, name="mature"),
    path("danh-sach/", views.decision_list, name="decision_list"),
    path("danh-sach/phe-duyet/", views.decision_create, name="decision_create"),
    path("danh-sach/<int:pk>/", views.decision_detail, name="decision_detail"),
    path("danh-sach/<int:pk>/dieu-chinh/", views.decision_amend, name="decision_amend"),
    path("danh-sach/<int:pk>/docx/", views.decision_docx, name="decision_docx"),
    path("danh-sach/<int:pk>/xlsx/", views.decision_xlsx, name="decision_xlsx"),
]
