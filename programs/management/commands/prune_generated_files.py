from django.core.management.base import BaseCommand

from core import jobs
from programs import import_jobs


class Command(BaseCommand):
    help = (
        "Delete background-built files (and their records) whose keeping time has passed, and import "
        "uploads and previews nobody confirmed. Run often (deploy/bangkom-sweep.timer) and nightly."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"{jobs.prune_expired()} expired file(s) deleted.")
        self.stdout.write(f"{import_jobs.discard_abandoned_uploads()} abandoned import preview(s) deleted.")
