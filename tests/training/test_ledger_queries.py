"""The JP ledger's figures (LearningRecordQuerySet): the only entry points for a sum of JP, "below
target" and who reached the target when. They run on SQLite and PostgreSQL alike (the suite runs on both)."""

from decimal import Decimal

import pytest

from programs.models import Employee
from tests.factories import EmployeeFactory
from training.models import LearningRecord
from training.targets import jp_target

from .conftest import credit

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(tree, reference_data, settings):
    settings.BANGKOM = {**settings.BANGKOM, "JP_TARGET_PNS": 20, "JP_TARGET_PPPK": 12}
    staff = {
        "reached": EmployeeFactory(unit=tree.a1, name="Ani", status=Employee.Status.PNS),
        "short": EmployeeFactory(unit=tree.a1, name="Budi", status=Employee.Status.PNS),
        "pppk": EmployeeFactory(unit=tree.b, name="Citra", status=Employee.Status.PPPK),
        "none": EmployeeFactory(unit=tree.b, name="Dedi", status=Employee.Status.CPNS),
    }
    credit(staff["reached"], Decimal("12.5"), on=(2, 10))
    credit(staff["reached"], Decimal("7.5"), on=(5, 3))  # 20 on 3 May
    credit(staff["reached"], Decimal(30), year=2025)  # another year counts for nothing in 2026
    credit(staff["short"], Decimal("6.25"))
    credit(staff["pppk"], Decimal(12), on=(7, 1))  # the PPPK target is 12 here
    return staff


def test_the_target_is_one_rule_for_a_person_and_for_a_query(people):
    assert jp_target(Employee.Status.PNS) == jp_target(Employee.Status.CPNS) == 20
    assert jp_target(Employee.Status.PPPK) == 12
    annotated = LearningRecord.objects.with_jp(Employee.objects.all(), 2026)
    assert {person.name: person.target for person in annotated} == {"Ani": 20, "Budi": 20, "Citra": 12, "Dedi": 20}


def test_jp_of_a_person_in_a_year_per_person_and_per_year(people, django_assert_num_queries):
    ani = people["reached"]
    with django_assert_num_queries(1):
        assert LearningRecord.objects.filter(employee=ani, year=2026).jp_total() == 20
    assert LearningRecord.objects.filter(employee=people["none"], year=2026).jp_total() == 0
    with django_assert_num_queries(1):
        by_person = LearningRecord.objects.filter(year=2026).jp_by_person()
    assert by_person == {ani.pk: 20, people["short"].pk: Decimal("6.25"), people["pppk"].pk: 12}
    assert LearningRecord.objects.filter(employee=ani).jp_by_year() == {2025: 30, 2026: 20}


def test_with_jp_gives_each_person_jp_target_and_what_is_missing(people):
    found = {p.name: (p.jp, p.target, p.missing) for p in LearningRecord.objects.with_jp(Employee.objects.all(), 2026)}
    assert found == {
        "Ani": (20, 20, 0),
        "Budi": (Decimal("6.25"), 20, Decimal("13.75")),
        "Citra": (12, 12, 0),
        "Dedi": (0, 20, 20),
    }


def test_below_target_pages_and_streams_the_same_people_lowest_first(people, django_assert_num_queries):
    below = LearningRecord.objects.below_target(Employee.objects.all(), 2026)
    assert below.count() == 2
    with django_assert_num_queries(2):  # the page's ids, then its people with their JP
        page = below[0:1]
    assert [p.name for p in page] == ["Dedi"]
    assert [p.name for p in below[1:25]] == ["Budi"]
    streamed = list(below.iterator(chunk_size=1))
    assert [(p.name, p.jp, p.missing) for p in streamed] == [
        ("Dedi", 0, 20),
        ("Budi", Decimal("6.25"), Decimal("13.75")),
    ]
    # The same rule as a filter (the nomination page's "below target" box).
    ids = LearningRecord.objects.below_target_ids(Employee.objects.all(), 2026)
    assert set(Employee.objects.filter(pk__in=ids).values_list("name", flat=True)) == {"Dedi", "Budi"}


def test_per_unit_counts_staff_reached_and_missing_jp_in_one_query(people, tree, django_assert_num_queries):
    with django_assert_num_queries(1):
        rows = LearningRecord.objects.per_unit(Employee.objects.all(), 2026)
    by_unit = {row["unit__path"]: (row["staff"], row["compliant"], row["missing_jp"]) for row in rows}
    assert by_unit == {tree.a1.path: (2, 1, Decimal("13.75")), tree.b.path: (2, 1, Decimal(20))}
    assert LearningRecord.objects.per_unit(Employee.objects.all(), 2026, whole_agency=True) == rows


def test_reached_per_month_counts_each_person_once_in_the_month_they_reached(people, django_assert_num_queries):
    with django_assert_num_queries(1):
        months = LearningRecord.objects.reached_per_month(Employee.objects.all(), 2026)
    assert months == {**dict.fromkeys(range(1, 13), 0), 5: 1, 7: 1}
    credit(people["short"], Decimal(20), on=(12, 31))
    assert LearningRecord.objects.reached_per_month(Employee.objects.all(), 2026)[12] == 1
