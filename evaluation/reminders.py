"""Reminders to answer a questionnaire: the same text by e-mail and as a WhatsApp message, each
carrying the person's own link (it works without logging in). A supervisor asked about an alumnus is
told whom the questionnaire is about."""

from django.utils.translation import gettext as _

from core.formats import date_time
from core.messaging import whatsapp_link


def reminder_text(distribution, invitation, link):
    values = {
        "name": invitation.employee.full_name,
        "what": distribution.get_purpose_display(),
        "session": distribution.session,
        "link": link,
        "deadline": date_time(distribution.closes_at),
    }
    if invitation.about_id:
        values["about"] = invitation.about.full_name
        return (
            _("Yth. %(name)s, mohon isi %(what)s tentang %(about)s untuk %(session)s sebelum %(deadline)s: %(link)s")
            % values
        )
    return _("Yth. %(name)s, mohon isi %(what)s untuk %(session)s sebelum %(deadline)s: %(link)s") % values


def reminders(distribution, invitations, link_for):
    """(invitation, text, WhatsApp link) for each invitation not yet answered; `link_for(invitation)`
    gives the personal link."""
    rows = []
    for invitation in invitations:
        text = reminder_text(distribution, invitation, link_for(invitation))
        rows.append((invitation, text, whatsapp_link(invitation.employee.phone, text)))
    return rows
