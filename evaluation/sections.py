"""Evaluation results on pages of lower apps: a session, a provider, a plan (see programs/sections.py)."""

from django.utils.translation import gettext_lazy as _

from programs.models import OrgUnit
from programs.sections import section

from .figures import low_scores_for_competencies, scores_by
from .models import Distribution
from .skm import ikm_around, weak_unsur


@section("session")
def session_evaluation(session, user):
    return {
        "title": _("Evaluasi"),
        "template": "evaluation/_session_section.html",
        "session": session,
        "distributions": Distribution.objects.filter(session=session).select_related("questionnaire"),
        "scores": scores_by("id", distribution__session=session),
        "ikm": ikm_around(session),
    }


@section("provider")
def provider_evaluation(provider, user):
    return {
        "title": _("Hasil evaluasi"),
        "template": "evaluation/_provider_section.html",
        "scores": scores_by("provider", distribution__session__provider=provider),
        "courses": scores_by("course__title", distribution__session__provider=provider),
    }


@section("plan")
def plan_warnings(program, user):
    competency_ids = list(program.items.values_list("competency_id", flat=True))
    low = low_scores_for_competencies(competency_ids)
    # The community's voice for the service units the plan covers.
    service_units = OrgUnit.objects.subtree_of(program.unit).filter(is_service_unit=True)
    weak = weak_unsur(service_units)
    if not low and not weak:
        return None
    return {
        "title": _("Catatan dari evaluasi dan SKM"),
        "template": "evaluation/_low_scores.html",
        "low": low.values(),
        "weak_unsur": weak,
    }
