from django.conf import settings

from .access import access_for
from .middleware import DRAFT_KEY


def bangkom(request):
    user = getattr(request, "user", None)
    return {
        "access": access_for(user),
        "bangkom_version": settings.VERSION,
        "instansi_name": settings.BANGKOM["INSTANSI_NAME"],
        "idle_seconds": settings.BANGKOM["SESSION_IDLE_MINUTES"] * 60,
        "restored_draft": restored_draft(request, user),
    }


def restored_draft(request, user):
    """What was typed into this page's form when the session ended, once its user is back (see
    IdleTimeoutMiddleware); dropped for anyone else who logs in on the same browser."""
    session = getattr(request, "session", None)
    if session is None or user is None or not user.is_authenticated or DRAFT_KEY not in session:
        return None
    draft = session[DRAFT_KEY]
    if draft.get("user") != user.pk:
        session.pop(DRAFT_KEY)
        return None
    if draft.get("path") != request.path or request.method != "GET":
        return None
    session.pop(DRAFT_KEY)
    return draft["fields"]
