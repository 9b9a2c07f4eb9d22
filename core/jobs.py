"""Background generation of big files (annual reports, certificate archives) on Django's tasks API.

A view calls `start(...)` with a task; the worker runs the task, which calls `run(job_id, build)`.
`build(job, progress)` returns (filename, bytes) and may call `progress(percent, step)` as it goes;
the job page polls the job's row, so the user sees the progress and then a download link.

A failed build is queued again BANGKOM["JOB_ATTEMPTS"] times in all, each retry later than the
last (a database restart or a full disk often passes); the user sees the retry coming and, after
the last failure, the reason and a button to try again. SQLite's "database is locked" is waited out
in place first. A build may return None: its result is on the job's record (an import), not a file.

The worker writes a heartbeat when it starts a job and at each progress step. A worker killed
mid-job leaves its job running and silent: `recover_stale` (run by the job pages' polls, by each
new job and by `manage.py recover_jobs` on the deployment's timer) queues it again, as one of its
attempts, or fails it with "Coba lagi"."""

import logging
import time

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import OperationalError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django_tasks_db.utils import is_locked_database_exception

from core.formats import clock

from .models import GeneratedFile

logger = logging.getLogger(__name__)


def start(request, *, kind, title, task, params=None, keep_hours=None):
    """Record a job for request.user and queue `task(job_id)` once the record is committed.
    `params["input"]`, when given, names a stored file the job reads; it goes with the job."""
    prune_expired()
    recover_stale()
    params = {
        **(params or {}),
        "language": translation.get_language() or settings.LANGUAGE_CODE,
        "task": getattr(task, "module_path", ""),  # to queue it again after a failure
    }
    if keep_hours:
        params["keep_hours"] = keep_hours
    job = GeneratedFile.objects.create(
        kind=kind,
        title=str(title)[:255],
        requested_by=request.user,
        params=params,
        # A job that never finishes (a worker killed mid-way) is cleared like any other.
        expires_at=timezone.now() + keep_for(keep_hours),
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


def continue_with(job, *, kind, title, task, params):
    """Queue the next step of a finished job's work on the same record (an import's save after its
    check), with a fresh count of attempts; False when another request took it first (a double click)."""
    params = {**params, "task": getattr(task, "module_path", "")}
    keep_hours = params.get("keep_hours")
    taken = GeneratedFile.objects.filter(pk=job.pk, kind=job.kind, status=job.status).update(
        kind=kind,
        title=str(title)[:255],
        params=params,
        status=GeneratedFile.Status.QUEUED,
        attempts=0,
        progress=0,
        step="",
        error="",
        finished_at=None,
        expires_at=timezone.now() + keep_for(keep_hours),
    )
    if taken:
        transaction.on_commit(lambda: _enqueue(job.pk, task))
    return bool(taken)


def run(job_id, build):
    """Run one job in the worker: mark it running, build the file, keep it until it expires.
    A failure is recorded on the job (the user sees it) and re-raised so the queue records it too."""
    job = GeneratedFile.objects.select_related("requested_by").filter(pk=job_id).first()
    if job is None or job.status in (GeneratedFile.Status.READY, GeneratedFile.Status.DONE):
        return job_id  # discarded meanwhile (an abandoned import), or finished by an earlier run
    attempt = job.attempts + 1
    # Claimed by its count of attempts: of two runs of one job (a stalled run that wakes up after
    # the job was taken up again) only the latest may write to it.
    claimed = _when_unlocked(
        GeneratedFile.objects.filter(pk=job.pk, attempts=job.attempts).update,
        status=GeneratedFile.Status.RUNNING,
        progress=0,
        error="",
        attempts=attempt,
        heartbeat_at=timezone.now(),
    )
    if not claimed:
        return job.pk
    job.attempts = attempt
    mine = GeneratedFile.objects.filter(pk=job.pk, attempts=attempt)

    def progress(percent, step=""):
        _when_unlocked(
            mine.filter(status=GeneratedFile.Status.RUNNING).update,
            progress=max(0, min(int(percent), 99)),
            step=str(step)[:255],
            heartbeat_at=timezone.now(),
        )

    with translation.override(job.params.get("language", settings.LANGUAGE_CODE)):
        try:
            _finish(job, mine, _when_unlocked(build, job, progress))
        except Exception:
            logger.exception("Background job %s (%s) failed, attempt %s", job.pk, job.kind, job.attempts)
            if _retry_later(job):
                return job.pk
            _when_unlocked(
                mine.update,
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


def _finish(job, mine, result):
    now = timezone.now()
    fields = {
        "status": GeneratedFile.Status.DONE,
        "progress": 100,
        "step": "",
        "finished_at": now,
        "heartbeat_at": now,
        "expires_at": now + keep_for(job.params.get("keep_hours")),
    }
    if result is not None:
        filename, content = result
        job.file.save(filename, ContentFile(content), save=False)
        fields.update(file=job.file.name, filename=filename, size=len(content), status=GeneratedFile.Status.READY)
    if not _when_unlocked(mine.update, **fields) and job.file:
        job.file.delete(save=False)  # the job was taken up by a later run meanwhile


def _when_unlocked(call, *args, **kwargs):
    """`call`, tried again after a growing pause while SQLite answers "database is locked" (a long
    write elsewhere holds it): the job waits its turn instead of failing."""
    retries = settings.BANGKOM["JOB_LOCK_RETRIES"]
    for tried in range(retries + 1):
        try:
            return call(*args, **kwargs)
        except OperationalError as error:
            if tried == retries or not is_locked_database_exception(error):
                raise
            pause = settings.BANGKOM["JOB_LOCK_PAUSE_SECONDS"] * 2**tried
            logger.warning("Database locked during a background job; trying again in %s s", pause)
            time.sleep(pause)
    return None


def recover_stale(now=None, jobs=None):
    """Jobs left RUNNING by a worker that died (killed mid-way, the machine restarted): taken up again
    while attempts are left, else failed with a message and "Coba lagi". Called by the job pages'
    polling, when a job starts and by `manage.py recover_jobs` (the deployment's timer). Returns how
    many were recovered."""
    now = now or timezone.now()
    cutoff = now - timezone.timedelta(minutes=settings.BANGKOM["JOB_STALE_MINUTES"])
    # A job started before heartbeats were written counts from its creation.
    silent = Q(status=GeneratedFile.Status.RUNNING) & (
        Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, created_at__lt=cutoff)
    )
    attempts = settings.BANGKOM["JOB_ATTEMPTS"]
    recovered = 0
    for job in (
        (jobs if jobs is not None else GeneratedFile.objects.all()).filter(silent).only("pk", "attempts", "params")
    ):
        # The same condition in the update: of two pages polling at once, one takes the job.
        claim = GeneratedFile.objects.filter(silent, pk=job.pk, attempts=job.attempts)
        if job.params.get("task") and job.attempts < attempts:
            step = _("Pembuatan berkas terhenti di tengah jalan; dicoba lagi otomatis.")
            if claim.update(status=GeneratedFile.Status.QUEUED, progress=0, step=step, heartbeat_at=now):
                logger.warning("Background job %s went silent; queued again", job.pk)
                _enqueue(job.pk, import_string(job.params["task"]))
                recovered += 1
        elif claim.update(
            status=GeneratedFile.Status.FAILED,
            finished_at=now,
            heartbeat_at=now,
            error=_("Pembuatan berkas terhenti di tengah jalan (%(attempts)d kali dicoba). Coba lagi.")
            % {"attempts": job.attempts},
        ):
            logger.warning("Background job %s went silent after its last attempt; failed", job.pk)
            recovered += 1
    return recovered


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
        "time": clock(run_after),
    }
    GeneratedFile.objects.filter(pk=job.pk).update(status=GeneratedFile.Status.QUEUED, progress=0, step=step)
    _enqueue(job.pk, import_string(job.params["task"]), run_after=run_after)
    return True


def keep_for(hours=None):
    return timezone.timedelta(hours=hours or settings.BANGKOM["GENERATED_FILE_HOURS"])


def prune_expired(now=None):
    """Delete expired files and their records; returns how many went."""
    expired = list(GeneratedFile.objects.filter(expires_at__lt=now or timezone.now()))
    for job in expired:
        discard(job)
    return len(expired)


def discard(job):
    """Delete a job with its file and the file it reads (an upload holding personal data)."""
    if job.file:
        job.file.delete(save=False)
    if job.params.get("input") and default_storage.exists(job.params["input"]):
        default_storage.delete(job.params["input"])
    GeneratedFile.objects.filter(pk=job.pk).delete()


def for_user(user):
    """The jobs a user may see: their own."""
    return GeneratedFile.objects.filter(requested_by=user)
