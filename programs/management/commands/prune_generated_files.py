from django.core.management.base import BaseCommand

from programs import jobs


class Command(BaseCommand):
    help = "Delete background-built files (and their records) whose keeping time has passed. Run daily."

    def handle(self, *args, **options):
        self.stdout.write(f"{jobs.prune_expired()} expired file(s) deleted.")
