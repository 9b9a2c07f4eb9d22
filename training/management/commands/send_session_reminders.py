import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from training import notifications
from training.models import Enrolment, Session


class Command(BaseCommand):
    help = "E-mail confirmed participants of sessions that start tomorrow (run daily, e.g. from cron)."

    def handle(self, *args, **options):
        tomorrow = timezone.localdate() + datetime.timedelta(days=1)
        enrolments = Enrolment.objects.filter(
            status=Enrolment.Status.CONFIRMED,
            session__starts_on=tomorrow,
            session__status__in=[Session.Status.OPEN, Session.Status.CLOSED],
        ).select_related("employee", "session__course")
        sent = sum(notifications.send("reminder", enrolment) for enrolment in enrolments)
        self.stdout.write(f"{sent} reminder(s) sent for sessions starting {tomorrow:%d-%m-%Y}.")
