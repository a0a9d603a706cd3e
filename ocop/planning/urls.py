from django.urls import path

from ocop.planning import dashboard_views, report_views, task_views, views

app_name = "planning"

urlpatterns = [
    path("", views.plan_list, name="list"),
    path("moi/", views.plan_create, name="create"),
    path("nap-van-ban/", views.plan_import, name="import"),
    path("<int:pk>/", views.plan_detail, name="detail"),
    path("<int:pk>/sua/", views.plan_edit, name="edit"),
    path("<int:pk>/ke-hoach.docx", views.plan_docx, name="docx"),
    path("<int:pk>/chi-tieu/them/", views.target_form, name="target_create"),
    path("<int:pk>/chi-tieu/<int:target_pk>/sua/", views.target_form, name="target_edit"),
    path("<int:pk>/chi-tieu/<int:target_pk>/xoa/", views.target_delete, name="target_delete"),
    path("<int:pk>/nhiem-vu/them/", views.task_create, name="task_create"),
    path("<int:pk>/ky-bao-cao/", views.periods, name="periods"),
    path("ky-bao-cao/<int:pk>/sua/", views.period_edit, name="period_edit"),
    path("nhiem-vu/", task_views.assignment_list, name="tasks"),
    path("nhiem-vu/<int:pk>/", task_views.assignment_detail, name="assignment_detail"),
    path("nhiem-vu/<int:pk>/mo-lai/", task_views.assignment_reopen, name="assignment_reopen"),
    path("minh-chung/<int:pk>/", task_views.evidence_download, name="evidence"),
    path("bao-cao/", report_views.report_index, name="reports"),
    path("bao-cao/ke-hoach/<int:pk>/", report_views.plan_reports, name="plan_reports"),
    path("bao-cao/ky/<int:period_pk>/lap/", report_views.report_start, name="report_start"),
    path("bao-cao/ky/<int:period_pk>/tong-hop/", report_views.aggregate_start, name="aggregate_start"),
    path("bao-cao/<int:pk>/", report_views.report_detail, name="report_detail"),
    path("bao-cao/<int:pk>/sua/", report_views.report_edit, name="report_edit"),
    path("bao-cao/<int:pk>/lay-lai-so-lieu/", report_views.report_refresh, name="report_refresh"),
    path("bao-cao/<int:pk>/tra-lai/", report_views.report_return, name="report_return"),
    path("bao-cao/<int:pk>/bao-cao.docx", report_views.report_docx, name="report_docx"),
    path("bao-cao/<int:pk>/bao-cao.xlsx", report_views.report_xlsx, name="report_xlsx"),
    path("bang-dieu-khien/", dashboard_views.dashboard, name="dashboard"),
    path("bang-dieu-khien/bieu-do/", dashboard_views.dashboard_chart, name="dashboard_chart"),
]
