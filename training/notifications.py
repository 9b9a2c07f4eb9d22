"""Messages to participants: e-mail (sent after the transaction commits) and the same text as a
copyable WhatsApp message for operators, since that is how offices actually reach people."""

from types import SimpleNamespace

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from core import messaging

from .models import Enrolment

KINDS = [
    "nominated",
    "confirmed",
    "waitlisted",
    "promoted",
    "rejected",
    "reminder",
    "completed",
    "not_completed",
    "withdrawn",
]
# The message an operator sends someone from the participants' list says where that person stands:
# one who did not complete is not told they are confirmed.
KIND_BY_STATUS = {
    Enrolment.Status.PENDING: "nominated",
    Enrolment.Status.REJECTED: "rejected",
    Enrolment.Status.WAITLISTED: "waitlisted",
    Enrolment.Status.CONFIRMED: "confirmed",
    Enrolment.Status.COMPLETED: "completed",
    Enrolment.Status.NOT_COMPLETED: "not_completed",
    Enrolment.Status.WITHDRAWN: "withdrawn",
}
# Kinds whose text says more about the person than the name (a rejection gives its reason).
PERSONAL_KINDS = {"rejected"}


def text(kind, enrolment):
    """The message body for `kind` (one of KINDS), rendered in Indonesian."""
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string(
            f"training/email/{kind}.txt", {"enrolment": enrolment, "session": enrolment.session}
        ).strip()


def send(kind, enrolment):
    employee = enrolment.employee
    if not employee.email:
        return 0
    body = text(kind, enrolment)
    subject, _blank, rest = body.partition("\n")
    return send_mail(subject.strip(), rest.strip(), None, [employee.email], fail_silently=True)


def on_commit(function, enrolment):
    transaction.on_commit(lambda: function(enrolment))


def nominated(enrolment):
    return send("nominated", enrolment)


def confirmed(enrolment):
    return send("confirmed", enrolment)


def waitlisted(enrolment):
    return send("waitlisted", enrolment)


def promoted(enrolment):
    return send("promoted", enrolment)


def rejected(enrolment):
    return send("rejected", enrolment)


def kind_for(enrolment):
    return KIND_BY_STATUS[enrolment.status]


def whatsapp_link(enrolment, kind=None):
    return messaging.whatsapp_link(enrolment.employee.phone, text(kind or kind_for(enrolment), enrolment))


NAME_MARKER = "\u2063NAMA\u2063"


def messages_for(session, enrolments):
    """The message for each enrolment of `session`, by its status. Each kind is rendered once with a
    marker for the name (the only part that differs, as the templates stand) and the name put in per
    person: rendering the template for each of a hundred participants took longer than the rest of
    the page. A kind that says more about the person is rendered for each."""
    stand_in = SimpleNamespace(employee=SimpleNamespace(full_name=NAME_MARKER), session=session)
    shared = {}
    texts = []
    for enrolment in enrolments:
        kind = kind_for(enrolment)
        if kind in PERSONAL_KINDS:
            texts.append(text(kind, enrolment))
            continue
        if kind not in shared:
            shared[kind] = text(kind, stand_in)
        texts.append(shared[kind].replace(NAME_MARKER, enrolment.employee.full_name))
    return texts


def reminders(session, enrolments):
    """(message, WhatsApp link) for each enrolment of `session`, the message matching its status."""
    return [
        (message, messaging.whatsapp_link(enrolment.employee.phone, message))
        for enrolment, message in zip(enrolments, messages_for(session, enrolments), strict=True)
    ]


def whatsapp_links(session, enrolments):
    return [link for _message, link in reminders(session, enrolments)]
