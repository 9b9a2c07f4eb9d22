"""Background tasks of the training app (run by `manage.py db_worker`)."""

from django_tasks import task

from core import jobs

from . import certificates
from .models import Session


def build_certificates_zip(job, progress):
    # Scope is checked again in the worker: the requester must still manage the session.
    session = Session.objects.editable_by(job.requested_by).get(pk=job.params["session"])
    content, count = certificates.session_zip(session, job.params["site"], progress=progress)
    job.params["rows"] = count
    job.save(update_fields=["params"])
    return f"sertifikat-angkatan-{session.pk}.zip", content


@task()
def certificates_zip_task(job_id):
    return jobs.run(job_id, build_certificates_zip)
