"""Messages to participants: e-mail (sent after the transaction commits) and the same text as a
copyable WhatsApp message for operators, since that is how offices actually reach people."""

from types import SimpleNamespace

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from core import messaging

KINDS = ["nominated", "confirmed", "waitlisted", "promoted", "rejected", "reminder"]


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


def whatsapp_link(enrolment, kind="confirmed"):
    return messaging.whatsapp_link(enrolment.employee.phone, text(kind, enrolment))


NAME_MARKER = "\u2063NAMA\u2063"


def whatsapp_links(session, enrolments, kind="confirmed"):
    """One WhatsApp link per enrolment of `session`. The message is rendered once with a marker for
    the name (the only part that differs, as the templates stand) and the name put in per person:
    rendering the template for each of a hundred participants took longer than the rest of the page."""
    stand_in = SimpleNamespace(employee=SimpleNamespace(full_name=NAME_MARKER), session=session)
    message = text(kind, stand_in)
    return [
        messaging.whatsapp_link(enrolment.employee.phone, message.replace(NAME_MARKER, enrolment.employee.full_name))
        for enrolment in enrolments
    ]
