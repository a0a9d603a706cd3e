from django.urls import path

from ocop.promotion import views

app_name = "promotion"

urlpatterns = [
    path("", views.event_list, name="event_list"),
    path("su-kien/them/", views.event_create, name="event_create"),
    path("su-kien/<int:pk>/", views.event_detail, name="event_detail"),
    path("su-kien/<int:pk>/sua/", views.event_edit, name="event_edit"),
    path("su-kien/<int:pk>/tham-gia/", views.participation_add, name="participation_add"),
    path("su-kien/<int:pk>/tham-gia/<int:participation_pk>/", views.participation_edit, name="participation_edit"),
    path("su-kien/<int:pk>/tham-gia/<int:participation_pk>/xoa/", views.participation_delete, name="participation_delete"),
    path("diem-ban/", views.showroom_list, name="showroom_list"),
    path("diem-ban/them/", views.showroom_create, name="showroom_create"),
    path("diem-ban/<int:pk>/", views.showroom_detail, name="showroom_detail"),
    path("diem-ban/<int:pk>/sua/", views.showroom_edit, name="showroom_edit"),
    path("thuong-mai-dien-tu/", views.listing_list, name="listing_list"),
    path("thuong-mai-dien-tu/them/", views.listing_create, name="listing_create"),
    path("thuong-mai-dien-tu/<int:pk>/sua/", views.listing_edit, name="listing_edit"),
    path("tu-van/", views.consultant_list, name="consultant_list"),
    path("tu-van/them/", views.consultant_create, name="consultant_create"),
    path("tu-van/<int:pk>/", views.consultant_detail, name="consultant_detail"),
    path("tu-van/<int:pk>/sua/", views.consultant_edit, name="consultant_edit"),
    path("tu-van/<int:pk>/ket-noi/", views.engagement_create, name="engagement_create"),
    path("tuyen-truyen/", views.communication_list, name="communication_list"),
    path("tuyen-truyen/them/", views.communication_create, name="communication_create"),
    path("tuyen-truyen/<int:pk>/", views.communication_detail, name="communication_detail"),
    path("tuyen-truyen/<int:pk>/sua/", views.communication_edit, name="communication_edit"),
    path("tuyen-truyen/<int:pk>/tep/", views.communication_attachment_add, name="communication_attachment_add"),
    path("tuyen-truyen/<int:pk>/tep/<int:attachment_pk>/", views.communication_attachment, name="communication_attachment"),
    path("tuyen-truyen/<int:pk>/tep/<int:attachment_pk>/xoa/", views.communication_attachment_delete, name="communication_attachment_delete"),
]
