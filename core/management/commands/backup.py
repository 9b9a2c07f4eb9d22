from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.backups import BackupError, create_backup


class Command(BaseCommand):
    help = "Back up the database and the uploaded/generated files (MEDIA_ROOT) into one .tar.gz archive."

    def add_arguments(self, parser):
        parser.add_argument("--output", default=str(settings.BASE_DIR / "backups"), help="Folder for the archive.")

    def handle(self, *args, output, **options):
        from pathlib import Path

        Path(output).mkdir(parents=True, exist_ok=True)
        try:
            archive = create_backup(output)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"{archive} ({archive.stat().st_size / 1_048_576:.1f} MiB)")
