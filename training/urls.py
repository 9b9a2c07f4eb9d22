from django.urls import path

from . import views

app_name = "training"

urlpatterns = [
    path("katalog/", views.course_list, name="course_list"),
    path("katalog/katalog.xlsx", views.catalogue_xlsx, name="catalogue_xlsx"),
    path("katalog/tambah/", views.course_create, name="course_create"),
    path("katalog/<int:pk>/", views.course_detail, name="course_detail"),
    path("katalog/<int:pk>/ubah/", views.course_edit, name="course_edit"),
    path("penyelenggara/", views.provider_list, name="provider_list"),
    path("penyelenggara/tambah/", views.provider_create, name="provider_create"),
    path("penyelenggara/<int:pk>/", views.provider_detail, name="provider_detail"),
    path("penyelenggara/<int:pk>/ubah/", views.provider_edit, name="provider_edit"),
    path("penyelenggara/<int:pk>/perjanjian/tambah/", views.agreement_create, name="agreement_create"),
    path("perjanjian/<int:pk>/ubah/", views.agreement_edit, name="agreement_edit"),
    path("pengajar/", views.instructor_list, name="instructor_list"),
    path("pengajar/tambah/", views.instructor_create, name="instructor_create"),
    path("jadwal/", views.session_list, name="session_list"),
    path("jadwal/jadwal.xlsx", views.schedule_xlsx, name="schedule_xlsx"),
    path("jadwal/jadwal.pdf", views.schedule_pdf, name="schedule_pdf"),
    path("jadwal/tambah/", views.session_create, name="session_create"),
    path("jadwal/<int:pk>/", views.session_detail, name="session_detail"),
    path("jadwal/<int:pk>/ubah/", views.session_edit, name="session_edit"),
    path("jadwal/<int:pk>/status/", views.session_transition, name="session_transition"),
    path("kalender/", views.calendar_month, name="calendar"),
    path("kalender.ics", views.calendar_ics, name="calendar_ics"),
]
