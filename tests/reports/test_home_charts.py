"""The charts on each role's home (issue 23, point 9): a figure better seen than read."""

import datetime
from decimal import Decimal

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from needs_analysis import campaigns
from tests.needs_analysis.conftest import ALL_AT_STANDARD, answer, make_survey
from tests.training.conftest import make_session
from training import enrolment as enrolment_service
from training.models import Enrolment

JAKARTA = datetime.timezone(datetime.timedelta(hours=7))


def _jp(employee, on, jp):
    from programs.models import DevelopmentForm
    from training.models import LearningRecord

    return LearningRecord.objects.create(
        employee=employee,
        source="claim",
        title=f"Webinar {on}",
        development_form=DevelopmentForm.objects.get(code="KL06"),
        starts_on=on,
        ends_on=on,
        year=on.year,
        jp=Decimal(jp),
    )


def test_asn_home_charts_jp_by_month_against_the_target(client, pegawai, pegawai_employee, reference_data):
    _jp(pegawai_employee, datetime.date(2027, 1, 12), 8)
    _jp(pegawai_employee, datetime.date(2027, 3, 5), 4)
    _jp(pegawai_employee, datetime.date(2027, 3, 20), 2)
    _jp(pegawai_employee, datetime.date(2026, 12, 5), 6)  # last year's: not on this year's chart
    with time_machine.travel(datetime.datetime(2027, 4, 15, 10, tzinfo=JAKARTA), tick=False):
        client.force_login(pegawai)
        response = client.get(reverse("reports:home"))
    chart = response.context["my_charts"]["jp_chart"]
    assert chart["values"] == [8.0, 0.0, 6.0, 0.0]  # January to April, nothing after today's month
    assert chart["line_values"] == [8.0, 8.0, 14.0, 14.0]
    assert chart["target"] == 20.0
    html = response.content.decode()
    assert "JP saya per bulan" in html and 'data-chart-source="my-jp-data"' in html
    assert "Maret 2027" in html  # the table under the chart names the month in full


def test_asn_home_shows_their_gap_profile_from_their_latest_answered_assessment(client, pegawai, staff, survey):
    assessment = survey.assessments.get(employee=staff["pegawai"])
    client.force_login(pegawai)
    assert "Belum ada penilaian kompetensi Anda yang terkirim." in client.get(reverse("reports:home")).content.decode()
    answer(assessment, ALL_AT_STANDARD | {"M.05": 1})
    response = client.get(reverse("reports:home"))
    profile = response.context["my_charts"]["gap_profile"]
    gaps = {competency.code: entry.gap for competency, entry in profile["items"]}
    assert gaps["M.05"] == 2 and gaps["M.01"] == 0
    assert 'data-chart-source="gap-chart-data"' in response.content.decode()


def test_operator_home_charts_their_units_and_this_months_sessions(
    client, operator, tree, admin, workshop, pegawai_employee
):
    from tests.factories import EmployeeFactory

    outsider = EmployeeFactory(unit=tree.b, name="Staf B")
    march = datetime.date(2027, 3, 1)
    ours = make_session(workshop, tree.root, admin, name="Angkatan 1")  # 1-2 March 2027, run by BKPSDM
    theirs = make_session(
        workshop,
        tree.b,
        admin,
        name="Angkatan 2",
        days=[{"date": datetime.date(2027, 3, 10), "starts_at": datetime.time(8), "ends_at": datetime.time(15)}],
    )
    later = make_session(
        workshop,
        tree.root,
        admin,
        name="Angkatan 3",
        days=[{"date": datetime.date(2027, 4, 5), "starts_at": datetime.time(8), "ends_at": datetime.time(15)}],
    )
    for session, person in ((ours, pegawai_employee), (ours, outsider), (theirs, outsider), (later, pegawai_employee)):
        enrolment_service.request_place(session=session, employee=person, by=admin, source=Enrolment.Source.NOMINATED)
    _jp(pegawai_employee, datetime.date(2027, 2, 10), 20)
    with time_machine.travel(datetime.datetime(2027, 3, 1, 9, tzinfo=JAKARTA), tick=False):
        client.force_login(operator)
        response = client.get(reverse("reports:home"))
    charts = response.context["unit_charts"]
    assert charts["month"] == march
    assert [(s.pk, s.ours) for s in charts["sessions"]] == [(ours.pk, 1)]  # only their own person counted
    assert charts["sessions_chart"]["values"] == [1]
    # Kecamatan A has two active ASN in scope (the pegawai, and the lurah who supervises them)?
    shares = charts["trend_chart"]["line"]
    assert len(shares) == 3 and shares[0] == 0.0 and shares[1] == shares[2] > 0
    assert 'data-chart-source="unit-trend-data"' in response.content.decode()


def test_the_admin_and_the_head_do_not_get_the_operators_unit_charts(client, admin, pimpinan):
    for user in (admin, pimpinan):
        client.force_login(user)
        assert "unit_charts" not in client.get(reverse("reports:home")).context


def test_supervisor_home_charts_the_teams_jp_and_names_who_has_not_answered(
    client, supervisor, staff, survey, reference_data
):
    _jp(staff["pegawai"], datetime.date(datetime.date.today().year, 1, 5), 8)
    answer(survey.assessments.get(employee=staff["a1"]), ALL_AT_STANDARD)
    client.force_login(supervisor)
    response = client.get(reverse("reports:home"))
    team = response.context["team"]
    assert [person.name for person in team["people"]] == ["Staf A1", "Staf kedua A1"]
    assert team["chart"]["values"] == [8.0, 0.0]
    assert [person.name for person in team["not_answered"]] == ["Staf A1"]
    html = response.content.decode()
    assert "Belum menjawab" in html and "1 penilaian kompetensi" in html


def test_supervisor_home_costs_the_same_for_a_bigger_team(client, supervisor, staff, survey, tree):
    from tests.factories import EmployeeFactory

    client.force_login(supervisor)
    client.get(reverse("reports:home"))
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("reports:home"))
    for n in range(5):
        EmployeeFactory(unit=tree.a1, name=f"Staf tambahan {n}", supervisor=staff["lurah"])
    with CaptureQueriesContext(connection) as big:
        client.get(reverse("reports:home"))
    assert len(big) == len(small)


def test_admin_needs_card_lists_the_recaps_priorities_and_marks_the_planned(client, admin, tree, staff, survey):
    answer(survey.assessments.get(employee=staff["pegawai"]), ALL_AT_STANDARD | {"M.05": 1})
    # A newer campaign that has just opened (no answers yet) does not hide the one with priorities.
    newer = make_survey(tree.a, admin, targets=[tree.a], title="Penilaian Kecamatan A")
    campaigns.open_survey(survey=newer, by=admin)
    client.force_login(admin)
    head = client.get(reverse("reports:home")).context["head"]
    assert head["needs"] == survey
    assert [(need["competency"].code, need["people_with_gap"], need["planned"]) for need in head["top_needs"]] == [
        ("M.05", 1, False)
    ]
    from needs_analysis.figures import recap
    from needs_analysis.planning import plan_need
    from programs.models import Competency, DevelopmentForm, DevelopmentProgram

    program = DevelopmentProgram.objects.create(year=survey.year, unit=tree.root, title="Rencana uji")
    plan_need(
        survey=survey,
        cell=recap(survey, admin).cells[0],
        unit=tree.a1,
        competency=Competency.objects.get(code="M.05"),
        program=program,
        title="Pelatihan M.05",
        planned_participants=1,
        planned_jp=Decimal(10),
        development_form=DevelopmentForm.objects.get(code="KL07"),
        provider="",
        quarter=1,
        budget=Decimal(0),
    )
    html = client.get(reverse("reports:home") + "?segar=1").content.decode()
    assert "sudah direncanakan" in html
    assert "Belum ada kesenjangan" not in html
