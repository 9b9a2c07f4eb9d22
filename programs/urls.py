from django.urls import path

from . import views

app_name = "programs"

urlpatterns = [
    path("unit/", views.orgunit_tree, name="orgunit_tree"),
    path("unit/tambah/", views.orgunit_create, name="orgunit_create"),
    path("unit/<int:pk>/", views.orgunit_detail, name="orgunit_detail"),
    path("unit/<int:pk>/ubah/", views.orgunit_edit, name="orgunit_edit"),
    path("pegawai/", views.employee_list, name="employee_list"),
    path("pegawai/ekspor.xlsx", views.employee_export, name="employee_export"),
    path("pegawai/tambah/", views.employee_create, name="employee_create"),
    path("pegawai/impor/", views.employee_import, name="employee_import"),
    path("pegawai/impor/<int:pk>/", views.employee_import_job, name="employee_import_job"),
    path("pegawai/impor/<int:pk>/simpan/", views.employee_import_confirm, name="employee_import_confirm"),
    path("pegawai/impor/<int:pk>/batal/", views.employee_import_cancel, name="employee_import_cancel"),
    path("pegawai/impor/<int:pk>/kesalahan.xlsx", views.employee_import_errors, name="employee_import_errors"),
    path("pegawai/<int:pk>/", views.employee_detail, name="employee_detail"),
    path("pegawai/<int:pk>/ubah/", views.employee_edit, name="employee_edit"),
    path("pegawai/<int:pk>/status/", views.employee_set_active, name="employee_set_active"),
    path("pegawai/<int:pk>/akun/", views.employee_create_login, name="employee_create_login"),
    path("pegawai/<int:pk>/akun/dua-langkah/", views.employee_reset_two_factor, name="employee_reset_two_factor"),
    path("jabatan/", views.position_list, name="position_list"),
    path("jabatan/tambah/", views.position_create, name="position_create"),
    path("jabatan/<int:pk>/", views.position_detail, name="position_detail"),
    path("jabatan/<int:pk>/ubah/", views.position_edit, name="position_edit"),
    path("jabatan/<int:pk>/standar/", views.position_standard, name="position_standard"),
    path("kompetensi/", views.competency_list, name="competency_list"),
    path("kompetensi/tambah/", views.competency_create, name="competency_create"),
    path("kompetensi/<int:pk>/", views.competency_detail, name="competency_detail"),
    path("kompetensi/<int:pk>/ubah/", views.competency_edit, name="competency_edit"),
    path("rencana/", views.plan_list, name="plan_list"),
    path("rencana/tambah/", views.plan_create, name="plan_create"),
    path("rencana/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("rencana/<int:pk>/ubah/", views.plan_edit, name="plan_edit"),
    path("rencana/<int:pk>/status/", views.plan_transition, name="plan_transition"),
    path("rencana/<int:pk>/butir/tambah/", views.planitem_create, name="planitem_create"),
    path("rencana/butir/<int:pk>/", views.planitem_edit, name="planitem_edit"),
    path("rencana/<int:pk>/rencana.xlsx", views.plan_xlsx, name="plan_xlsx"),
    path("rencana/<int:pk>/rencana.pdf", views.plan_pdf, name="plan_pdf"),
]
