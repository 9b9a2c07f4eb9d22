"""The needs-analysis section of the employee profile (see programs/sections.py)."""

from django.utils.translation import gettext_lazy as _

from programs.sections import section

from .figures import person_gap_profile
from .models import Assessment


@section("employee")
def latest_assessment(person, user):
    assessment = (
        Assessment.objects.filter(
            employee=person, status__in=[Assessment.Status.SUBMITTED, Assessment.Status.VALIDATED]
        )
        .select_related("survey")
        .order_by("-survey__year", "-submitted_at", "-id")
        .first()
    )
    return {
        "title": _("Profil kesenjangan kompetensi"),
        "template": "needs_analysis/_profile_section.html",
        "assessment": assessment,
        "profile": person_gap_profile(assessment) if assessment else None,
    }


@section("session_proposal")
def gap_people_tab(session, user):
    """On a unit's proposal page: the tab listing its people with the session's competency gap."""
    return {"template": "needs_analysis/_proposal_tab.html", "session": session, "active": False}
