"""The JP ledger's own SQL, around the ORM's: joins of grouped queries, window functions and grouping
on their results have no ORM form. Only LearningRecordQuerySet (training/models.py) calls this module;
it passes querysets in, and only their compiled SQL and model table names are interpolated."""

import datetime
from decimal import Decimal

from django.db import connection
from django.db.models.expressions import RawSQL

CENTS = Decimal("0.01")
JP = "COALESCE(ledger.jp, 0)"


def _persons_and_ledger(persons, ledger):
    persons_sql, persons_params = persons.query.sql_with_params()
    ledger_sql, ledger_params = ledger.query.sql_with_params()
    joined = f"({persons_sql}) persons LEFT JOIN ({ledger_sql}) ledger ON ledger.employee_id = persons.person"
    return joined, (*persons_params, *ledger_params)


def per_unit(persons, ledger, unit_table):
    """[{unit__path, staff, compliant, missing_jp}] from `persons` (person, person_unit, target) and
    `ledger` (employee_id, jp: the year's JP per person), counted per unit then given the unit's path."""
    joined, params = _persons_and_ledger(persons, ledger)
    quote = connection.ops.quote_name
    sql = (
        "SELECT units.path, per_unit.staff, per_unit.compliant, per_unit.missing FROM ("  # noqa: S608 - ORM SQL and model names only  # nosec B608
        " SELECT persons.person_unit, COUNT(*) AS staff,"
        f" SUM(CASE WHEN {JP} >= persons.target THEN 1 ELSE 0 END) AS compliant,"
        f" SUM(CASE WHEN {JP} < persons.target THEN persons.target - {JP} ELSE 0 END) AS missing"
        f" FROM {joined}"
        " GROUP BY persons.person_unit"
        f") per_unit JOIN {quote(unit_table)} units ON units.{quote('id')} = per_unit.person_unit"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [
            {
                "unit__path": path,
                "staff": staff,
                "compliant": compliant,
                "missing_jp": Decimal(str(missing or 0)).quantize(CENTS),  # SQLite sums as floats
            }
            for path, staff, compliant, missing in cursor.fetchall()
        ]


def below_target(persons, ledger):
    """(sql, params) selecting the ids of `persons` (person, name, target) whose JP in `ledger` is
    below their target; BelowTarget orders and pages it, a filter uses it as a subquery."""
    joined, params = _persons_and_ledger(persons, ledger)
    sql = f"SELECT persons.person FROM {joined} WHERE {JP} < persons.target"  # noqa: S608 - ORM SQL only  # nosec B608
    return sql, params


def as_subquery(sql, params):
    return RawSQL(sql, params)  # noqa: S611 - the ORM's SQL and its parameters  # nosec B611


def below_target_page(persons, ledger, *, offset, limit):
    """The ids of a page of the people below target, lowest JP first, then by name."""
    sql, params = below_target(persons, ledger)
    sql += f" ORDER BY {JP}, persons.name, persons.person"
    if limit is not None:
        sql += " LIMIT %s OFFSET %s"
        params = (*params, limit, offset)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def reached_on(rows):
    """{month: people} who reached their target in that month, from `rows` (employee_id, ends_on, jp,
    target: the year's ledger rows): a running total per person in date order (a window function,
    fed in index order), the first date it reaches the target, counted per date."""
    inner, params = rows.query.sql_with_params()
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
        for day, people in cursor.fetchall():
            # SQLite gives the date of a computed column as text.
            month = day.month if isinstance(day, datetime.date) else int(day[5:7])
            reached_in[month] += people
    return reached_in
