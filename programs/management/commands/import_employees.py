from pathlib import Path

from django.core.files import File
from django.core.management.base import BaseCommand, CommandError

from programs.employee_import import apply_import, plan_import


class Command(BaseCommand):
    help = "Import a SIASN employee export (.xlsx): all rows or none."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Check the file and report; write nothing.")

    def handle(self, *args, file, dry_run, **options):
        if not file.exists():
            raise CommandError(f"File not found: {file}")
        with file.open("rb") as handle:
            plan = plan_import(File(handle, name=file.name))
        if plan.file_error:
            raise CommandError(plan.file_error)
        if plan.errors:
            for error in plan.errors:
                self.stderr.write(f"row {error.row}, {error.column} ({error.value!r}): {error.message}")
            raise CommandError(f"{len(plan.errors)} error(s); nothing was imported.")
        summary = (
            f"{len(plan.rows)} rows: {plan.created} new, {plan.updated} updated, {plan.unchanged} unchanged; "
            f"{len(plan.new_units)} new units, {len(plan.new_positions)} new positions"
        )
        if dry_run:
            self.stdout.write(f"Dry run, nothing written. {summary}.")
            return
        apply_import(plan)
        self.stdout.write(f"Imported. {summary}.")
