from django.core.management.base import BaseCommand

from programs import import_previews, jobs


class Command(BaseCommand):
    help = (
        "Delete background-built files (and their records) whose keeping time has passed, and import "
        "previews nobody confirmed. Run daily."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"{jobs.prune_expired()} expired file(s) deleted.")
        self.stdout.write(f"{import_previews.prune()} abandoned import preview(s) deleted.")
