"""A unit proposes its people with a session's competency gap: the list lives here (training does not
read needs analysis) and posts to the training proposal page."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from programs.models import DevelopmentForm
from training.models import Course, Enrolment, Proposal, Provider, Session
from training.scheduling import save_session

from .conftest import ALL_AT_STANDARD, answer


@pytest.fixture
def answered(survey, staff):
    answer(survey.assessments.get(employee=staff["pegawai"]), dict(ALL_AT_STANDARD, **{"M.05": 1}))  # gap 2
    answer(survey.assessments.get(employee=staff["a1"]), dict(ALL_AT_STANDARD, **{"M.05": 2}))  # gap 1
    answer(survey.assessments.get(employee=staff["b"]), dict(ALL_AT_STANDARD, **{"M.05": 1}))  # another unit
    return survey


def session_of(unit, by, staff, *, status="open"):
    provider = Provider.objects.get_or_create(name="BPSDM", kind="bpsdm_lan")[0]
    course = Course.objects.get_or_create(
        code="PP",
        defaults={
            "title": "Pelayanan Prima",
            "jp": Decimal(20),
            "default_provider": provider,
            "development_form": DevelopmentForm.objects.get(code="KL02"),
        },
    )[0]
    course.course_competencies.get_or_create(competency=staff["pegawai"].position.competencies.get(code="M.05"))
    session = Session(
        course=course, name="Angkatan I", provider=provider, organiser_unit=unit, capacity=10, venue="Aula",
        status=status, jp=None,
    )  # fmt: skip
    start = timezone.localdate() + datetime.timedelta(days=20)
    save_session(
        session=session, days=[{"date": start, "starts_at": datetime.time(8), "ends_at": datetime.time(12)}],
        instructors=[], by=by,
    )  # fmt: skip
    return session


def test_nominating_needs_to_another_units_session_proposes_instead_of_seating(
    client, operator, admin, answered, tree, staff
):
    """The needs page used to seat the operator's people straight into a session another unit runs."""
    session = session_of(tree.b, admin, staff)
    m05 = session.course.competencies.get()
    client.force_login(operator)
    client.post(
        reverse("needs_analysis:need_nominate", args=[answered.pk, tree.a1.pk, m05.pk]), {"session": session.pk}
    )
    assert not Enrolment.objects.filter(session=session).exists()
    assert sorted(Proposal.objects.values_list("employee__name", "status", "source")) == [
        ("Staf A1", "proposed", "gap"),
        ("Staf kedua A1", "proposed", "gap"),
    ]


def test_the_gap_list_offers_the_units_people_and_posts_a_proposal(client, operator, admin, answered, tree, staff):
    session = session_of(tree.b, admin, staff)
    client.force_login(operator)
    page = client.get(reverse("needs_analysis:session_gap_people", args=[session.pk]))
    rows = [
        (person.name, [(competency.code, gap) for competency, gap in gaps]) for person, gaps in page.context["page_obj"]
    ]
    assert rows == [("Staf A1", [("M.05", 2)]), ("Staf kedua A1", [("M.05", 1)])]  # largest gap first; B is not ours
    form_action = reverse("training:proposal_create", args=[session.pk])
    assert f'action="{form_action}"' in page.content.decode()
    client.post(form_action, {"employee": [staff["pegawai"].pk], "source": "gap"})
    assert list(Proposal.objects.values_list("employee__name", "source")) == [("Staf A1", "gap")]
    again = client.get(reverse("needs_analysis:session_gap_people", args=[session.pk]))
    assert [person.name for person, _gaps in again.context["page_obj"]] == ["Staf kedua A1"]  # proposed: gone


def test_the_gap_list_is_for_operators_of_published_sessions(client, pimpinan, operator, admin, answered, tree, staff):
    draft = session_of(tree.b, admin, staff, status="draft")
    client.force_login(pimpinan)
    assert client.get(reverse("needs_analysis:session_gap_people", args=[draft.pk])).status_code == 403
    client.force_login(operator)
    assert client.get(reverse("needs_analysis:session_gap_people", args=[draft.pk])).status_code == 404


def test_the_gap_list_reads_a_constant_number_of_queries(
    client, operator, admin, answered, tree, staff, survey, django_assert_max_num_queries
):
    session = session_of(tree.b, admin, staff)
    client.force_login(operator)
    url = reverse("needs_analysis:session_gap_people", args=[session.pk])
    # session, access, units, competencies, items, people, quota (3), menu: one more person changes none
    with django_assert_max_num_queries(16):
        client.get(url)
    more = [survey.assessments.get(employee=staff["lurah"])]
    answer(more[0], dict(ALL_AT_STANDARD, **{"M.05": 1}))
    with django_assert_max_num_queries(16):
        assert len(client.get(url).context["page_obj"]) == 3
