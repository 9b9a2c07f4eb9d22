from django.core.management.base import BaseCommand

from programs.standards import load_reference_data


class Command(BaseCommand):
    help = "Load the reference data (competency dictionary, default levels). Safe to run twice."

    def handle(self, *args, **options):
        created = load_reference_data()
        self.stdout.write(f"Reference data loaded ({created} new rows).")
