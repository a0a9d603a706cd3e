from django.urls import path

from ocop.councils import views
from ocop.councils.views import offline

app_name = "councils"

urlpatterns = [
    path("", views.council_list, name="list"),
    path("them/", views.council_create, name="create"),
    path("viec-cham-diem/", views.queue, name="queue"),
    path("sw.js", offline.service_worker, name="service_worker"),
    path("manifest.webmanifest", offline.manifest, name="manifest"),
    path("ngoai-tuyen/phieu.json", offline.offline_bundle, name="offline_bundle"),
    path("danh-gia/<int:pk>/dong-bo/", offline.sync, name="sync"),
    path("<int:pk>/", views.council_detail, name="detail"),
    path("<int:pk>/thanh-vien/", views.member_add, name="member_add"),
    path("<int:pk>/mo-cham-diem/<int:dossier_pk>/", views.evaluation_open, name="open"),
    path("<int:pk>/quyet-dinh/", views.decision_create, name="decision_create"),
    path("<int:pk>/bao-cao-tong-hop.docx", views.summary_report, name="summary_report"),
    path("<int:pk>/van-ban/", views.council_documents, name="documents"),
    path("<int:pk>/tu-van/<int:dossier_pk>/", views.advisory, name="advisory"),
    path("<int:pk>/tu-van/<int:dossier_pk>/anh/<int:record_pk>/", views.advisory_photo, name="advisory_photo"),
    path("<int:pk>/tu-van/<int:dossier_pk>/bao-cao.docx", views.advisory_report, name="advisory_report"),
    path("danh-gia/<int:pk>/", views.evaluation_detail, name="evaluation"),
    path("danh-gia/<int:pk>/cham-diem/", views.sheet, name="sheet"),
    path("danh-gia/<int:pk>/ket-thuc/", views.evaluation_close, name="close"),
    path("danh-gia/<int:pk>/xung-dot/", views.conflict, name="conflict"),
    path("danh-gia/<int:pk>/mo-lai/<int:sheet_pk>/", views.sheet_reopen, name="reopen"),
    path("danh-gia/<int:pk>/mo-lai-phieu/", views.sheets_reopen, name="reopen_many"),
    path("danh-gia/<int:pk>/ket-qua-thong-nhat/", views.agreed_result, name="agreed_result"),
    path("danh-gia/<int:pk>/bien-ban-thong-nhat/", views.agreed_minutes_file, name="agreed_minutes_file"),
    path("danh-gia/<int:pk>/chuyen-cap-tren/", views.forward, name="forward"),
    path("danh-gia/<int:pk>/ket-qua-cap-tren/", views.upper_result, name="upper_result"),
    path("danh-gia/<int:pk>/khong-cong-nhan/", views.not_recognise, name="not_recognise"),
    path("danh-gia/<int:pk>/bien-ban.docx", views.minutes, name="minutes"),
    path("danh-gia/<int:pk>/bien-ban.pdf", views.minutes_pdf, name="minutes_pdf"),
    path("danh-gia/<int:pk>/de-nghi-cap-tren.docx", views.forwarding_letter, name="forwarding_letter"),
    path("quyet-dinh/<int:pk>.docx", views.decision_document, name="decision_docx"),
    path("san-pham/<int:pk>/lich-su/", views.product_history, name="product_history"),
]
