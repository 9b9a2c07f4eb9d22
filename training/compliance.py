"""The 20 JP duty: who has reached their yearly target, computed in the database."""

import datetime
from decimal import Decimal

from django.db import connection, models
from django.db.models import (
    Case,
    DecimalField,
    F,
    FilteredRelation,
    Max,
    Q,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest

from core.access import access_for
from programs.models import Employee, OrgUnit

from .ledger import jp_target
from .models import LearningRecord

MONEY = DecimalField(max_digits=8, decimal_places=2)
CENTS = Decimal("0.01")


def with_jp(people, year):
    """Annotate employees with jp (this year's JP), target and missing (never negative). JP is summed
    through a join restricted to the year, so filtering and sorting on it cost one grouped pass
    instead of a subquery per person for every place it appears."""
    return (
        people.annotate(this_year=FilteredRelation("learning_records", condition=Q(learning_records__year=year)))
        .annotate(
            jp=Coalesce(Sum("this_year__jp"), Value(Decimal(0)), output_field=MONEY),
            target=target_for_status(),
        )
        .annotate(missing=Greatest(F("target") - F("jp"), Value(Decimal(0)), output_field=MONEY))
    )


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


def jp_per_unit(people, year, *, whole_agency=False):
    """[{unit__path, staff, compliant, missing_jp}] for `people`, in one query: the year's ledger
    summed per person (the ORM), joined to the people with their unit and target (the ORM), counted
    per unit and then given the unit's path (our SQL around them: joins of grouped queries have no
    ORM form). Summing the ledger before the join groups 70,000 narrow rows instead of 50,000
    employees with their columns (a correlated JP subquery per person was far slower on a province:
    the benchmark's compliance rows record it).
    With `whole_agency` the ledger is summed for everyone (the join keeps the active people), which
    spares a semi-join that only pays off for a smaller scope."""
    persons = people.order_by().values(person=F("pk"), person_unit=F("unit_id"), target=target_for_status())
    ledger = LearningRecord.objects.filter(year=year)
    if not whole_agency:
        ledger = ledger.filter(employee__in=people.values("pk"))
    ledger = ledger.order_by().values("employee_id").annotate(jp=Sum("jp"))
    persons_sql, persons_params = persons.query.sql_with_params()
    ledger_sql, ledger_params = ledger.query.sql_with_params()
    quote = connection.ops.quote_name
    jp = "COALESCE(ledger.jp, 0)"
    sql = (
        "SELECT units.path, per_unit.staff, per_unit.compliant, per_unit.missing FROM ("  # noqa: S608 - ORM SQL and model names only  # nosec B608
        " SELECT persons.person_unit, COUNT(*) AS staff,"
        f" SUM(CASE WHEN {jp} >= persons.target THEN 1 ELSE 0 END) AS compliant,"
        f" SUM(CASE WHEN {jp} < persons.target THEN persons.target - {jp} ELSE 0 END) AS missing"
        f" FROM ({persons_sql}) persons LEFT JOIN ({ledger_sql}) ledger ON ledger.employee_id = persons.person"
        " GROUP BY persons.person_unit"
        f") per_unit JOIN {quote(OrgUnit._meta.db_table)} units ON units.{quote('id')} = per_unit.person_unit"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, (*persons_params, *ledger_params))
        return [
            {
                "unit__path": path,
                "staff": staff,
                "compliant": compliant,
                "missing_jp": Decimal(str(missing or 0)).quantize(CENTS),  # SQLite sums as floats
            }
            for path, staff, compliant, missing in cursor.fetchall()
        ]


def target_for_status(prefix=""):
    return Case(
        When(**{f"{prefix}status": Employee.Status.PPPK}, then=Value(jp_target("pppk"))),
        default=Value(jp_target("pns")),
        output_field=MONEY,
    )


def summary(user, *, year, unit=None):
    """Totals and one row per unit directly under `unit` (or per top unit in scope), in two queries."""
    whole_agency = unit is None and access_for(user).is_admin
    per_unit = jp_per_unit(people_in_scope(user, unit), year, whole_agency=whole_agency)
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
    rows = (
        LearningRecord.objects.filter(year=year, employee__in=people.values("pk"))
        .annotate(target=target_for_status("employee__"))
        .order_by()
        .values("employee_id", "ends_on", "jp", "target")
    )
    inner, params = rows.query.sql_with_params()
    # Our own SQL around the ORM's: window functions and grouping on their result have no ORM form.
    sql = (
        "SELECT reached_on, COUNT(*) FROM ("  # noqa: S608 - only the ORM's own SQL is interpolated  # nosec B608
        " SELECT employee_id, MIN(ends_on) AS reached_on FROM ("
        "  SELECT employee_id, ends_on, target,"
        "   SUM(jp) OVER (PARTITION BY employee_id ORDER BY ends_on) AS running"
        f"  FROM ({inner}) ledger"
        " ) running_totals WHERE running >= target GROUP BY employee_id"
        ") first_reached GROUP BY reached_on"
    )
    reached_in = dict.fromkeys(range(1, 13), 0)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for reached_on, people_count in cursor.fetchall():
            # SQLite gives the date of a computed column as text.
            month = reached_on.month if isinstance(reached_on, datetime.date) else int(reached_on[5:7])
            reached_in[month] += people_count
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
        with_jp(people_in_scope(user, unit), year)
        .select_related("unit", "position")
        .order_by("unit__path", "name", "id")
    )


class BelowTarget:
    """The people below their target, lowest JP first, as a sequence a Paginator can page through.
    Its length comes from the per-unit summary (no count query); a page is one query that sums the
    year's ledger once and joins it to the people (an ORM annotation would group every employee
    column, or run a subquery per person), then the page's 25 people are loaded with their JP."""

    def __init__(self, user, *, year, unit=None, total):
        self.user, self.year, self.unit, self.total = user, year, unit, total

    def count(self):
        return self.total

    def __len__(self):
        return self.total

    def __getitem__(self, window):
        people, params = people_in_scope(self.user, self.unit).values("pk").query.sql_with_params()
        table, records = Employee._meta.db_table, LearningRecord._meta.db_table
        sql = (
            f"SELECT e.id FROM {table} e"  # noqa: S608 - table names and the ORM's own SQL only  # nosec B608
            f" LEFT JOIN (SELECT employee_id, SUM(jp) AS jp FROM {records} WHERE year = %s GROUP BY employee_id) t"
            " ON t.employee_id = e.id"
            f" WHERE e.id IN ({people})"
            " AND COALESCE(t.jp, 0) < CASE WHEN e.status = %s THEN %s ELSE %s END"
            " ORDER BY COALESCE(t.jp, 0), e.name, e.id LIMIT %s OFFSET %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(
                sql,
                [
                    self.year,
                    *params,
                    Employee.Status.PPPK,
                    # Numbers, not Decimals: SQLite's driver would pass a Decimal as text, and a
                    # number compared with text is always smaller there.
                    float(jp_target("pppk")),
                    float(jp_target("pns")),
                    window.stop - window.start,
                    window.start,
                ],
            )
            ids = [row[0] for row in cursor.fetchall()]
        found = with_jp(Employee.objects.filter(pk__in=ids), self.year).select_related("unit", "position").in_bulk()
        return [found[pk] for pk in ids]


def below_target(user, *, year, unit=None):
    return (
        with_jp(people_in_scope(user, unit), year)
        .filter(jp__lt=F("target"))
        .select_related("unit", "position")
        .order_by("jp", "name", "id")
    )
