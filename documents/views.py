from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import signing, uploads
from core.access import is_admin, require_access
from core.word import DOCX_TYPE, render_docx
from programs.models import DocumentKind
from training.models import Session
from training.participation import can_manage

from . import esign, issuing
from .forms import DocumentTextForm
from .models import SESSION_KINDS, IssuedDocument
from .render_pdf import render_document_pdf
from .texts import PLACEHOLDERS, text_for


def _kind(kind):
    if kind not in SESSION_KINDS:
        raise Http404
    return DocumentKind(kind)


def _managed_session(request, session_pk):
    """The session, if the user sees it (404 otherwise) and runs it (403 otherwise)."""
    session = get_object_or_404(
        Session.objects.for_user(request.user).select_related(
            "course", "provider", "organiser_unit", "plan_item__program"
        ),
        pk=session_pk,
    )
    if not can_manage(request.user, session):
        raise PermissionDenied
    return session


def _managed_document(request, pk):
    """A document of a session the user runs (IssuedDocument.objects.for_user); any other is 404."""
    return get_object_or_404(
        IssuedDocument.objects.for_user(request.user).select_related(
            "session__course", "session__provider", "session__organiser_unit", "session__plan_item__program"
        ),
        pk=pk,
    )


def _pdf(data, filename):
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_access()
def preview(request, session_pk, kind):
    session = _managed_session(request, session_pk)
    document = issuing.preview(session, _kind(kind))
    return _pdf(render_document_pdf(document), f"konsep-{document.filename_stem}.pdf")


@require_POST
@require_access()
def issue(request, session_pk, kind):
    session = _managed_session(request, session_pk)
    document, created = issuing.issue(session, _kind(kind), by=request.user)
    if created:
        messages.success(
            request,
            _("%(kind)s diterbitkan dengan nomor %(number)s.")
            % {"kind": document.get_kind_display(), "number": document.number},
        )
    else:
        messages.info(
            request,
            _("%(kind)s sudah diterbitkan dengan nomor %(number)s.")
            % {"kind": document.get_kind_display(), "number": document.number},
        )
    return redirect(document)


@require_access()
def document_detail(request, pk):
    document = _managed_document(request, pk)
    added, removed = issuing.people_change(document)
    copies = list(document.signed_copies.order_by("-revision"))
    current = next((copy for copy in copies if copy.revision == document.revision), None)
    return render(
        request,
        "documents/document_detail.html",
        {
            "document": document,
            "session": document.session,
            "revisions": document.revisions.select_related("changed_by"),
            "added": added,
            "removed": removed,
            "current": current,
            "copies": copies,
            "can_sign": signing.is_configured() and current is None and not (added or removed),
            "verification_url": esign.verification_url(document, request) if copies else "",
        },
    )


@require_access()
def document_pdf(request, pk):
    document = _managed_document(request, pk)
    filename = f"{document.kind}-{document.session_id}-{document.sequence}.pdf"
    # The signed copy of the revision in force; a copy of an earlier revision is not this document now.
    current = document.current_copy()
    if current is not None:
        with current.file.open("rb") as signed:
            return _pdf(signed.read(), filename)
    return _pdf(render_document_pdf(issuing.build(document)), filename)


@require_access()
def signed_copy_pdf(request, pk, copy_pk):
    """A signed copy as it was sent out, current or superseded (to send again, or to compare)."""
    document = _managed_document(request, pk)
    copy = get_object_or_404(document.signed_copies, pk=copy_pk)
    return uploads.serve(
        copy.file,
        kinds=(uploads.PDF,),
        filename_stem=f"{document.kind}-{document.session_id}-{document.sequence}-perubahan-{copy.revision}",
    )


@require_access()
def document_docx(request, pk):
    document = _managed_document(request, pk)
    response = HttpResponse(render_docx(issuing.build(document)), content_type=DOCX_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="{document.kind}-{document.session_id}-{document.sequence}.docx"'
    )
    return response


@require_POST
@require_access()
def refresh(request, pk):
    document = _managed_document(request, pk)
    revision = issuing.refresh(document, by=request.user)
    if revision:
        messages.success(
            request, _("Naskah diperbarui (perubahan ke-%(n)s); nomornya tetap.") % {"n": revision.revision}
        )
    else:
        messages.info(request, _("Peserta tidak berubah; naskah tidak perlu diperbarui."))
    return redirect(document)


@require_POST
@require_access()
def sign(request, pk):
    """Sign the document electronically with the agency's certificate: the PDF carries the QR code of its
    public verification page and the note that it was signed electronically, then the PAdES signature."""
    document = _managed_document(request, pk)
    if issuing.people_changed(document, issuing.current_people(document.session, document.kind)):
        messages.error(request, _("Peserta berubah sejak naskah diterbitkan: perbarui naskah sebelum ditandatangani."))
        return redirect(document)
    built = issuing.build(document, verification_url=esign.verification_url(document, request))
    try:
        copy = esign.sign_issued(document, render_document_pdf(built), user=request.user)
    except signing.SigningError as error:
        messages.error(request, str(error))
    else:
        if copy.is_timestamped:
            messages.success(request, _("Naskah ditandatangani secara elektronik dengan cap waktu tepercaya."))
        else:
            messages.success(request, _("Naskah ditandatangani secara elektronik."))
    return redirect(document)


@require_access(is_admin)
def text_list(request):
    return render(request, "documents/text_list.html", {"texts": [text_for(kind) for kind in SESSION_KINDS]})


@require_access(is_admin)
def text_edit(request, kind):
    text = text_for(_kind(kind))
    form = DocumentTextForm(request.POST or None, instance=text)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Teks %(kind)s disimpan.") % {"kind": text.get_kind_display()})
        return redirect("documents:text_list")
    return render(
        request, "documents/text_form.html", {"form": form, "text": text, "placeholders": PLACEHOLDERS.items()}
    )
