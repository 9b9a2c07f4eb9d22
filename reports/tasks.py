"""Background tasks of the reports app (run by `manage.py db_worker`)."""

from django.utils.translation import gettext as _
from django_tasks import task

from core import jobs
from core.pdf import render_pdf
from core.word import render_docx
from programs.models import OrgUnit

from .annual import annual_report
from .exports import annual_document, annual_report_stem

# The annual report is built as PDF, or as its Word copy when the job asks for this format.
WORD = "docx"


def build_annual_report(job, progress):
    user = job.requested_by
    unit_id = job.params.get("unit")
    # Scope is checked again here: the unit must still be in the requester's reach.
    unit = OrgUnit.objects.for_user(user).get(pk=unit_id) if unit_id else None
    context = annual_report(user, year=job.params["year"], unit=unit, progress=progress)
    stem = annual_report_stem(context)
    if job.params.get("format") == WORD:
        progress(70, _("Menyusun berkas Word"))
        built = f"{stem}.docx", render_docx(annual_document(context))
    else:
        progress(70, _("Menyusun PDF"))
        built = f"{stem}.pdf", render_pdf("reports/pdf/annual_report.html", context)
    job.params["rows"] = context["staff"]["total"]
    job.save(update_fields=["params"])
    return built


@task()
def annual_report_task(job_id):
    return jobs.run(job_id, build_annual_report)
