"""The 20 JP duty: who has reached their yearly target, computed in the database."""

from decimal import Decimal

from django.db import models
from django.db.models import (
    Max,
)

from core.access import access_for
from programs.models import Employee, OrgUnit

from .models import LearningRecord


def last_training(people):
    """{employee id: end date of their latest learning} for `people` (a queryset of employees or a
    list of ids), in one query. Kept out of the JP queries: a subquery annotation there would join
    their GROUP BY and run once per ledger row."""
    if isinstance(people, models.QuerySet):
        people = people.values("pk")
    return dict(
        LearningRecord.objects.filter(employee__in=people)
        .order_by()
        .values_list("employee_id")
        .annotate(last=Max("ends_on"))
    )


def with_last_training(people):
    """The employees of a page (an iterable), each given .last_training, in one query."""
    people = list(people)
    dates = last_training([person.pk for person in people])
    for person in people:
        person.last_training = dates.get(person.pk)
    return people


def unit_shown(user, unit):
    """The unit whose sub-units the figures list: the one asked for, else an operator's or head's
    only unit (their sub-units, rather than one row for all of it), else None (the whole scope)."""
    return unit if unit is not None else access_for(user).default_unit


def people_in_scope(user, unit=None):
    people = Employee.objects.for_user(user).active()
    if unit is not None:
        people = people.in_subtree(unit)
    return people


def summary(user, *, year, unit=None):
    """Totals and one row per unit directly under `unit` (or per top unit in scope), in two queries."""
    whole_agency = unit is None and access_for(user).is_admin
    per_unit = LearningRecord.objects.per_unit(people_in_scope(user, unit), year, whole_agency=whole_agency)
    if unit is not None:
        depth = unit.depth + 1
        groups = OrgUnit.objects.filter(path__startswith=unit.path, depth=depth)
    else:
        depth = min((len(row["unit__path"]) // OrgUnit.steplen for row in per_unit), default=1)
        groups = OrgUnit.objects.for_user(user).filter(depth=depth)
    groups = {group.path: group for group in groups}
    rows = {}
    totals = {"staff": 0, "compliant": 0, "missing_jp": Decimal(0)}
    for row in per_unit:
        path = row["unit__path"]
        key = path[: depth * OrgUnit.steplen]
        group = groups.get(key) or (unit if unit is not None and path == unit.path else None)
        bucket = rows.setdefault(
            group.pk if group else None, {"unit": group, "staff": 0, "compliant": 0, "missing_jp": Decimal(0)}
        )
        for name in ("staff", "compliant", "missing_jp"):
            bucket[name] += row[name] or 0
            totals[name] += row[name] or 0
    ordered = sorted(rows.values(), key=lambda r: r["unit"].path if r["unit"] else "")
    for row in [*ordered, totals]:
        row["below"] = row["staff"] - row["compliant"]
        row["share"] = (Decimal(row["compliant"]) / row["staff"]) if row["staff"] else Decimal(0)
    return {"rows": ordered, "totals": totals}


def monthly_trend(user, *, year, unit=None, staff=None):
    """The share of today's active ASN in scope who had reached their JP target by the end of each
    month of `year`. One query returning a row per day on which someone reached it: the year's
    ledger rows with the person's target (the ORM), a running total per person in date order (a
    window function, fed in index order), the first date it reaches the target, counted per date;
    the dates are summed into months here. `staff` is the head count when the caller already has it."""
    people = people_in_scope(user, unit)
    staff = people.count() if staff is None else staff
    reached_in = LearningRecord.objects.reached_per_month(people, year)
    compliant, trend = 0, []
    for month in range(1, 13):
        compliant += reached_in[month]
        trend.append(
            {"month": month, "compliant": compliant, "share": Decimal(compliant) / staff if staff else Decimal(0)}
        )
    return trend


def everyone(user, *, year, unit=None):
    """Every active ASN in scope with this year's JP, target, shortfall and last training."""
    return (
        LearningRecord.objects.with_jp(people_in_scope(user, unit), year)
        .select_related("unit", "position")
        .order_by("unit__path", "name", "id")
    )


def below_target(user, *, year, unit=None, total=None):
    """The ASN in scope below their JP target, lowest JP first (the 20 JP page and its Excel)."""
    return LearningRecord.objects.below_target(people_in_scope(user, unit), year, total=total)
