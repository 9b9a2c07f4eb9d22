"""The training section of the employee profile: JP this year and the latest learning (see programs/sections.py)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from programs.sections import section

from .models import LearningRecord
from .targets import jp_target


@section("employee")
def learning(person, user):
    year = timezone.localdate().year
    records = list(LearningRecord.objects.filter(employee=person).select_related("development_form")[:8])
    jp_year = LearningRecord.objects.filter(employee=person, year=year).jp_total()
    return {
        "title": _("JP dan riwayat pembelajaran"),
        "template": "training/_profile_section.html",
        "person": person,
        "records": records,
        "year": year,
        "jp_year": jp_year,
        "target": jp_target(person.status),
    }
