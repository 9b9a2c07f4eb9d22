from django.core.management.base import BaseCommand

from programs import import_jobs, jobs


class Command(BaseCommand):
    help = (
        "Delete background-built files (and their records) whose keeping time has passed and import "
        "uploads left behind; take up jobs whose worker went silent. Run every few minutes."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"{jobs.prune_expired()} expired file(s) deleted.")
        self.stdout.write(f"{import_jobs.discard_abandoned_uploads()} abandoned import file(s) deleted.")
        self.stdout.write(f"{jobs.recover_stalled()} stalled job(s) taken up again or failed.")
