"""The documents' public pages (no login): the verification page a signed document's QR code opens."""

from django.urls import path

from . import verification

app_name = "document_verification"

urlpatterns = [
    path("<uuid:token>/", verification.document_verify, name="document_verify"),
]
