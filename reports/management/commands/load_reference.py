from django.core.management.base import BaseCommand

from evaluation.standard import load_standard_questionnaires, load_unsur_competencies
from programs.standards import load_reference_data


class Command(BaseCommand):
    help = "Load the reference data of every app (competencies, default levels, forms of development, standard "
    help += "questionnaires). Safe to run twice; the admin's edits are kept."

    def handle(self, *args, **options):
        created = load_reference_data() + load_standard_questionnaires() + load_unsur_competencies()
        self.stdout.write(f"Reference data loaded ({created} new rows).")
