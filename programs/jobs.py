"""Background generation of big files (annual reports, certificate archives) on Django's tasks API.

A view calls `start(...)` with a task; the worker runs the task, which calls `run(job_id, build)`.
`build(job, progress)` returns (filename, bytes) and may call `progress(percent, step)` as it goes;
the job page polls the job's row, so the user sees the progress and then a download link.

A failed build is queued again BANGKOM["JOB_ATTEMPTS"] times in all, each retry later than the
last (a database restart or a full disk often passes); the user sees the retry coming and, after
the last failure, the reason and a button to try again."""

import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import formats, timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from .models import GeneratedFile

logger = logging.getLogger(__name__)


def start(request, *, kind, title, task, params=None):
    """Record a job for request.user and queue `task(job_id)` once the record is committed."""
    prune_expired()
    recover_stale()
    job = GeneratedFile.objects.create(
        kind=kind,
        title=str(title)[:255],
        requested_by=request.user,
        params={
            **(params or {}),
            "language": translation.get_language() or settings.LANGUAGE_CODE,
            "task": getattr(task, "module_path", ""),  # to queue it again after a failure
        },
        # A job that never finishes (a worker killed mid-way) is cleared like any other.
        expires_at=timezone.now() + keep_for(),
    )
    transaction.on_commit(lambda: _enqueue(job.pk, task))
    return job


def _enqueue(job_id, task, run_after=None):
    try:
        if run_after is not None and task.get_backend().supports_defer:
            task = task.using(run_after=run_after)
        result = task.enqueue(job_id)
    except Exception:
        logger.exception("Background job %s could not be queued", job_id)
        GeneratedFile.objects.filter(pk=job_id).update(
            status=GeneratedFile.Status.FAILED,
            finished_at=timezone.now(),
            error=_("Permintaan tidak dapat dimasukkan ke antrean. Coba lagi; bila tetap gagal, hubungi admin."),
        )
        return
    GeneratedFile.objects.filter(pk=job_id).update(task_id=str(result.id))


def retry(job):
    """Queue a failed job again at the user's request, with a fresh count of attempts."""
    task = import_string(job.params["task"])
    GeneratedFile.objects.filter(pk=job.pk).update(
        status=GeneratedFile.Status.QUEUED, attempts=0, progress=0, step="", error="", finished_at=None
    )
    transaction.on_commit(lambda: _enqueue(job.pk, task))


def run(job_id, build):
    """Run one job in the worker: mark it running, build the file, keep it until it expires.
    A failure is recorded on the job (the user sees it) and re-raised so the queue records it too."""
    job = GeneratedFile.objects.select_related("requested_by").get(pk=job_id)
    if job.status == GeneratedFile.Status.READY:
        return job.pk
    job.attempts += 1
    GeneratedFile.objects.filter(pk=job.pk).update(
        status=GeneratedFile.Status.RUNNING,
        progress=0,
        error="",
        attempts=F("attempts") + 1,
        heartbeat_at=timezone.now(),
    )

    def progress(percent, step=""):
        GeneratedFile.objects.filter(pk=job.pk).update(
            progress=max(0, min(int(percent), 99)), step=str(step)[:255], heartbeat_at=timezone.now()
        )

    with translation.override(job.params.get("language", settings.LANGUAGE_CODE)):
        try:
            filename, content = build(job, progress)
            job.file.save(filename, ContentFile(content), save=False)
            now = timezone.now()
            job.filename = filename
            job.size = len(content)
            job.status = GeneratedFile.Status.READY
            job.progress = 100
            job.step = ""
            job.finished_at = now
            job.expires_at = now + keep_for()
            job.save(
                update_fields=["file", "filename", "size", "status", "progress", "step", "finished_at", "expires_at"]
            )
        except Exception:
            logger.exception("Background job %s (%s) failed, attempt %s", job.pk, job.kind, job.attempts)
            if _retry_later(job):
                return job.pk
            GeneratedFile.objects.filter(pk=job.pk).update(
                status=GeneratedFile.Status.FAILED,
                finished_at=timezone.now(),
                error=_(
                    "Terjadi kesalahan saat membuat berkas (%(attempts)d kali dicoba). Coba lagi; "
                    "bila tetap gagal, hubungi admin."
                )
                % {"attempts": job.attempts},
            )
            raise
    return job.pk


def _retry_later(job):
    """Queue a failed job again after a growing pause, while attempts are left; True if queued."""
    attempts = settings.BANGKOM["JOB_ATTEMPTS"]
    if job.attempts >= attempts or not job.params.get("task"):
        return False
    run_after = timezone.now() + timezone.timedelta(
        seconds=settings.BANGKOM["JOB_RETRY_SECONDS"] * 4 ** (job.attempts - 1)
    )
    step = _("Percobaan %(attempt)d dari %(attempts)d gagal; dicoba lagi sekitar pukul %(time)s.") % {
        "attempt": job.attempts,
        "attempts": attempts,
        "time": formats.time_format(timezone.localtime(run_after), "H:i"),
    }
    GeneratedFile.objects.filter(pk=job.pk).update(status=GeneratedFile.Status.QUEUED, progress=0, step=step)
    _enqueue(job.pk, import_string(job.params["task"]), run_after=run_after)
    return True


def recover_stale(now=None, jobs=None):
    """Jobs left RUNNING by a worker that died (killed mid-way, the machine restarted): taken up again
    while attempts are left, else failed with a message and "Coba lagi". Called by the job pages'
    polling, when a job starts and by `manage.py recover_jobs` (the deployment's timer). Returns how
    many were recovered."""
    now = now or timezone.now()
    cutoff = now - timezone.timedelta(minutes=settings.BANGKOM["JOB_STALE_MINUTES"])
    stale = (jobs if jobs is not None else GeneratedFile.objects.all()).filter(
        status=GeneratedFile.Status.RUNNING, heartbeat_at__lt=cutoff
    )
    recovered = 0
    for job in stale:
        # Claimed by one caller only: the update succeeds once even if two pages poll at the same time.
        if job.attempts < settings.BANGKOM["JOB_ATTEMPTS"] and job.params.get("task"):
            step = _("Pembuatan berkas terhenti di tengah jalan; dicoba lagi otomatis.")
            if GeneratedFile.objects.filter(pk=job.pk, status=GeneratedFile.Status.RUNNING).update(
                status=GeneratedFile.Status.QUEUED, progress=0, step=step, heartbeat_at=None
            ):
                transaction.on_commit(lambda job=job: _enqueue(job.pk, import_string(job.params["task"])))
                recovered += 1
        elif GeneratedFile.objects.filter(pk=job.pk, status=GeneratedFile.Status.RUNNING).update(
            status=GeneratedFile.Status.FAILED,
            finished_at=now,
            error=_("Pembuatan berkas terhenti di tengah jalan (%(attempts)d kali dicoba). Coba lagi.")
            % {"attempts": job.attempts},
        ):
            recovered += 1
    return recovered


def keep_for():
    return timezone.timedelta(hours=settings.BANGKOM["GENERATED_FILE_HOURS"])


def prune_expired(now=None):
    """Delete expired files and their records; returns how many went."""
    expired = list(GeneratedFile.objects.filter(expires_at__lt=now or timezone.now()))
    for job in expired:
        if job.file:
            job.file.delete(save=False)
    GeneratedFile.objects.filter(pk__in=[job.pk for job in expired]).delete()
    return len(expired)


def for_user(user):
    """The jobs a user may see: their own."""
    return GeneratedFile.objects.filter(requested_by=user)
