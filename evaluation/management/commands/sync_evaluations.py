from django.core.management.base import BaseCommand

from evaluation.distributions import sync_due


class Command(BaseCommand):
    help = "Invite people to every questionnaire that has become due (run daily or hourly from cron)."

    def handle(self, *args, **options):
        self.stdout.write(f"{sync_due()} new invitation(s).")
