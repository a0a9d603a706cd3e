from django.urls import path

from ocop.evaluation import views

app_name = "evaluation"

urlpatterns = [
    path("", views.dossier_list, name="list"),
    path("them/", views.dossier_create, name="create"),
    path("them/danh-muc/", views.dossier_create_checklist, name="create_checklist"),
    path("viec-can-lam/", views.todo, name="todo"),
    path("<int:pk>/", views.dossier_detail, name="detail"),
    path("<int:pk>/mau-01/", views.dossier_mau01, name="mau01"),
    path("<int:pk>/mau-02/", views.dossier_mau02, name="mau02"),
    path("<int:pk>/mau-03/", views.commune_report, name="mau03"),
    path("<int:pk>/minh-chung/", views.dossier_evidence, name="evidence"),
    path("<int:pk>/minh-chung/tai-len/", views.evidence_upload, name="evidence_upload"),
    path("<int:pk>/minh-chung/<int:document_pk>/gan/", views.evidence_attach, name="evidence_attach"),
    path("<int:pk>/minh-chung/<int:document_pk>/bo/", views.evidence_detach, name="evidence_detach"),
    path("<int:pk>/minh-chung/<int:document_pk>/tep/", views.evidence_file, name="evidence_file"),
    path("<int:pk>/chuyen/<slug:action>/", views.dossier_transition, name="transition"),
    path("<int:pk>/van-ban/<slug:name>.<slug:fmt>", views.dossier_document, name="document"),
    path("<int:pk>/lich-su/", views.dossier_history, name="history"),
    path("dot/", views.round_list, name="rounds"),
    path("dot/them/", views.round_create, name="round_create"),
    path("dot/<int:pk>/", views.round_detail, name="round_detail"),
    path("dot/<int:pk>/sua/", views.round_edit, name="round_edit"),
    path("lich-lam-viec/", views.calendar, name="calendar"),
    path("lich-lam-viec/<int:pk>/xoa/", views.calendar_delete, name="calendar_delete"),
]
