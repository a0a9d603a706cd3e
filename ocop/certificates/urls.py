from django.urls import path

from ocop.certificates import views

app_name = "certificates"

urlpatterns = [
    path("", views.certificate_list, name="list"),
    path("theo-doi/", views.dashboard, name="dashboard"),
    path("<int:pk>/", views.certificate_detail, name="detail"),
    path("<int:pk>/in.pdf", views.certificate_pdf, name="pdf"),
    path("quyet-dinh/<int:pk>.pdf", views.decision_pdf, name="decision_pdf"),
    path("<int:pk>/danh-gia-lai/", views.reevaluation_filed, name="reevaluation_filed"),
    path("<int:pk>/danh-gia-lai/lap-ho-so/", views.reevaluation_start, name="reevaluation_start"),
    path("<int:pk>/thu-hoi/", views.revocation_propose, name="revocation_propose"),
    path("thu-hoi/", views.revocation_list, name="revocations"),
    path("thu-hoi/<int:pk>/", views.revocation_detail, name="revocation_detail"),
    path("thu-hoi/<int:pk>/quyet-dinh/", views.revocation_decide, name="revocation_decide"),
    path("thu-hoi/<int:pk>/huy/", views.revocation_cancel, name="revocation_cancel"),
    path("thu-hoi/<int:pk>/quyet-dinh.docx", views.revocation_docx, name="revocation_docx"),
    path("thu-hoi/<int:pk>/minh-chung/", views.revocation_evidence, name="revocation_evidence"),
    path("nhap/", views.import_upload, name="import"),
    path("nhap/mau.xlsx", views.import_template, name="import_template"),
    path("nhap/<uuid:token>/", views.import_preview, name="import_preview"),
    path("nhap/<uuid:token>/huy/", views.import_discard, name="import_discard"),
    path("nhap/<uuid:token>/loi.xlsx", views.import_errors, name="import_errors"),
    # Public: reached by the QR code printed on the certificate; no login.
    path("xac-minh/", views.verify_document, name="verify_document"),
    path("xac-minh/<str:public_code>/", views.verify, name="verify"),
]
