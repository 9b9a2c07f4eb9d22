from django.core.management.base import BaseCommand

from core.jobs import recover_stale


class Command(BaseCommand):
    help = "Take up again (or fail, with 'Coba lagi') background jobs whose worker died mid-way."

    def handle(self, *args, **options):
        self.stdout.write(f"{recover_stale()} job(s) recovered.")
