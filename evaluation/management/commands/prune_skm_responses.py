from django.core.management.base import BaseCommand

from evaluation.skm import prune_raw_responses


class Command(BaseCommand):
    help = (
        "Summarise SKM surveys whose period ended more than BANGKOM_SKM_RAW_RETENTION_YEARS ago and delete "
        "their raw responses (the report's figures stay)."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"{prune_raw_responses()} survey(s) summarised; their raw responses were deleted.")
