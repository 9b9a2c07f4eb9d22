from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.home, name="home"),
    path("laporan/tahunan/", views.annual_report, name="annual_report"),
    path("laporan/rencana/<int:pk>/jadwal/", views.plan_coverage, name="plan_coverage"),
    path("pegawai/<int:pk>/data-pribadi.xlsx", views.personal_data, name="personal_data"),
]
