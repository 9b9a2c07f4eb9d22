from django.core.management.base import BaseCommand

from training.ledger import prune_claim_evidence


class Command(BaseCommand):
    help = "Delete evidence files of JP claims decided longer ago than BANGKOM_EVIDENCE_RETENTION_YEARS."

    def handle(self, *args, **options):
        self.stdout.write(f"{prune_claim_evidence()} evidence file(s) removed.")
