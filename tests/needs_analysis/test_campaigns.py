import pytest
from django.core.exceptions import ValidationError

from core.messaging import whatsapp_link
from needs_analysis import campaigns
from needs_analysis.models import Assessment, NeedsSurvey
from tests.factories import EmployeeFactory

from .conftest import ALL_AT_STANDARD, answer, make_survey


def test_opening_creates_one_assessment_per_targeted_active_asn(survey, staff):
    names = sorted(survey.assessments.values_list("employee__name", flat=True))
    assert names == ["Lurah A1", "Staf A1", "Staf B", "Staf kedua A1", "Tanpa jabatan"]  # not the inactive one
    assessment = survey.assessments.get(employee=staff["pegawai"])
    assert assessment.items.count() == 9
    assert assessment.items.get(competency__code="M.05").required_level == 3  # snapshot of the standard
    assert assessment.unit == staff["pegawai"].unit and assessment.position == staff["pegawai"].position


def test_people_without_a_position_get_an_assessment_without_items(survey, staff):
    assessment = survey.assessments.get(employee=staff["no_position"])
    assert assessment.items.count() == 0


def test_targets_are_subtrees_and_positions(tree, staff, admin, position):
    survey = make_survey(tree.root, admin, targets=[tree.a])
    assert campaigns.open_survey(survey=survey, by=admin) == 4  # A1 x3 and A's person without position
    other = make_survey(tree.root, admin, targets=[tree.root], title="Per jabatan")
    other.target_positions.set([position])
    campaigns.open_survey(survey=other, by=admin)
    assert not other.assessments.filter(employee=staff["no_position"]).exists()


def test_competency_types_limit_the_items(tree, staff, admin):
    survey = make_survey(tree.root, admin, targets=[tree.a1], covers_manajerial=False)
    campaigns.open_survey(survey=survey, by=admin)
    assert list(survey.assessments.first().items.values_list("competency__code", flat=True)) == ["SK.01"]


def test_a_survey_opens_once(survey, admin):
    with pytest.raises(ValidationError):
        campaigns.open_survey(survey=survey, by=admin)


def test_latecomers_can_be_added(survey, tree, admin, position):
    EmployeeFactory(unit=tree.a1, position=position, name="Pegawai baru")
    assert campaigns.add_latecomers(survey=survey, by=admin) == 1
    assert campaigns.add_latecomers(survey=survey, by=admin) == 0
    assert survey.assessments.get(employee__name="Pegawai baru").items.count() == 9


def test_a_draft_keeps_partial_answers(pegawai_assessment):
    answer(pegawai_assessment, {"M.01": 2}, submit=False)
    pegawai_assessment.refresh_from_db()
    assert pegawai_assessment.status == Assessment.Status.DRAFT
    assert pegawai_assessment.items.get(competency__code="M.01").self_level == 2


def test_submission_needs_every_level(pegawai_assessment):
    with pytest.raises(ValidationError) as caught:
        answer(pegawai_assessment, {"M.01": 2})
    assert "Integritas" not in caught.value.messages[0] and "Kerjasama" in caught.value.messages[0]


def test_a_submitted_assessment_is_read_only(pegawai_assessment):
    answer(pegawai_assessment, ALL_AT_STANDARD)
    with pytest.raises(ValidationError):
        answer(pegawai_assessment, ALL_AT_STANDARD, submit=False)


def test_a_closed_survey_takes_no_answers(survey, pegawai_assessment, admin):
    campaigns.close_survey(survey=survey, by=admin)
    pegawai_assessment.refresh_from_db()
    with pytest.raises(ValidationError):
        answer(pegawai_assessment, ALL_AT_STANDARD, submit=False)
    assert NeedsSurvey.objects.get(pk=survey.pk).status == "closed"


def test_whatsapp_link_uses_the_international_number():
    link = whatsapp_link("0812-3456 789", "Halo semua")
    assert link == "https://wa.me/628123456789?text=Halo%20semua"
    assert whatsapp_link("", "x") == ""


def test_an_operator_cannot_validate_their_own_assessment(operator, operator_employee):
    from core.access import access_for
    from needs_analysis.campaigns import can_validate

    assessment = type("A", (), {"employee": operator_employee})()
    assert not can_validate(access_for(operator), assessment)
