"""The documents of a session on its page (see programs/sections.py)."""

from django.utils.translation import gettext_lazy as _

from programs.sections import section
from training.participation import can_manage

from .models import SESSION_KINDS, IssuedDocument


@section("session")
def session_documents(session, user):
    if not can_manage(user, session):
        return None
    issued = {document.kind: document for document in IssuedDocument.objects.filter(session=session)}
    return {
        "title": _("Naskah dinas"),
        "template": "documents/_session_section.html",
        "session": session,
        "rows": [(kind, issued.get(kind)) for kind in SESSION_KINDS],
    }
