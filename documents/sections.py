"""The documents of a session on its page (see programs/sections.py)."""

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from programs.models import DocumentKind
from programs.sections import section
from training.participation import can_manage

from .compose import current_people
from .issuing import people_changed
from .models import SESSION_KINDS, IssuedDocument, SignedCopy


@section("session")
def session_documents(session, user):
    if not can_manage(user, session):
        return None
    # Whether the revision in force is signed, in the same query.
    signed = SignedCopy.objects.filter(document=OuterRef("pk"), revision=OuterRef("revision"))
    documents = IssuedDocument.objects.filter(session=session).annotate(signed=Exists(signed))
    issued = {document.kind: document for document in documents}
    # A document issued with other people than the session has now wants regenerating (same number).
    now = {}
    for document in issued.values():
        group = document.kind == DocumentKind.INSTRUCTOR_ASSIGNMENT
        if group not in now:
            now[group] = current_people(session, document.kind)
        document.is_stale = people_changed(document, now[group])
    return {
        "title": _("Naskah dinas"),
        "template": "documents/_session_section.html",
        "session": session,
        "rows": [(kind, issued.get(kind)) for kind in SESSION_KINDS],
    }
