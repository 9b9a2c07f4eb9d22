from decimal import Decimal

from needs_analysis.gaps import (
    RecapCell,
    actual_level,
    combine,
    gap,
    job_person_match,
    person_profile,
    positive_gap,
    recap,
)


def test_validated_supervisor_level_wins():
    assert actual_level(3, 2, validated=True) == (2, "supervisor")
    assert actual_level(3, 2, validated=False) == (3, "self")  # not yet validated
    assert actual_level(3, None, validated=True) == (3, "self")
    assert actual_level(None, None, validated=False) == (None, None)


def test_gap_signs():
    assert gap(3, 1) == 2
    assert gap(2, 4) == -2
    assert positive_gap(2, 4) == 0
    assert gap(3, None) is None


def test_job_person_match_caps_each_competency_at_its_standard():
    # required 3,3,2; actual 2,5,2 -> (2 + 3 + 2) / 8 = 87.5 %
    assert job_person_match([(3, 2), (3, 5), (2, 2)]) == Decimal("87.5")
    assert job_person_match([(3, None)]) is None
    assert job_person_match([]) is None


def test_person_without_standard_has_an_empty_profile():
    assert person_profile([], validated=False) == ([], None)


def test_person_profile_uses_validation():
    profile, jpm = person_profile([(1, 3, 3, 2), (2, 2, 2, None)], validated=True)
    assert [(item.actual, item.source, item.gap) for item in profile] == [(2, "supervisor", 1), (2, "self", 0)]
    assert jpm == Decimal("80.0")


def test_recap_by_hand():
    # Unit 10 has 4 people targeted; 3 answered competency 1 (required 3): actual 1, 2, 3.
    rows = [
        (10, 1, 3, 1, None, False),
        (10, 1, 3, 2, None, False),
        (10, 1, 3, 4, 3, True),
        (10, 2, 2, 2, None, False),
        (20, 1, 3, 3, None, False),
        (20, 1, 3, None, None, False),  # unanswered: not counted
    ]
    cells = {(c.unit_id, c.competency_id): c for c in recap(rows, {10: 4, 20: 2})}
    first = cells[(10, 1)]
    assert (first.assessed, first.with_gap, first.gap_total) == (3, 2, 3)
    assert first.mean_gap == Decimal("1.00")  # (2 + 1 + 0) / 3
    assert first.share == Decimal("0.5000")  # 2 of the 4 targeted
    assert first.priority == Decimal("2.00")
    assert cells[(10, 2)].with_gap == 0 and cells[(20, 1)].assessed == 1


def test_ranking_puts_bigger_gaps_on_more_people_first():
    rows = [(1, 1, 3, 2, None, False)] * 5 + [(2, 1, 4, 1, None, False)] + [(3, 2, 3, 1, None, False)] * 3
    ranked = recap(rows, {1: 10, 2: 1, 3: 3})
    assert [(c.unit_id, c.competency_id) for c in ranked] == [(3, 2), (1, 1), (2, 1)]
    # (3,2): mean 2 x 3 people = 6; (1,1): 1 x 5 = 5; (2,1): 3 x 1 = 3


def test_combine_merges_units_per_competency():
    cells = [
        RecapCell(1, 7, 10, assessed=4, with_gap=2, gap_total=3),
        RecapCell(2, 7, 5, assessed=5, with_gap=5, gap_total=5),
    ]
    (merged,) = combine(cells, key=lambda c: c.competency_id)
    assert (merged.population, merged.assessed, merged.with_gap, merged.gap_total) == (15, 9, 7, 8)
    assert merged.mean_gap == Decimal("0.89")
    assert merged.share == Decimal("0.4667")


def test_empty_recap():
    assert recap([], {}) == []


def test_counted_rows_weigh_as_many_people():
    single = [(1, 7, 3, 1, None, False)] * 3 + [(1, 7, 3, 3, None, False)]
    counted = [(1, 7, 3, 1, None, False, 3), (1, 7, 3, 3, None, False, 1)]
    (one,) = recap(single, {1: 5})
    (other,) = recap(counted, {1: 5})
    assert (one.assessed, one.with_gap, one.gap_total) == (other.assessed, other.with_gap, other.gap_total) == (4, 3, 6)


def test_heatmap_keeps_the_units_with_most_need():
    from types import SimpleNamespace

    from needs_analysis.figures import Recap

    units = {pk: SimpleNamespace(pk=pk, path=f"0001{pk:04d}") for pk in (1, 2, 3)}
    cells = recap([(1, 7, 3, 2, None, False), (2, 7, 3, 1, None, False), (3, 7, 3, 3, None, False)], {1: 1, 2: 1, 3: 1})
    data = Recap(cells, [], units, {7: SimpleNamespace(pk=7, code="T.01")}, 3, 3)
    _competencies, rows = data.heatmap(limit=2)
    assert [unit.pk for unit, _line in rows] == [1, 2]  # unit 3 has no gap


def test_the_sql_actual_level_is_gaps_actual_level(tree, admin):
    import itertools

    from needs_analysis.figures import actual_level_expression
    from needs_analysis.gaps import actual_level
    from needs_analysis.models import Assessment, AssessmentItem
    from tests.factories import CompetencyFactory, EmployeeFactory

    from .conftest import make_survey

    survey = make_survey(tree.a, admin)
    levels = [None, 1, 2, 3, 4, 5]
    combinations = list(itertools.product(levels, levels))
    competencies = CompetencyFactory.create_batch(len(combinations))
    for status in (Assessment.Status.VALIDATED, Assessment.Status.SUBMITTED):
        assessment = Assessment.objects.create(
            survey=survey, employee=EmployeeFactory(unit=tree.a), unit=tree.a, status=status
        )
        AssessmentItem.objects.bulk_create(
            AssessmentItem(
                assessment=assessment,
                competency=competency,
                required_level=3,
                self_level=self_level,
                supervisor_level=supervisor_level,
            )
            for competency, (self_level, supervisor_level) in zip(competencies, combinations, strict=True)
        )
    rows = AssessmentItem.objects.annotate(actual=actual_level_expression()).values_list(
        "self_level", "supervisor_level", "assessment__status", "actual"
    )
    assert len(rows) == 2 * len(combinations)
    for self_level, supervisor_level, status, actual in rows:
        expected, _source = actual_level(self_level, supervisor_level, validated=status == "validated")
        assert actual == expected, (self_level, supervisor_level, status)


def test_the_database_recap_is_gaps_recap_of_the_same_answers(tree, admin):
    import random

    from needs_analysis import gaps
    from needs_analysis.figures import recap as database_recap
    from needs_analysis.models import Assessment, AssessmentItem
    from tests.factories import CompetencyFactory, EmployeeFactory

    from .conftest import make_survey

    survey = make_survey(tree.a, admin)
    competencies = CompetencyFactory.create_batch(3)
    chance = random.Random(7)
    levels = [None, 1, 2, 3, 4, 5]
    statuses = [Assessment.Status.VALIDATED, Assessment.Status.SUBMITTED, Assessment.Status.DRAFT]
    for index in range(40):
        unit = (tree.a, tree.a1, tree.b)[index % 3]
        assessment = Assessment.objects.create(
            survey=survey, employee=EmployeeFactory(unit=unit), unit=unit, status=chance.choice(statuses)
        )
        AssessmentItem.objects.bulk_create(
            AssessmentItem(
                assessment=assessment,
                competency=competency,
                required_level=chance.randint(1, 5),
                self_level=chance.choice(levels),
                supervisor_level=chance.choice(levels),
            )
            for competency in competencies
        )
    answered = Assessment.objects.filter(survey=survey, status__in=["submitted", "validated"])
    rows = [
        (a.unit_id, i.competency_id, i.required_level, i.self_level, i.supervisor_level, a.status == "validated")
        for a in answered
        for i in a.items.all()
    ]
    population = {}
    for assessment in Assessment.objects.filter(survey=survey):
        population[assessment.unit_id] = population.get(assessment.unit_id, 0) + 1
    expected = gaps.recap(rows, population)
    found = database_recap(survey, admin).cells

    def shape(cells):
        return [(c.unit_id, c.competency_id, c.population, c.assessed, c.with_gap, c.gap_total) for c in cells]

    assert len(expected) == 9 and shape(found) == shape(expected)


def test_cell_figures_round_half_up_like_decimal_quantize():
    from decimal import ROUND_HALF_UP, Decimal

    from needs_analysis.gaps import RecapCell

    cent, unit = Decimal("0.01"), Decimal("0.0001")
    for assessed in range(1, 41):
        for gap_total in range(0, 4 * assessed + 1):
            with_gap = min(assessed, gap_total)
            cell = RecapCell(1, 1, population=assessed + 3, assessed=assessed, with_gap=with_gap, gap_total=gap_total)
            mean = (Decimal(gap_total) / assessed).quantize(cent, rounding=ROUND_HALF_UP)
            assert cell.mean_gap == mean, (gap_total, assessed)
            assert cell.priority == (mean * with_gap).quantize(cent, rounding=ROUND_HALF_UP)
            share = (Decimal(with_gap) / (assessed + 3)).quantize(unit, rounding=ROUND_HALF_UP)
            assert cell.share == share and str(cell.share) == str(share)
    assert RecapCell(1, 1, population=0).share == 0 and RecapCell(1, 1, population=0).mean_gap == 0
