"""The plan meets the schedule: for each plan item, the sessions that realise it and what they
achieved (the people who took part, completed or not, JP earned, what the sessions cost), computed in one
prefetching pass."""

from django.db.models import Count, Prefetch, Q

from programs.models import PlanItem
from training.models import Enrolment, Session

TOTAL_KEYS = ("planned_participants", "participants", "planned_jp", "jp", "budget", "cost", "sessions", "held")


def plan_realisation(user, programs):
    """Rows (item, sessions, realised) for the items of `programs`, and their totals."""
    held = Q(enrolments__status__in=Enrolment.SEATED)
    sessions = (
        Session.objects.for_user(user)
        .exclude(status__in=[Session.Status.CANCELLED, Session.Status.DRAFT])
        .annotate(
            participants=Count("enrolments", filter=held),
            completed=Count("enrolments", filter=Q(enrolments__status=Enrolment.Status.COMPLETED)),
        )
        .select_related("course")
        .order_by("starts_on", "id")
    )
    items = (
        PlanItem.objects.filter(program__in=programs)
        .select_related("program", "competency", "development_form")
        .prefetch_related(Prefetch("sessions", queryset=sessions, to_attr="scheduled"))
        .order_by("program__year", "program_id", "quarter", "id")
    )
    rows = []
    totals = dict.fromkeys(TOTAL_KEYS, 0)
    for item in items:
        realised = {
            "participants": sum(session.participants for session in item.scheduled),
            "jp": sum(session.completed * session.jp for session in item.scheduled),
            "cost": sum(session.cost for session in item.scheduled),
            "held": sum(1 for session in item.scheduled if session.status == Session.Status.FINISHED),
            "planned_jp": item.planned_participants * item.planned_jp,
        }
        rows.append((item, item.scheduled, realised))
        totals["planned_participants"] += item.planned_participants
        totals["planned_jp"] += realised["planned_jp"]
        totals["budget"] += item.budget
        totals["sessions"] += len(item.scheduled)
        for key in ("participants", "jp", "cost", "held"):
            totals[key] += realised[key]
    return {"rows": rows, "totals": totals, "covered": sum(1 for row in rows if row[1])}
