"""The 20 JP duty: who has reached their yearly target, computed in the database."""

import datetime
from decimal import Decimal

from django.db import connection
from django.db.models import Case, Count, DecimalField, F, IntegerField, Max, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Greatest

from programs.models import Employee, OrgUnit

from .ledger import jp_sum_subquery, jp_target
from .models import LearningRecord

MONEY = DecimalField(max_digits=8, decimal_places=2)


def with_jp(people, year):
    """Annotate employees with jp (this year's JP), target and missing (never negative)."""
    target = Case(
        When(status=Employee.Status.PPPK, then=Value(jp_target("pppk"))),
        default=Value(jp_target("pns")),
        output_field=MONEY,
    )
    return people.annotate(jp=jp_sum_subquery(year), target=target).annotate(
        missing=Greatest(F("target") - F("jp"), Value(Decimal(0)), output_field=MONEY)
    )


def with_last_training(people):
    last = (
        LearningRecord.objects.filter(employee=OuterRef("pk"))
        .order_by()
        .values("employee")
        .annotate(last=Max("ends_on"))
        .values("last")
    )
    return people.annotate(last_training=Subquery(last))


def people_in_scope(user, unit=None):
    people = Employee.objects.for_user(user).active()
    if unit is not None:
        people = people.filter(unit__path__startswith=unit.path)
    return people


def summary(user, *, year, unit=None):
    """Totals and one row per unit directly under `unit` (or per top unit in scope), in two queries."""
    people = with_jp(people_in_scope(user, unit), year)
    reached = Q(jp__gte=F("target"))
    per_unit = list(
        people.order_by()
        .values("unit__path")
        .annotate(staff=Count("pk"), compliant=Count("pk", filter=reached), missing_jp=Sum("missing"))
    )
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


def month_of(year, field):
    """The month (1-12) of a date in `year`, as plain comparisons: SQLite's EXTRACT is a Python
    function called once per row, which made the trend over a province's ledger five times slower."""
    return Case(
        *[When(**{f"{field}__lt": datetime.date(year, month + 1, 1)}, then=Value(month)) for month in range(1, 12)],
        default=Value(12),
        output_field=IntegerField(),
    )


def monthly_trend(user, *, year, unit=None, staff=None):
    """The share of today's active ASN in scope who had reached their JP target by the end of each
    month of `year`. One query returning at most twelve rows: JP per person and month (the ORM),
    a running total per person (a window function), the first month it reaches the target, counted
    per month. `staff` is the head count when the caller already has it."""
    people = people_in_scope(user, unit)
    staff = people.count() if staff is None else staff
    target = Case(
        When(employee__status=Employee.Status.PPPK, then=Value(jp_target("pppk"))),
        default=Value(jp_target("pns")),
        output_field=MONEY,
    )
    per_month = (
        LearningRecord.objects.filter(year=year, employee__in=people.values("pk"))
        .annotate(month=month_of(year, "ends_on"), target=target)
        .order_by()
        .values("employee_id", "month", "target")
        .annotate(jp=Sum("jp"))
    )
    inner, params = per_month.query.sql_with_params()
    # Our own SQL around the ORM's: window functions and grouping on their result have no ORM form.
    sql = (
        "SELECT reached, COUNT(*) FROM ("  # noqa: S608 - only the ORM's own SQL is interpolated
        " SELECT employee_id, MIN(month) AS reached FROM ("
        "  SELECT employee_id, month, target, SUM(jp) OVER (PARTITION BY employee_id ORDER BY month) AS running"
        f"  FROM ({inner}) per_month"
        " ) running_totals WHERE running >= target GROUP BY employee_id"
        ") first_reached GROUP BY reached"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        reached_in = dict(cursor.fetchall())
    compliant, trend = 0, []
    for month in range(1, 13):
        compliant += reached_in.get(month, 0)
        trend.append(
            {"month": month, "compliant": compliant, "share": Decimal(compliant) / staff if staff else Decimal(0)}
        )
    return trend


def everyone(user, *, year, unit=None):
    """Every active ASN in scope with this year's JP, target, shortfall and last training."""
    return (
        with_last_training(with_jp(people_in_scope(user, unit), year))
        .select_related("unit", "position")
        .order_by("unit__path", "name", "id")
    )


def below_target(user, *, year, unit=None):
    return (
        with_last_training(with_jp(people_in_scope(user, unit), year))
        .filter(jp__lt=F("target"))
        .select_related("unit", "position")
        .order_by("jp", "name", "id")
    )
