from django.urls import path

from . import views

app_name = "evaluation"

urlpatterns = [
    path("kuesioner/", views.questionnaire_list, name="questionnaire_list"),
    path("kuesioner/tambah/", views.questionnaire_create, name="questionnaire_create"),
    path("kuesioner/<int:pk>/", views.questionnaire_detail, name="questionnaire_detail"),
    path("kuesioner/<int:pk>/salin/", views.questionnaire_copy, name="questionnaire_copy"),
    path("kuesioner/<int:pk>/pratinjau/", views.questionnaire_preview, name="questionnaire_preview"),
    path("pertanyaan/<int:pk>/pindah/", views.question_move, name="question_move"),
    path("angkatan/<int:session_id>/kuesioner/", views.distribution_create, name="distribution_create"),
    path("distribusi/<int:pk>/", views.distribution_detail, name="distribution_detail"),
    path("distribusi/<int:pk>/kirim/", views.distribution_sync, name="distribution_sync"),
    path("distribusi/<int:pk>/ingatkan/", views.distribution_remind, name="distribution_remind"),
    path("distribusi/<int:pk>/hasil.xlsx", views.distribution_xlsx, name="distribution_xlsx"),
    path("distribusi/<int:pk>/hasil.pdf", views.distribution_pdf, name="distribution_pdf"),
    path("saya/", views.my_questionnaires, name="my_questionnaires"),
    path("isi/<int:pk>/", views.answer, name="answer"),
    path("t/<str:token>/", views.answer_by_link, name="answer_by_link"),
    path("skor/", views.scoreboard, name="scoreboard"),
    path("skm/", views.skm_list, name="skm_list"),
    path("skm/tambah/", views.skm_create, name="skm_create"),
    path("skm/<int:pk>/", views.skm_detail, name="skm_detail"),
    path("skm/<int:pk>/laporan.pdf", views.skm_pdf, name="skm_pdf"),
    path("skm/<int:pk>/laporan.docx", views.skm_docx, name="skm_docx"),
    path("skm/<int:pk>/poster.pdf", views.skm_poster, name="skm_poster"),
    path("skm/<int:pk>/data.xlsx", views.skm_xlsx, name="skm_xlsx"),
    path("skm/<int:pk>/kertas/", views.skm_paper, name="skm_paper"),
    path("skm/<int:pk>/impor/", views.skm_import, name="skm_import"),
    path("skm/bandingkan/", views.skm_compare, name="skm_compare"),
    path("masukan/", views.community_list, name="community_list"),
    path("masukan/tambah/", views.community_create, name="community_create"),
    path("masukan/<int:pk>/", views.community_edit, name="community_edit"),
]
