"""Competency gap arithmetic (gap-analysis.md), free of the database so it can be tested by hand.

- The actual level of a competency is the supervisor-validated level where the assessment is validated
  and the supervisor gave one, otherwise the self-assessed level.
- gap = required - actual; a positive gap is a need, zero or negative means the standard is met.
- Job-person match (JPM) = sum(min(actual, required)) / sum(required) x 100 over answered competencies.
- Recap per unit x competency, over people who have answered (submitted or validated):
    with_gap   people whose gap > 0
    share      with_gap / people targeted in the unit (the campaign's population there)
    mean_gap   sum of positive gaps / people assessed (the unit's average shortfall)
    priority   mean_gap x with_gap (= total shortfall): larger gaps affecting more people first;
               ties go to the larger share, then the larger mean gap.
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

SOURCE_SUPERVISOR = "supervisor"
SOURCE_SELF = "self"


def actual_level(self_level, supervisor_level, *, validated):
    """(level, source) of the level the analysis uses; (None, None) when nothing was answered."""
    if validated and supervisor_level is not None:
        return supervisor_level, SOURCE_SUPERVISOR
    if self_level is not None:
        return self_level, SOURCE_SELF
    return None, None


def gap(required, actual):
    """required - actual (negative when the person exceeds the standard); None when unanswered."""
    if actual is None:
        return None
    return required - actual


def positive_gap(required, actual):
    value = gap(required, actual)
    return max(value, 0) if value is not None else None


def job_person_match(pairs):
    """JPM in percent (Decimal, one decimal) from (required, actual) pairs; None without answers."""
    answered = [(required, actual) for required, actual in pairs if actual is not None and required]
    if not answered:
        return None
    total_required = sum(required for required, _actual in answered)
    met = sum(min(actual, required) for required, actual in answered)
    return (Decimal(met) * 100 / Decimal(total_required)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class PersonItem:
    competency_id: int
    required: int
    actual: int | None
    source: str | None

    @property
    def gap(self):
        return gap(self.required, self.actual)


def person_profile(items, *, validated):
    """Items of one assessment -> ([PersonItem], JPM). An empty list means "no standard"."""
    profile = []
    for competency_id, required, self_level, supervisor_level in items:
        level, source = actual_level(self_level, supervisor_level, validated=validated)
        profile.append(PersonItem(competency_id, required, level, source))
    return profile, job_person_match((item.required, item.actual) for item in profile)


def _rounded(numerator, denominator, places):
    """numerator / denominator rounded half up to `places` decimals, as an integer count of
    10^-places (exact: no division into a float or a 28-digit Decimal first)."""
    if not denominator:
        return 0
    scale = 10**places
    return (2 * numerator * scale + denominator) // (2 * denominator)


@dataclass
class RecapCell:
    """One unit x competency. Its figures are rounded in integer arithmetic (hundredths and
    ten-thousandths) and shown as Decimals: ranking a province's 7,000 cells compares integers."""

    unit_id: int
    competency_id: int
    population: int
    assessed: int = 0
    with_gap: int = 0
    gap_total: int = 0

    @property
    def mean_gap_cents(self):
        return _rounded(self.gap_total, self.assessed, 2)

    @property
    def priority_cents(self):
        # mean_gap has two decimals, so mean_gap x with_gap is exact to the hundredth.
        return self.mean_gap_cents * self.with_gap

    @property
    def share_units(self):
        return _rounded(self.with_gap, self.population, 4)

    @property
    def mean_gap(self):
        return Decimal(self.mean_gap_cents).scaleb(-2)

    @property
    def share(self):
        """People with a gap as a fraction of the people targeted in the unit (0..1)."""
        return Decimal(self.share_units).scaleb(-4)

    @property
    def share_of_assessed(self):
        """People with a gap as a fraction of those who answered (for competencies only some positions have)."""
        return Decimal(_rounded(self.with_gap, self.assessed, 4)).scaleb(-4)

    @property
    def priority(self):
        return Decimal(self.priority_cents).scaleb(-2)


def recap(rows, population):
    """One pass over answer rows -> RecapCells ranked by priority.

    rows: iterable of (unit_id, competency_id, required, self_level, supervisor_level, validated)
          for answered assessments, optionally with a seventh field: how many people gave exactly
          that row (the database can group identical rows first); population: {unit_id: people
          targeted in that unit}.
    """
    cells = {}
    for unit_id, competency_id, required, self_level, supervisor_level, validated, *count in rows:
        people = count[0] if count else 1
        level, _source = actual_level(self_level, supervisor_level, validated=validated)
        if level is None:
            continue
        key = (unit_id, competency_id)
        cell = cells.get(key)
        if cell is None:
            cell = cells[key] = RecapCell(unit_id, competency_id, population.get(unit_id, 0))
        cell.assessed += people
        shortfall = max(required - level, 0)
        if shortfall:
            cell.with_gap += people
            cell.gap_total += shortfall * people
    return rank(cells.values())


def rank(cells):
    """Priority first; ties go to the larger share, then the larger mean gap."""

    return sorted(
        cells, key=lambda c: (-c.priority_cents, -c.share_units, -c.mean_gap_cents, c.unit_id, c.competency_id)
    )


def combine(cells, key):
    """Merge cells that share `key(cell)` (e.g. all units of a subtree per competency)."""
    merged = {}
    populations = defaultdict(dict)
    for cell in cells:
        group = key(cell)
        target = merged.get(group)
        if target is None:
            target = merged[group] = RecapCell(cell.unit_id, cell.competency_id, 0)
        populations[group][cell.unit_id] = cell.population
        target.assessed += cell.assessed
        target.with_gap += cell.with_gap
        target.gap_total += cell.gap_total
    for group, target in merged.items():
        target.population = sum(populations[group].values())
    return rank(merged.values())
