"""The public page a signed document's QR code leads to: what the document is (kind, number, date,
signatory) and the hash of the file issued, never its annex; anyone may upload the file they received
to check it against the one issued. Nothing uploaded is kept."""

from django import forms
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from core import uploads
from programs.forms import form_helper

from . import esign
from .models import IssuedDocument


class CheckFileForm(forms.Form):
    MAX_BYTES = 10 * 1024 * 1024

    file = forms.FileField(label=_("Berkas PDF yang Anda terima"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(_("Periksa berkas"))

    def clean_file(self):
        return uploads.accept(
            self.cleaned_data["file"],
            (uploads.PDF,),
            max_bytes=self.MAX_BYTES,
            refused_message=_("Berkas harus berupa PDF."),
        )


@require_http_methods(["GET", "POST"])
def document_verify(request, token):
    """Public: is this document genuine, and is the file in hand the one issued?"""
    document = IssuedDocument.objects.filter(verification_token=token).first()
    form, check = None, None
    if document is not None and document.signed_sha256:
        form = CheckFileForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            check = esign.check_file(document, form.cleaned_data["file"].read())
    response = render(
        request,
        "documents/verify.html",
        {"document": document, "form": form, "check": check},
        status=200 if document else 404,
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
