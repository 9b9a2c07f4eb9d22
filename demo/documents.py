"""The demo's official documents: the first closed, running and finished sessions have their invitation,
decree and assignment letter issued, so the session page and the registers show real numbers."""

from django.contrib.auth import get_user_model

from documents.issuing import issue
from programs.models import DocumentKind
from training.models import Session

KINDS = [DocumentKind.INVITATION, DocumentKind.DECREE, DocumentKind.ASSIGNMENT]


def seed_documents(limit=3):
    admin = get_user_model().objects.get(username="admin")
    sessions = Session.objects.filter(
        status__in=[Session.Status.FINISHED, Session.Status.RUNNING, Session.Status.CLOSED]
    ).order_by("starts_on", "pk")[:limit]
    issued = 0
    for session in sessions:
        for kind in KINDS:
            issued += issue(session, kind, by=admin, on=session.starts_on)[1]
    return {"documents": issued}
