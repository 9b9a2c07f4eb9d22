"""The public page a signed document's QR code leads to: what the document is (kind, number, date,
signatory), the hash of its signed copy in force and how it was signed, never its annex; anyone may
upload the file they received to check it against every copy signed (a copy of an earlier revision is
named as such). Nothing uploaded is kept, and the checks are limited per client: each one parses a
stranger's PDF."""

from django import forms
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from core import rate_limits, uploads
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


# Uploads checked per client address an hour: a person checks a few files; a loop is stopped before the
# parser runs.
CHECKS_PER_HOUR = 20


@require_http_methods(["GET", "POST"])
def document_verify(request, token):
    """Public: is this document genuine, and is the file in hand the one issued?"""
    document = IssuedDocument.objects.filter(verification_token=token).first()
    form, check, current, limited = None, None, None, False
    status = 200 if document else 404
    if document is not None and document.signed_copies.exists():
        current = document.current_copy()
        limited = request.method == "POST" and rate_limits.over_limit(
            request, "document_verify", per_hour=CHECKS_PER_HOUR
        )
        if limited:
            form, status = CheckFileForm(), 429
        else:
            form = CheckFileForm(request.POST or None, request.FILES or None)
            if request.method == "POST" and form.is_valid():
                check = esign.check_file(document, form.cleaned_data["file"].read(), current=current)
    response = render(
        request,
        "documents/verify.html",
        {"document": document, "current": current, "form": form, "check": check, "limited": limited},
        status=status,
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
