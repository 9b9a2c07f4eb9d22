"""The employee import in the background worker (run by `manage.py db_worker`).

A SIASN export of a province (100,000 rows) takes longer to check than a request may last, so the
upload is stored and two jobs (core/jobs.py) do the work while the import page polls them:
`import_check_task` reads and checks the file and records the preview (or the row errors and their
xlsx report) on its job; once confirmed, the same job runs `import_apply_task`, which checks the
file again and writes it, all or nothing.

The stored upload holds personal data: it is deleted once imported, when a check finds errors,
when the user uploads another file or cancels, and when its job expires
(BANGKOM["IMPORT_KEEP_HOURS"]); `discard_abandoned_uploads` clears any file whose job is gone."""

import io
import uuid

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from core import jobs
from core.xlsx import write_workbook

from .employee_import import (
    ERROR_REPORT_COLUMNS,
    PREVIEW_COLUMNS,
    apply_import,
    error_report_rows,
    plan_import,
    preview_rows,
)

# The import runs as two jobs: checking the file (the preview), then saving it.
IMPORT_CHECK = "employee_import_check"
IMPORT_APPLY = "employee_import_apply"
IMPORT_KINDS = (IMPORT_CHECK, IMPORT_APPLY)
PAGE = "programs:employee_import_job"  # both jobs show on the import page, not the downloads page
UPLOAD_DIR = "imports"
ERRORS_SHOWN = 500  # on the page; the xlsx report holds every error
# People listed on the preview page, new and updated each; the preview's workbook lists everyone.
PEOPLE_SHOWN = 200


def start_check(request, uploaded, *, file_name, by):
    """Store the upload, forget the user's earlier previews and queue the check; returns its job."""
    discard_previews(by)
    discard_abandoned_uploads()
    uploaded.seek(0)
    stored = default_storage.save(f"{UPLOAD_DIR}/{uuid.uuid4().hex}.xlsx", uploaded)
    return jobs.start(
        request,
        kind=IMPORT_CHECK,
        title=_("Pratinjau impor pegawai: %(name)s") % {"name": file_name},
        task=import_check_task,
        params={"input": stored, "file_name": file_name, "page": PAGE},
        keep_hours=settings.BANGKOM["IMPORT_KEEP_HOURS"],
    )


def start_apply(check, *, remote_addr):
    """Queue the saving of a checked file on the check's own record (its page then follows the
    save); False when another request started it first (a double click)."""
    kept = {
        name: check.params[name]
        for name in ("input", "file_name", "language", "keep_hours", "page")
        if name in check.params
    }
    return jobs.continue_with(
        check,
        kind=IMPORT_APPLY,
        title=_("Impor pegawai: %(name)s") % {"name": check.params.get("file_name", "")},
        task=import_apply_task,
        params={**kept, "remote_addr": remote_addr},
    )


def discard_previews(user):
    """Forget the user's import previews and their uploads (a new upload or "Batal" replaces them)."""
    for job in jobs.for_user(user).filter(kind=IMPORT_CHECK):
        jobs.discard(job)


def discard_abandoned_uploads(now=None):
    """Delete stored import files older than the keeping time, whatever became of their job."""
    cutoff = (now or timezone.now()) - timezone.timedelta(hours=settings.BANGKOM["IMPORT_KEEP_HOURS"])
    try:
        _folders, names = default_storage.listdir(UPLOAD_DIR)
    except (FileNotFoundError, NotImplementedError):
        return 0
    gone = 0
    for name in names:
        path = f"{UPLOAD_DIR}/{name}"
        if default_storage.get_modified_time(path) < cutoff:
            default_storage.delete(path)
            gone += 1
    return gone


def summary(plan):
    """What the import page shows of a plan, kept on the job's record."""
    return {
        "ok": plan.ok,
        "file_error": plan.file_error,
        "rows": len(plan.rows),
        "created": plan.created,
        "updated": plan.updated,
        "unchanged": plan.unchanged,
        "new_units": len(plan.new_units),
        "new_positions": len(plan.new_positions),
        "error_count": len(plan.errors),
        "errors": [[e.row, e.column, e.value, e.message] for e in plan.errors[:ERRORS_SHOWN]],
        "new_people": _people(plan, is_new=True),
        "updated_people": _people(plan, is_new=False),
    }


def _people(plan, *, is_new):
    if not plan.ok:
        return []
    shown = (change for change in plan.changes if change.is_new == is_new)
    return [
        {"nip": change.nip, "name": change.name, "fields": [list(each) for each in change.fields]}
        for change, _index in zip(shown, range(PEOPLE_SHOWN), strict=False)
    ]


def _plan(job, progress):
    with default_storage.open(job.params["input"], "rb") as stored:
        return plan_import(File(stored, name=job.params["input"]), user=job.requested_by, progress=progress)


def _delete_input(job):
    if default_storage.exists(job.params["input"]):
        default_storage.delete(job.params["input"])


def build_check(job, progress):
    plan = _plan(job, progress)
    job.params.update(summary(plan))
    job.save(update_fields=["params"])
    if not plan.ok:  # a file with errors is fixed and uploaded again, never saved: it is not kept
        _delete_input(job)
    if plan.ok:
        if not plan.changes:
            return None
        progress(95, _("Menyusun daftar perubahan"))
        preview = io.BytesIO()
        write_workbook(preview, [(_("Perubahan"), PREVIEW_COLUMNS, preview_rows(plan))])
        return "pratinjau-impor-pegawai.xlsx", preview.getvalue()
    if not plan.errors:
        return None
    progress(95, _("Menyusun laporan kesalahan"))
    report = io.BytesIO()
    write_workbook(report, [(_("Kesalahan"), ERROR_REPORT_COLUMNS, error_report_rows(plan))])
    return "laporan-kesalahan-impor.xlsx", report.getvalue()


def build_apply(job, progress):
    if not default_storage.exists(job.params["input"]):
        # Saved by an earlier run of this job, or kept past its time.
        job.params.update(file_error=_("Berkas impor sudah tidak tersedia. Unggah ulang berkasnya."), ok=False)
        job.save(update_fields=["params"])
        return None
    # Checked again: the data may have changed since the preview.
    plan = _plan(job, lambda percent, step="": progress(percent * 0.6, step))
    with transaction.atomic():
        if plan.ok:
            progress(60, _("Menyimpan data pegawai"))
            created, updated, unchanged = apply_import(
                plan, by=job.requested_by, remote_addr=job.params.get("remote_addr")
            )
            job.params.update(ok=True, saved=True, created=created, updated=updated, unchanged=unchanged)
        else:
            job.params.update(summary(plan), saved=False)
        job.save(update_fields=["params"])
    _delete_input(job)
    return None


@task()
def import_check_task(job_id):
    return jobs.run(job_id, build_check)


@task()
def import_apply_task(job_id):
    return jobs.run(job_id, build_apply)
