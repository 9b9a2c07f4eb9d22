from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("sesi/<int:session_pk>/<str:kind>/pratinjau/", views.preview, name="preview"),
    path("sesi/<int:session_pk>/<str:kind>/terbitkan/", views.issue, name="issue"),
    path("<int:pk>/", views.document_detail, name="document_detail"),
    path("<int:pk>/naskah.pdf", views.document_pdf, name="document_pdf"),
    path("<int:pk>/naskah.docx", views.document_docx, name="document_docx"),
    path("<int:pk>/perbarui/", views.refresh, name="refresh"),
    path("<int:pk>/tandatangani/", views.sign, name="sign"),
    path("<int:pk>/salinan/<int:copy_pk>.pdf", views.signed_copy_pdf, name="signed_copy_pdf"),
    path("teks/", views.text_list, name="text_list"),
    path("teks/<str:kind>/", views.text_edit, name="text_edit"),
]
