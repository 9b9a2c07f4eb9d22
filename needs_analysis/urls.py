from django.urls import path

from . import views

app_name = "needs_analysis"

urlpatterns = [
    path("survei/", views.survey_list, name="survey_list"),
    path("survei/tambah/", views.survey_create, name="survey_create"),
    path("survei/<int:pk>/", views.survey_detail, name="survey_detail"),
    path("survei/<int:pk>/ubah/", views.survey_edit, name="survey_edit"),
    path("survei/<int:pk>/buka/", views.survey_open, name="survey_open"),
    path("survei/<int:pk>/tambah-pegawai/", views.survey_add_latecomers, name="survey_add_latecomers"),
    path("survei/<int:pk>/tutup/", views.survey_close, name="survey_close"),
    path("survei/<int:pk>/pengingat/", views.survey_remind, name="survey_remind"),
    path("survei/<int:pk>/rekap/", views.survey_recap, name="survey_recap"),
    path("survei/<int:pk>/rekap.xlsx", views.survey_recap_xlsx, name="survey_recap_xlsx"),
    path("survei/<int:pk>/jawaban.xlsx", views.survey_answers_xlsx, name="survey_answers_xlsx"),
    path("survei/<int:pk>/ringkasan.pdf", views.survey_pdf, name="survey_pdf"),
    path("survei/<int:pk>/ringkasan.docx", views.survey_docx, name="survey_docx"),
    path(
        "survei/<int:pk>/kebutuhan/<int:unit_id>/<int:competency_id>/rencana/",
        views.need_to_plan,
        name="need_to_plan",
    ),
    path(
        "survei/<int:pk>/kebutuhan/<int:unit_id>/<int:competency_id>/nominasi/",
        views.need_nominate,
        name="need_nominate",
    ),
    path("angkatan/<int:pk>/kesenjangan/", views.session_gap_people, name="session_gap_people"),
    path("penilaian/", views.my_assessments, name="my_assessments"),
    path("penilaian/<int:pk>/", views.assessment_detail, name="assessment_detail"),
    path("penilaian/<int:pk>/isi/", views.assessment_fill, name="assessment_fill"),
    path("penilaian/<int:pk>/simpan-otomatis/", views.assessment_autosave, name="assessment_autosave"),
    path("penilaian/<int:pk>/validasi/", views.assessment_validate, name="assessment_validate"),
    path("validasi/", views.validation_list, name="validation_list"),
]
