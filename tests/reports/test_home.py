from django.urls import reverse

from tests.factories import EmployeeFactory


def test_admin_home_counts_the_whole_instansi(client, admin, tree):
    EmployeeFactory.create_batch(3, unit=tree.a)
    EmployeeFactory(unit=tree.b, status="pppk", golongan="p05", nip="199009132021242014")
    client.force_login(admin)
    response = client.get(reverse("reports:home"))
    assert response.context["staff"] == {"total": 4, "pns": 3, "cpns": 0, "pppk": 1}


def test_operator_home_counts_only_the_subtree(client, operator, tree):
    EmployeeFactory.create_batch(2, unit=tree.a1)
    EmployeeFactory(unit=tree.b)
    client.force_login(operator)
    assert client.get(reverse("reports:home")).context["staff"]["total"] == 2


def test_supervisor_home_lists_direct_reports(client, supervisor, pegawai_employee):
    client.force_login(supervisor)
    html = client.get(reverse("reports:home")).content.decode()
    assert "Staf A1" in html and "Bawahan langsung" in html


def test_pegawai_home_shows_their_own_data(client, pegawai, pegawai_employee):
    client.force_login(pegawai)
    response = client.get(reverse("reports:home"))
    assert response.context["me"] == pegawai_employee
    assert "staff" not in response.context


def test_home_requires_login(client, db):
    assert client.get(reverse("reports:home")).status_code == 302


def test_asn_home_shows_jp_and_what_to_fill(client, pegawai, pegawai_employee, reference_data):
    import datetime
    from decimal import Decimal

    from programs.models import DevelopmentForm
    from training.models import LearningRecord

    year = datetime.date.today().year
    LearningRecord.objects.create(
        employee=pegawai_employee,
        source="claim",
        title="Webinar",
        development_form=DevelopmentForm.objects.get(code="KL06"),
        starts_on=datetime.date(year, 1, 2),
        ends_on=datetime.date(year, 1, 2),
        year=year,
        jp=Decimal(8),
    )
    client.force_login(pegawai)
    mine = client.get(reverse("reports:home")).context["mine"]
    assert (mine["jp"], mine["target"], mine["missing"]) == (Decimal(8), Decimal(20), Decimal(12))


def test_operator_todo_counts_pending_work_in_scope(client, operator, tree, pegawai, pegawai_employee, admin, workshop):
    from tests.training.conftest import make_session
    from training import enrolment
    from training.models import Enrolment

    session = make_session(workshop, tree.a, admin)
    enrolment.request_place(session=session, employee=pegawai_employee, by=pegawai, source=Enrolment.Source.SELF)
    other = EmployeeFactory(unit=tree.b)
    enrolment.request_place(session=session, employee=other, by=admin, source=Enrolment.Source.SELF)
    client.force_login(operator)
    todo = client.get(reverse("reports:home")).context["todo"]
    assert todo["approvals"] == 1  # B's registration is not this operator's


def test_head_home_figures_and_query_ceiling(client, admin, tree, django_assert_max_num_queries):
    EmployeeFactory.create_batch(3, unit=tree.a)
    client.force_login(admin)
    with django_assert_max_num_queries(30) as captured:
        head = client.get(reverse("reports:home")).context["head"]
    assert head["duty"]["totals"]["staff"] == 3 and head["duty"]["totals"]["compliant"] == 0
    EmployeeFactory.create_batch(20, unit=tree.b)
    with django_assert_max_num_queries(len(captured.captured_queries)):
        client.get(reverse("reports:home"), {"segar": "1"})  # recomputed, not read from the cache


def test_pimpinan_home_is_limited_to_their_subtree(client, pimpinan, tree):
    EmployeeFactory.create_batch(2, unit=tree.a1)
    EmployeeFactory.create_batch(5, unit=tree.b)
    client.force_login(pimpinan)
    head = client.get(reverse("reports:home")).context["head"]
    assert head["duty"]["totals"]["staff"] == 2


def test_admin_todo_and_approval_list_see_every_pending_registration(client, admin, tree, pegawai, workshop):
    from tests.training.conftest import make_session
    from training import enrolment
    from training.models import Enrolment

    session = make_session(workshop, tree.a, admin)
    for person in (EmployeeFactory(unit=tree.a1), EmployeeFactory(unit=tree.b)):
        enrolment.request_place(session=session, employee=person, by=admin, source=Enrolment.Source.SELF)
    client.force_login(admin)
    assert client.get(reverse("reports:home")).context["todo"]["approvals"] == 2
    assert len(client.get(reverse("training:approval_list")).context["page_obj"]) == 2


def submitted_plan(unit, by, title, year=2027):
    from programs.models import Competency, DevelopmentForm, DevelopmentProgram, PlanItem
    from programs.plans import move_program

    program = DevelopmentProgram.objects.create(year=year, unit=unit, title=title)
    PlanItem.objects.create(
        program=program,
        competency=Competency.objects.first(),
        title="Workshop",
        development_form=DevelopmentForm.objects.first(),
    )
    return move_program(program=program, to="submitted", by=by)


def test_the_head_s_home_lists_the_plans_waiting_for_their_approval(
    client, pimpinan, operator, other_unit_operator, tree, reference_data, django_assert_max_num_queries
):
    from programs.models import DevelopmentProgram

    waiting = submitted_plan(tree.a, operator, "Rencana Kecamatan A")
    submitted_plan(tree.b, other_unit_operator, "Rencana Kecamatan B")  # not a unit they head
    DevelopmentProgram.objects.create(year=2027, unit=tree.a1, title="Draf Kelurahan A1")  # not submitted
    client.force_login(pimpinan)
    with django_assert_max_num_queries(40) as captured:
        html = client.get(reverse("reports:home")).content.decode()
    ceiling = len(captured.captured_queries)  # read now: the next request empties the query log
    assert [program.title for program in client.get(reverse("reports:home")).context["plans_to_approve"]] == [
        "Rencana Kecamatan A"
    ]
    assert f'href="{waiting.get_absolute_url()}"' in html and "diajukan oleh" in html
    assert "Rencana Kecamatan B" not in html and "Draf Kelurahan A1" not in html
    for year in (2028, 2029, 2030):
        submitted_plan(tree.a1, operator, f"Rencana Kelurahan A1 {year}", year=year)
    with django_assert_max_num_queries(ceiling):
        listed = client.get(reverse("reports:home"), {"segar": "1"}).context["plans_to_approve"]
    assert len(listed) == 4
    client.post(reverse("programs:plan_transition", args=[waiting.pk]), {"to": "approved"})
    assert "Rencana Kecamatan A<" not in client.get(reverse("reports:home")).content.decode()  # approved: gone


def test_a_plan_is_not_waiting_for_its_own_submitter(client, admin, tree, reference_data):
    submitted_plan(tree.a, admin, "Rencana Kecamatan A")
    client.force_login(admin)
    assert client.get(reverse("reports:home")).context["plans_to_approve"] == []
