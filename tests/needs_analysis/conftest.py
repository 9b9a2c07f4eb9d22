import datetime

import pytest
from django.utils import timezone

from needs_analysis import campaigns
from needs_analysis.models import NeedsSurvey
from programs.models import Position
from programs.standards import apply_default_standard
from tests.factories import EmployeeFactory


@pytest.fixture
def position(reference_data):
    position = Position.objects.create(name="Pengadministrasi Perkantoran", kind="pelaksana")
    apply_default_standard(position)  # 9 competencies at level 1
    position.requirements.filter(competency__code="M.05").update(required_level=3)
    return position


@pytest.fixture
def staff(tree, position, pegawai_employee, supervisor_employee):
    """pegawai and their supervisor (Kelurahan A1), one more in A1, one in B, one inactive in A."""
    for person in (pegawai_employee, supervisor_employee):
        person.position = position
        person.save()
    return {
        "pegawai": pegawai_employee,
        "lurah": supervisor_employee,
        "a1": EmployeeFactory(unit=tree.a1, position=position, name="Staf kedua A1", supervisor=supervisor_employee),
        "b": EmployeeFactory(unit=tree.b, position=position, name="Staf B"),
        "inactive": EmployeeFactory(unit=tree.a, position=position, name="Pensiunan", is_active=False),
        "no_position": EmployeeFactory(unit=tree.a, position=None, name="Tanpa jabatan"),
    }


def make_survey(owner, by, targets=(), **fields):
    today = timezone.localdate()
    values = {
        "year": today.year + 1,
        "title": "AKPK uji",
        "opens_on": today - datetime.timedelta(days=1),
        "closes_on": today + datetime.timedelta(days=14),
        "owner_unit": owner,
        "created_by": by,
    }
    values.update(fields)
    survey = NeedsSurvey.objects.create(**values)
    survey.target_units.set(targets)
    return survey


@pytest.fixture
def survey(tree, staff, admin):
    survey = make_survey(tree.root, admin, targets=[tree.root])
    campaigns.open_survey(survey=survey, by=admin)
    return survey


@pytest.fixture
def pegawai_assessment(survey, staff):
    return survey.assessments.get(employee=staff["pegawai"])


def answer(assessment, levels, *, submit=True):
    """Fill an assessment the way the form would: {competency code: level}."""
    items = {item.competency.code: item for item in assessment.items.select_related("competency")}
    return campaigns.save_self_assessment(
        assessment=assessment,
        levels={items[code].competency_id: level for code, level in levels.items()},
        comments={},
        preferred_forms=None,
        preferred_time="",
        training_wish="",
        submit=submit,
    )


ALL_AT_STANDARD = {"M.01": 1, "M.02": 1, "M.03": 1, "M.04": 1, "M.05": 3, "M.06": 1, "M.07": 1, "M.08": 1, "SK.01": 1}
