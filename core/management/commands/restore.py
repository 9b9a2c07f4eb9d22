from django.core.management.base import BaseCommand, CommandError

from core.backups import BackupError, read_manifest, restore_backup


class Command(BaseCommand):
    help = (
        "Restore an archive made by `backup` into the configured database (which should be empty: "
        "a new database after a loss) and MEDIA_ROOT."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument("--yes", action="store_true", help="Confirm: the database's tables are replaced.")

    def handle(self, *args, archive, yes, **options):
        try:
            manifest = read_manifest(archive)
            self.stdout.write(
                f"Backup of {manifest['created_at']} ({manifest['vendor']}, Bangkom {manifest['bangkom_version']})"
            )
            if not yes:
                raise CommandError("Restoring replaces the database's tables: run again with --yes to go on.")
            restore_backup(archive)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write("Restored. Run `manage.py migrate` if this version of Bangkom is newer than the backup.")
