"""The platform's own records: files built in the background and the claims of sent forms."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def generated_file_path(job, filename):
    """A path no one can guess from the report's name (in case media is ever served directly)."""
    return f"generated/{timezone.now():%Y/%m}/{uuid.uuid4().hex}/{filename}"


class GeneratedFile(models.Model):
    """A report or archive built in the background for the user who asked for it, downloadable by
    them until it expires (BANGKOM["GENERATED_FILE_HOURS"]). core/jobs.py runs it."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Dalam antrean")
        RUNNING = "running", _("Sedang dibuat")
        READY = "ready", _("Siap diunduh")
        DONE = "done", _("Selesai")  # a job whose result is a page, not a file (an import)
        FAILED = "failed", _("Gagal")

    kind = models.CharField(_("jenis"), max_length=40)
    title = models.CharField(_("judul"), max_length=255)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    params = models.JSONField(default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("kemajuan (%)"), default=0)
    step = models.CharField(_("tahap"), max_length=255, blank=True)
    file = models.FileField(upload_to=generated_file_path, blank=True)
    filename = models.CharField(_("nama berkas"), max_length=255, blank=True)
    size = models.PositiveBigIntegerField(_("ukuran"), default=0)
    error = models.TextField(_("galat"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("percobaan"), default=0)
    task_id = models.CharField(max_length=64, blank=True)
    # The worker's last sign of life on this job (start and each progress step): a RUNNING job not heard
    # from for BANGKOM["JOB_STALE_MINUTES"] lost its worker (killed, restarted) and is taken up again.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("diminta"), auto_now_add=True)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    expires_at = models.DateTimeField(_("kedaluwarsa"), null=True, blank=True)

    class Meta:
        verbose_name = _("berkas yang dibuat")
        verbose_name_plural = _("berkas yang dibuat")
        db_table = "programs_generatedfile"  # made by the backbone before the platform had a room
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["requested_by", "-created_at"]),
            # jobs.recover_stale: running jobs whose heartbeat is older than the stall limit.
            models.Index(fields=["status", "heartbeat_at"], name="generatedfile_status_beat"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="generatedfile_progress_max_100"),
            models.CheckConstraint(
                condition=~models.Q(status="ready") | ~models.Q(file=""), name="generatedfile_ready_has_file"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        # A job whose result is a page of its own (the employee import's preview) names that page.
        return reverse(self.params.get("page", "core:job_detail"), args=[self.pk])

    @property
    def is_finished(self):
        return self.status in (self.Status.READY, self.Status.DONE, self.Status.FAILED)

    @property
    def is_retryable(self):
        """Failed, and started by a task that can be queued again (core/jobs.py)."""
        return self.status == self.Status.FAILED and bool(self.params.get("task"))


class FormSubmission(models.Model):
    """One sending of a form, claimed by its page's one-time token (static/js/bangkom.js adds it):
    a double click, a resend after a dropped connection or a browser's "resubmit" finds the claim
    and is sent where the first went instead of storing twice (core/middleware.py)."""

    key = models.CharField(max_length=64, unique=True)
    location = models.CharField(max_length=2000, blank=True)  # where the first sending was redirected
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("kiriman formulir")
        verbose_name_plural = _("kiriman formulir")
        db_table = "programs_formsubmission"

    def __str__(self):
        return self.key[:12]


class RateLimitHit(models.Model):
    """One use of a public action that is limited per client (core/rate_limits.py): the limits' memory,
    shared by every server process. It holds the action's name, a salted hash of the client's address
    and the time, names no one, and is deleted once the limit's window has passed."""

    action = models.CharField(max_length=40)
    address = models.CharField(max_length=24)
    attempted_at = models.DateTimeField()

    class Meta:
        verbose_name = _("penggunaan terbatas")
        verbose_name_plural = _("penggunaan terbatas")
        indexes = [
            # The count: one client's uses of one action within the window.
            models.Index(fields=["action", "address", "attempted_at"], name="ratelimithit_by_client"),
            # The clean-up of hits older than the window.
            models.Index(fields=["attempted_at"], name="ratelimithit_by_time"),
        ]

    def __str__(self):
        return f"{self.action} {self.attempted_at:%Y-%m-%d %H:%M}"
