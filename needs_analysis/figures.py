"""A campaign's figures, computed once per request in a constant number of queries and shared by the
HTML page, the Excel export and the PDF summary."""

import math
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Case, Count, F, IntegerField, Q, Sum, Value, When
from django.utils.translation import gettext as _

from programs.models import Competency, Employee, OrgUnit

from . import gaps
from .models import Assessment, AssessmentItem

ANSWERED = [Assessment.Status.SUBMITTED, Assessment.Status.VALIDATED]


def scoped_assessments(survey, user, unit=None):
    assessments = Assessment.objects.for_user(user).filter(survey=survey)
    if unit is not None:
        assessments = assessments.filter(unit__path__startswith=unit.path)
    return assessments


@dataclass
class Progress:
    rows: list = field(default_factory=list)  # (unit, [(status label, count) in Status order], total)
    totals: dict = field(default_factory=dict)  # {status: count}, in Status order
    total: int = 0

    @property
    def answered(self):
        return self.totals.get(Assessment.Status.SUBMITTED, 0) + self.totals.get(Assessment.Status.VALIDATED, 0)

    @property
    def answered_share(self):
        return self.answered / self.total if self.total else 0


def progress(survey, user, unit=None):
    """Per unit: how many assessments are not started, in draft, submitted, validated (2 queries)."""
    counts = {}
    for unit_id, status, total in (
        scoped_assessments(survey, user, unit).values_list("unit_id", "status").annotate(total=Count("pk")).order_by()
    ):
        counts.setdefault(unit_id, {})[status] = total
    units = OrgUnit.objects.filter(pk__in=counts).order_by("path")
    result = Progress(totals=dict.fromkeys(Assessment.Status.values, 0))
    for unit_row in units:
        by_status = counts[unit_row.pk]
        row_total = sum(by_status.values())
        result.rows.append(
            (unit_row, [(label, by_status.get(status, 0)) for status, label in Assessment.Status.choices], row_total)
        )
        for status, total in by_status.items():
            result.totals[status] += total
        result.total += row_total
    return result


HEATMAP_UNITS = 60


@dataclass
class Recap:
    cells: list  # ranked RecapCells per unit x competency
    by_competency: list  # ranked RecapCells merged per competency
    units: dict
    competencies: dict
    population: int
    assessed_people: int

    def heatmap(self, limit=HEATMAP_UNITS):
        """(competencies in code order, [(unit, [(cell or None, bucket 0..5)])]) for units in tree
        order: the `limit` units with the most priority (a province's 500 rows are read by nobody;
        filtering by unit shows the rest)."""
        competencies = sorted(self.competencies.values(), key=lambda c: c.code)
        index = {(cell.unit_id, cell.competency_id): cell for cell in self.cells}
        weight = defaultdict(int)
        for cell in self.cells:
            weight[cell.unit_id] += cell.priority_cents
        shown = sorted(self.units.values(), key=lambda u: (-weight[u.pk], u.path))[:limit]
        rows = []
        for unit in sorted(shown, key=lambda u: u.path):
            line = []
            for competency in competencies:
                cell = index.get((unit.pk, competency.pk))
                line.append((cell, math.ceil(float(cell.share) * 5) if cell else None))
            rows.append((unit, line))
        return competencies, rows


def actual_level_expression():
    """gaps.actual_level in SQL, for an AssessmentItem: the supervisor's level once the assessment is
    validated and the supervisor gave one, otherwise the self level (tests compare the two)."""
    return Case(
        When(
            assessment__status=Assessment.Status.VALIDATED,
            supervisor_level__isnull=False,
            then=F("supervisor_level"),
        ),
        default=F("self_level"),
        output_field=IntegerField(),
    )


def recap(survey, user, *, unit=None, competency_type=""):
    """Priority needs of a campaign within the user's scope (4 queries, one grouped pass over the answers)."""
    assessments = scoped_assessments(survey, user, unit)
    population = dict(assessments.values_list("unit_id").annotate(total=Count("pk")).order_by())
    items = AssessmentItem.objects.filter(assessment__in=assessments.filter(status__in=ANSWERED).values("pk"))
    if competency_type:
        items = items.filter(competency__type=competency_type)
    # gaps.recap's sums per unit and competency, taken in the database: a province's 100,000
    # answers become one row per cell instead of 30,000 level combinations weighed in Python
    # (tests compare the two).
    shortfall = Case(
        When(required_level__gt=F("actual"), then=F("required_level") - F("actual")),
        default=Value(0),
        output_field=IntegerField(),
    )
    totals = (
        items.annotate(actual=actual_level_expression())
        .filter(actual__isnull=False)
        .values_list("assessment__unit_id", "competency_id")
        .annotate(
            assessed=Count("pk"),
            with_gap=Count("pk", filter=Q(required_level__gt=F("actual"))),
            gap_total=Sum(shortfall),
        )
        .order_by()
    )
    # Read as plain rows: the ORM's per-value converters cost as much as the rest of the recap.
    sql, params = totals.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        cells = gaps.rank(
            gaps.RecapCell(unit_id, competency_id, population.get(unit_id, 0), assessed, with_gap, gap_total)
            for unit_id, competency_id, assessed, with_gap, gap_total in cursor.fetchall()
        )
    units = OrgUnit.objects.in_bulk({cell.unit_id for cell in cells})
    competencies = Competency.objects.in_bulk({cell.competency_id for cell in cells})
    return Recap(
        cells=cells,
        by_competency=gaps.combine(cells, key=lambda cell: cell.competency_id),
        units=units,
        competencies=competencies,
        population=sum(population.values()),
        assessed_people=assessments.filter(status__in=ANSWERED).count(),
    )


def person_gap_profile(assessment):
    """A person's latest answers as chart data: required vs actual per competency, and JPM."""
    items = list(assessment.items.select_related("competency").order_by("competency__code"))
    validated = assessment.status == Assessment.Status.VALIDATED
    profile, jpm = gaps.person_profile(
        [(item.competency_id, item.required_level, item.self_level, item.supervisor_level) for item in items],
        validated=validated,
    )
    names = {item.competency_id: item.competency for item in items}
    return {
        "items": [(names[entry.competency_id], entry) for entry in profile],
        "jpm": jpm,
        "chart": {
            "labels": [names[entry.competency_id].name for entry in profile],
            "required": [entry.required for entry in profile],
            "actual": [entry.actual for entry in profile],
            "series": {"required": str(_("Standar")), "actual": str(_("Aktual"))},
        },
        "validated": validated,
    }


def _answered_gap(required, self_level, supervisor_level, status):
    """The shortfall of one answered item (0 when none): the supervisor's level once validated."""
    level = gaps.actual_level(self_level, supervisor_level, validated=status == Assessment.Status.VALIDATED)[0]
    return gaps.positive_gap(required, level) or 0


def people_with_gap(survey, user, *, unit, competency):
    """Employees in `unit`'s subtree whose answered level for `competency` is below the standard."""
    items = AssessmentItem.objects.filter(
        assessment__in=scoped_assessments(survey, user, unit).filter(status__in=ANSWERED).values("pk"),
        competency=competency,
    ).values_list("assessment__employee_id", "required_level", "self_level", "supervisor_level", "assessment__status")
    ids = [employee_id for employee_id, *answer in items if _answered_gap(*answer) > 0]
    return Employee.objects.active().filter(pk__in=ids).select_related("unit", "position").order_by("name")


def people_with_session_gap(session, people):
    """Those of `people` (an Employee queryset) whose latest answered assessment shows a gap in a
    competency the session's course develops: [(employee, [(competency, gap)])], largest gap first,
    in three queries (the course's competencies, the assessment items, the people)."""
    competencies = {
        link.competency_id: link.competency for link in session.course.course_competencies.select_related("competency")
    }
    items = (
        AssessmentItem.objects.filter(
            assessment__employee__in=people.values("pk"),
            assessment__status__in=ANSWERED,
            competency_id__in=list(competencies),
        )
        .order_by("assessment__employee_id", "-assessment__survey__year", "-assessment__submitted_at", "-assessment_id")
        .values_list(
            "assessment__employee_id",
            "assessment_id",
            "competency_id",
            "required_level",
            "self_level",
            "supervisor_level",
            "assessment__status",
        )
    )
    latest, found = {}, defaultdict(list)
    for employee_id, assessment_id, competency_id, required, self_level, supervisor_level, status in items:
        if latest.setdefault(employee_id, assessment_id) != assessment_id:
            continue  # an older campaign of someone already read from a newer one
        gap = _answered_gap(required, self_level, supervisor_level, status)
        if gap > 0:
            found[employee_id].append((competencies[competency_id], gap))
    employees = Employee.objects.filter(pk__in=list(found)).select_related("unit", "position").in_bulk()
    rows = [(employees[pk], sorted(found[pk], key=lambda pair: -pair[1])) for pk in found if pk in employees]
    return sorted(rows, key=lambda row: (-row[1][0][1], row[0].name, row[0].pk))
