from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("audit/", views.audit_list, name="audit_list"),
    path("unduhan/", views.job_list, name="job_list"),
    path("unduhan/<int:pk>/", views.job_detail, name="job_detail"),
    path("unduhan/<int:pk>/berkas/", views.job_download, name="job_download"),
    path("unduhan/<int:pk>/ulangi/", views.job_retry, name="job_retry"),
]
