"""Background jobs: who may see them, the download audit, expiry, failures, and the real queue."""

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.db import OperationalError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from core import jobs
from core.models import GeneratedFile
from tests.factories import UserFactory, grant


def build_hello(job, progress):
    progress(50, "setengah jalan")
    return "halo.txt", b"halo " + job.params["name"].encode()


def build_broken(job, progress):
    raise RuntimeError("disk penuh")


@task()
def hello_task(job_id):
    return jobs.run(job_id, build_hello)


@task()
def broken_task(job_id):
    return jobs.run(job_id, build_broken)


def build_flaky(job, progress):
    """Fails until the job has been tried `fail_times` times (a database restart, a full disk)."""
    if job.attempts <= job.params["fail_times"]:
        raise ConnectionError("basis data sedang dimulai ulang")
    return "ok.txt", b"ok"


@task()
def flaky_task(job_id):
    return jobs.run(job_id, build_flaky)


def start(client, user, task_, **params):
    """Queue a job as `user` the way a view does, through a real request's user."""
    request = type("Request", (), {"user": user})()
    return jobs.start(request, kind="test", title="Berkas uji", task=task_, params=params)


def test_a_job_is_built_and_downloaded_by_its_owner_only(
    client, operator, other_unit_operator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = start(client, operator, hello_task, name="dunia")
    job.refresh_from_db()
    assert (job.status, job.progress, job.size, job.filename) == ("ready", 100, 10, "halo.txt")
    assert job.expires_at > timezone.now() + timezone.timedelta(hours=71)
    client.force_login(other_unit_operator)
    assert client.get(job.get_absolute_url()).status_code == 404
    assert client.get(reverse("core:job_download", args=[job.pk])).status_code == 404
    client.force_login(operator)
    assert "Berkas uji" in client.get(reverse("core:job_list")).content.decode()
    response = client.get(reverse("core:job_download", args=[job.pk]))
    assert b"".join(response.streaming_content) == b"halo dunia"
    entry = LogEntry.objects.get(action=LogEntry.Action.ACCESS, actor=operator)
    assert entry.additional_data["export"] == "Berkas uji"


def test_the_page_polls_while_running_and_stops_when_done(client, operator):
    job = GeneratedFile.objects.create(kind="test", title="Laporan", requested_by=operator, progress=40, step="PDF")
    client.force_login(operator)
    fragment = client.get(job.get_absolute_url(), headers={"HX-Request": "true"}).content.decode()
    assert 'data-hx-trigger="every 2s"' in fragment and 'value="40"' in fragment and "<html" not in fragment
    GeneratedFile.objects.filter(pk=job.pk).update(status="failed", error="Gagal karena uji")
    fragment = client.get(job.get_absolute_url(), headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in fragment and "Gagal karena uji" in fragment


def test_a_failure_is_shown_to_the_user_and_recorded(client, operator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = start(client, operator, broken_task)
    job.refresh_from_db()
    assert job.status == "failed" and "Terjadi kesalahan" in job.error and not job.file
    client.force_login(operator)
    assert "Terjadi kesalahan" in client.get(job.get_absolute_url()).content.decode()
    assert client.get(reverse("core:job_download", args=[job.pk])).status_code == 404


def test_expired_files_are_gone(client, operator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = start(client, operator, hello_task, name="lama")
    job.refresh_from_db()
    storage, name = job.file.storage, job.file.name
    GeneratedFile.objects.filter(pk=job.pk).update(expires_at=timezone.now() - timezone.timedelta(minutes=1))
    client.force_login(operator)
    assert client.get(reverse("core:job_download", args=[job.pk])).status_code == 404
    assert jobs.prune_expired() == 1
    assert not GeneratedFile.objects.filter(pk=job.pk).exists() and not storage.exists(name)


def test_the_job_pages_need_a_login(client, db):
    assert client.get(reverse("core:job_list")).status_code == 302


@pytest.mark.django_db(transaction=True)
def test_the_database_queue_and_worker_run_the_job(settings, tmp_path):
    """The production path: the job waits in the database until `db_worker` picks it up."""
    owner = grant(UserFactory(username="kepala"), "admin")
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        job = start(None, owner, hello_task, name="antrean")
        job.refresh_from_db()
        assert job.status == "queued" and job.task_id
        call_command("db_worker", batch=True, interval=0, startup_delay=False, verbosity=0)
    job.refresh_from_db()
    assert job.status == "ready" and job.file.read() == b"halo antrean"


def test_a_job_that_cannot_be_queued_says_so(client, operator, django_capture_on_commit_callbacks):
    class DeadQueue:
        def enqueue(self, *args):
            raise ConnectionError("antrean mati")

    with django_capture_on_commit_callbacks(execute=True):
        job = start(client, operator, DeadQueue(), name="x")
    job.refresh_from_db()
    assert job.status == "failed" and "antrean" in job.error and job.expires_at is not None


def test_stuck_jobs_expire_too_and_the_command_prunes(operator, capsys):
    from django.core.management import call_command

    GeneratedFile.objects.create(
        kind="test",
        title="Macet",
        requested_by=operator,
        status="running",
        expires_at=timezone.now() - timezone.timedelta(hours=1),
    )
    call_command("prune_generated_files")
    assert "1 expired" in capsys.readouterr().out and not GeneratedFile.objects.exists()


def test_a_failed_job_is_retried_and_succeeds(operator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = start(None, operator, flaky_task, fail_times=2)
    job.refresh_from_db()
    assert (job.status, job.attempts, job.error) == ("ready", 3, "")


def test_after_the_last_attempt_the_user_sees_why_and_can_try_again(
    client, operator, other_unit_operator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = start(None, operator, flaky_task, fail_times=5)
    job.refresh_from_db()
    assert (job.status, job.attempts) == ("failed", 3) and "3 kali dicoba" in job.error
    retry = reverse("core:job_retry", args=[job.pk])
    client.force_login(other_unit_operator)
    assert client.post(retry).status_code == 404  # only the one who asked

    client.force_login(operator)
    page = client.get(job.get_absolute_url()).content.decode()
    assert "3 kali dicoba" in page and retry in page
    GeneratedFile.objects.filter(pk=job.pk).update(params={**job.params, "fail_times": 0})  # the disk was freed
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(retry).status_code == 302
    job.refresh_from_db()
    assert (job.status, job.attempts, job.error) == ("ready", 1, "")
    assert client.post(retry).status_code == 404  # nothing to retry once it is ready


@pytest.mark.django_db(transaction=True)
def test_on_the_real_queue_a_retry_waits_and_the_page_says_when(settings, client):
    owner = grant(UserFactory(username="kepala"), "admin")
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        job = start(None, owner, flaky_task, fail_times=1)
        call_command("db_worker", batch=True, interval=0, startup_delay=False, verbosity=0)
        job.refresh_from_db()
        assert (job.status, job.attempts) == ("queued", 1) and "dicoba lagi sekitar pukul" in job.step
        waiting = DBTaskResult.objects.filter(status="READY").get()
        assert waiting.run_after > timezone.now() + timezone.timedelta(seconds=20)
        client.force_login(owner)
        assert "dicoba lagi sekitar pukul" in client.get(job.get_absolute_url()).content.decode()

        DBTaskResult.objects.filter(pk=waiting.pk).update(run_after=timezone.now())  # the pause is over
        call_command("db_worker", batch=True, interval=0, startup_delay=False, verbosity=0)
    job.refresh_from_db()
    assert (job.status, job.attempts) == ("ready", 2)


def abandoned(user, *, attempts, minutes_ago=10, task_=hello_task):
    """A job its worker left RUNNING (SIGKILL mid-way): the last sign of life `minutes_ago`."""
    return GeneratedFile.objects.create(
        kind="test",
        title="Berkas uji",
        requested_by=user,
        params={"name": "dunia", "task": task_.module_path},
        status=GeneratedFile.Status.RUNNING,
        progress=4,
        attempts=attempts,
        heartbeat_at=timezone.now() - timezone.timedelta(minutes=minutes_ago),
        expires_at=timezone.now() + timezone.timedelta(hours=1),
    )


def test_a_job_whose_worker_died_is_taken_up_again_when_its_page_polls(
    client, operator, django_capture_on_commit_callbacks
):
    job = abandoned(operator, attempts=1)
    client.force_login(operator)
    with django_capture_on_commit_callbacks(execute=True):
        client.get(reverse("core:job_detail", args=[job.pk]), headers={"HX-Request": "true"})
    job.refresh_from_db()
    assert (job.status, job.progress, job.attempts) == ("ready", 100, 2)


def test_a_job_out_of_attempts_fails_with_try_again(client, operator):
    job = abandoned(operator, attempts=3)
    client.force_login(operator)
    page = client.get(reverse("core:job_detail", args=[job.pk])).content.decode()
    job.refresh_from_db()
    assert job.status == "failed" and "terhenti di tengah jalan" in job.error
    assert "Coba lagi" in page


def test_a_job_still_heard_from_is_left_alone(operator):
    job = abandoned(operator, attempts=1, minutes_ago=1)
    assert jobs.recover_stale() == 0
    job.refresh_from_db()
    assert job.status == "running"


def test_the_deployment_timer_recovers_jobs_nobody_watches(operator, django_capture_on_commit_callbacks):
    job = abandoned(operator, attempts=1)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("recover_jobs", stdout=__import__("io").StringIO())
    job.refresh_from_db()
    assert job.status == "ready"


# --- a worker killed mid-job, a locked database ------------------------------------------------


def test_a_job_silent_after_its_last_attempt_fails_and_offers_to_try_again(
    client, operator, django_capture_on_commit_callbacks
):
    job = abandoned(operator, attempts=3)
    client.force_login(operator)
    page = client.get(job.get_absolute_url()).content.decode()
    job.refresh_from_db()
    assert job.status == "failed" and job.is_retryable
    assert "terhenti di tengah jalan" in page and "Coba lagi" in page and "hx-trigger" not in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("core:job_retry", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == "ready"


def test_progress_is_a_heartbeat(operator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = start(None, operator, hello_task, name="x")
    job.refresh_from_db()
    assert job.heartbeat_at is not None and job.heartbeat_at >= job.created_at


@pytest.mark.django_db(transaction=True)
def test_a_killed_worker_s_job_recovers_through_the_timer_and_the_real_queue(capsys):
    """The deployment's sweep (prune_generated_files on its timer) takes the stranded job up again
    and the next db_worker finishes it, with no admin and no page open."""
    owner = grant(UserFactory(username="kepala"), "admin")
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        job = abandoned(owner, attempts=1, minutes_ago=30)
        call_command("recover_jobs")
        assert "1 job(s) recovered" in capsys.readouterr().out
        job.refresh_from_db()
        assert job.status == "queued" and "terhenti di tengah jalan" in job.step
        call_command("db_worker", batch=True, interval=0, startup_delay=False, verbosity=0)
    job.refresh_from_db()
    assert (job.status, job.attempts) == ("ready", 2)
    assert job.file.read() == b"halo dunia"


def build_locked_once(job, progress):
    """SQLite answers "database is locked" the first time (another process is writing)."""
    progress(10, "menulis")
    if not job.params.get("locked"):
        job.params["locked"] = True
        raise OperationalError("database is locked")
    return "ok.txt", b"ok"


@task()
def locked_once_task(job_id):
    return jobs.run(job_id, build_locked_once)


def test_a_locked_database_is_waited_out_without_losing_an_attempt(
    operator, settings, django_capture_on_commit_callbacks
):
    settings.BANGKOM = {**settings.BANGKOM, "JOB_LOCK_PAUSE_SECONDS": 0}
    with django_capture_on_commit_callbacks(execute=True):
        job = start(None, operator, locked_once_task)
    job.refresh_from_db()
    assert (job.status, job.attempts, job.step) == ("ready", 1, "")


def test_a_run_overtaken_by_a_later_one_writes_nothing(operator, django_capture_on_commit_callbacks):
    """A stalled worker that wakes after its job was taken up again does not overwrite it."""
    job = abandoned(operator, attempts=1, minutes_ago=30)

    def build_late(job_, progress):
        GeneratedFile.objects.filter(pk=job_.pk).update(attempts=3)  # a later run claimed the job meanwhile
        return "lama.txt", b"lama"

    jobs.run(job.pk, build_late)
    job.refresh_from_db()
    assert job.status == "running" and not job.file
