"""Units propose their people (usulan peserta) for sessions BKPSDM runs; BKPSDM accepts or declines."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from programs.models import OrgUnit, Role
from tests.concurrency import race
from tests.factories import EmployeeFactory, OrgUnitFactory, UserFactory, grant
from training import proposals
from training.models import Enrolment, Proposal, SeatReservation, Session

from .conftest import make_session

Status = Proposal.Status


@pytest.fixture
def bkpsdm(tree):
    unit = OrgUnitFactory(parent=tree.root, code="BKPSDM", name="BKPSDM", kind=OrgUnit.Kind.OPD)
    # Units are kept in name order: BKPSDM moved the kecamatan along, so the tree is read again.
    for each in (unit, tree.root, tree.a, tree.a1, tree.b):
        each.refresh_from_db()
    return unit


@pytest.fixture
def bkpsdm_operator(bkpsdm):
    return grant(UserFactory(username="operator_bkpsdm"), Role.OPERATOR, bkpsdm)


@pytest.fixture
def session(workshop, bkpsdm, admin):
    return make_session(workshop, bkpsdm, admin, capacity=2)


@pytest.fixture
def staff_a(tree):
    return [EmployeeFactory(unit=tree.a1, name=f"Anggota {i}") for i in range(3)]


def propose_url(session, **query):
    url = reverse("training:proposal_create", args=[session.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def review_url(session):
    return reverse("training:proposal_review", args=[session.pk])


def post_proposals(client, session, people, source="below_jp"):
    return client.post(propose_url(session), {"employee": [p.pk for p in people], "source": source})


def messages_of(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_an_operator_proposes_for_a_bkpsdm_session_instead_of_meeting_a_403(client, operator, session, staff_a):
    client.force_login(operator)
    # Nominating directly stays BKPSDM's: the unit's way in is the proposal.
    assert client.get(reverse("training:session_nominate", args=[session.pk])).status_code == 403
    page = client.get(propose_url(session, dari="belum-20-jp"))
    assert page.status_code == 200
    assert {person.name for person in page.context["page_obj"]} >= {p.name for p in staff_a}
    response = post_proposals(client, session, staff_a[:2])
    assert response.status_code == 302 and response["Location"].startswith(reverse("training:proposal_list"))
    made = Proposal.objects.filter(session=session)
    assert sorted(made.values_list("employee__name", "status", "source", "unit__name")) == [
        ("Anggota 0", "proposed", "below_jp", "Kecamatan A"),
        ("Anggota 1", "proposed", "below_jp", "Kecamatan A"),
    ]
    assert not Enrolment.objects.filter(session=session).exists()  # a proposal takes no seat


def test_accepting_seats_people_and_declining_needs_a_reason(client, operator, bkpsdm_operator, session, staff_a):
    Session.objects.filter(pk=session.pk).update(capacity=5)
    client.force_login(operator)
    post_proposals(client, session, staff_a)
    ids = dict(Proposal.objects.values_list("employee__name", "pk"))
    client.force_login(bkpsdm_operator)
    page = client.get(review_url(session))
    assert [p.employee.name for p in page.context["page_obj"]] == ["Anggota 0", "Anggota 1", "Anggota 2"]

    response = client.post(review_url(session), {"decline_one": ids["Anggota 2"]}, follow=True)
    assert "Tuliskan alasan penolakan usulan." in messages_of(response)
    assert Proposal.objects.get(pk=ids["Anggota 2"]).status == Status.PROPOSED

    client.post(review_url(session), {"decline_one": ids["Anggota 2"], f"reason_{ids['Anggota 2']}": "Bukan sasaran"})
    client.post(review_url(session), {"proposal": [ids["Anggota 0"], ids["Anggota 1"]], "decision": "accept"})
    decided = {p.employee.name: p for p in Proposal.objects.select_related("enrolment", "employee")}
    assert decided["Anggota 2"].status == Status.DECLINED and decided["Anggota 2"].reason == "Bukan sasaran"
    assert decided["Anggota 2"].decided_by == bkpsdm_operator and decided["Anggota 2"].enrolment is None
    assert [decided[n].enrolment.status for n in ("Anggota 0", "Anggota 1")] == ["confirmed", "confirmed"]
    assert decided["Anggota 0"].decided_at is not None


def test_accepting_beyond_the_seats_keeps_the_waitlist_rule(client, admin, operator, session, tree):
    people = [EmployeeFactory(unit=tree.a1, name=f"P{i}") for i in range(2)]
    client.force_login(operator)
    post_proposals(client, session, people)
    seated = EmployeeFactory(unit=tree.b, name="Sudah duduk")
    # BKPSDM seats someone of its own choosing first: one seat left for two accepted proposals.
    from training import enrolment

    enrolment.request_place(session=session, employee=seated, by=admin, source=Enrolment.Source.NOMINATED)
    client.force_login(admin)
    client.post(
        review_url(session), {"proposal": list(Proposal.objects.values_list("pk", flat=True)), "decision": "accept"}
    )
    statuses = dict(Enrolment.objects.filter(session=session).values_list("employee__name", "status"))
    assert statuses == {"Sudah duduk": "confirmed", "P0": "confirmed", "P1": "waitlisted"}
    assert set(Proposal.objects.values_list("status", flat=True)) == {Status.ACCEPTED}


def test_the_database_keeps_one_proposal_per_person_and_a_reason_for_each_refusal(session, staff_a, operator):
    proposal = Proposal.objects.create(session=session, employee=staff_a[0], unit=staff_a[0].unit, proposed_by=operator)
    with pytest.raises(IntegrityError), transaction.atomic():
        Proposal.objects.create(session=session, employee=staff_a[0], unit=staff_a[0].unit, proposed_by=operator)
    with pytest.raises(IntegrityError), transaction.atomic():
        Proposal.objects.filter(pk=proposal.pk).update(
            status=Status.DECLINED, decided_by=operator, decided_at=timezone.now()
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Proposal.objects.filter(pk=proposal.pk).update(status=Status.ACCEPTED)  # nobody decided


def test_sending_the_same_list_twice_proposes_once(client, operator, session, staff_a):
    client.force_login(operator)
    post_proposals(client, session, staff_a[:2])
    response = client.post(
        propose_url(session), {"employee": [p.pk for p in staff_a[:2]], "source": "staff"}, follow=True
    )
    assert Proposal.objects.count() == 2
    assert "Anggota 0: sudah diusulkan (Diusulkan)." in messages_of(response)


def test_a_unit_quota_is_its_seat_reservation_and_a_declined_proposal_frees_its_place(
    client, operator, admin, session, tree
):
    SeatReservation.objects.create(session=session, unit=tree.a, seats=2)
    people = [EmployeeFactory(unit=tree.a1, name=f"Q{i}") for i in range(3)]
    client.force_login(operator)
    page = client.get(propose_url(session))
    assert [(q.unit, q.limit, q.left, q.reserved) for q in page.context["quotas"]] == [(tree.a, 2, 2, True)]
    response = client.post(propose_url(session), {"employee": [p.pk for p in people], "source": "staff"}, follow=True)
    assert Proposal.objects.count() == 2
    assert "Q2: kuota Kecamatan A sudah habis (2 orang)." in messages_of(response)
    first = Proposal.objects.get(employee__name="Q0")
    proposals.decide(session=session, proposal_ids=[first.pk], by=admin, accept=False, reason="Ganti orang")
    post_proposals(client, session, people[2:])
    assert Proposal.objects.filter(status=Status.PROPOSED).count() == 2


def test_a_unit_without_a_quota_proposes_up_to_the_general_seats_left(
    client, other_unit_operator, admin, workshop, bkpsdm, tree
):
    session = make_session(workshop, bkpsdm, admin, capacity=4)
    SeatReservation.objects.create(session=session, unit=tree.a, seats=1)  # three general seats
    people = [EmployeeFactory(unit=tree.b, name=f"B{i}") for i in range(4)]
    client.force_login(other_unit_operator)
    response = client.post(propose_url(session), {"employee": [p.pk for p in people], "source": "staff"}, follow=True)
    assert Proposal.objects.count() == 3
    assert "B3: kursi angkatan yang tersisa untuk Kecamatan B sudah habis." in messages_of(response)


def test_another_units_person_in_the_post_is_refused_and_nothing_is_proposed(
    client, operator, session, staff_a, tree, supervisor_employee
):
    outsider = EmployeeFactory(unit=tree.b, name="Orang Kecamatan B")
    client.force_login(operator)
    assert post_proposals(client, session, [staff_a[0], outsider]).status_code == 403
    assert post_proposals(client, session, [outsider]).status_code == 403
    assert not Proposal.objects.exists()
    page = client.get(propose_url(session))
    assert outsider not in page.context["page_obj"].object_list


def test_who_may_propose_and_who_may_decide(
    client, pimpinan, pegawai, operator, other_unit_operator, bkpsdm_operator, session, workshop, tree, admin
):
    draft_elsewhere = make_session(workshop, tree.b, admin, status=Session.Status.DRAFT)
    client.force_login(pimpinan)
    assert client.get(propose_url(session)).status_code == 403  # the head of office reads only
    client.force_login(pegawai)
    assert client.get(propose_url(session)).status_code == 403
    client.force_login(operator)
    assert client.get(propose_url(draft_elsewhere)).status_code == 404
    assert client.get(review_url(session)).status_code == 403
    assert client.post(review_url(session), {"decision": "accept"}).status_code == 403
    client.force_login(bkpsdm_operator)
    # The organisers fill their own session directly.
    assert client.get(propose_url(session))["Location"] == reverse("training:session_nominate", args=[session.pk])
    assert client.get(review_url(session)).status_code == 200


def test_no_proposals_once_registration_is_closed(client, operator, session, staff_a):
    session.registration_closes_on = timezone.localdate() - datetime.timedelta(days=1)
    session.save()
    client.force_login(operator)
    response = post_proposals(client, session, staff_a[:1])
    assert not Proposal.objects.exists()
    assert any("Pendaftaran sudah ditutup" in text for text in messages_of(client.get(response["Location"])))


def test_the_unit_sees_each_status_and_the_asn_their_own(
    client, operator, other_unit_operator, admin, session, pegawai, pegawai_employee, staff_a
):
    Session.objects.filter(pk=session.pk).update(capacity=5)
    client.force_login(operator)
    post_proposals(client, session, [pegawai_employee, *staff_a[:2]])
    ids = dict(Proposal.objects.values_list("employee__name", "pk"))
    proposals.decide(session=session, proposal_ids=[ids["Anggota 1"]], by=admin, accept=True)
    proposals.decide(session=session, proposal_ids=[ids["Anggota 0"]], by=admin, accept=False, reason="Kuota penuh")
    page = client.get(reverse("training:proposal_list"), {"session": session.pk})
    rows = {p.employee.name: (p.get_status_display(), p.reason) for p in page.context["page_obj"]}
    assert rows == {
        "Anggota 0": ("Ditolak", "Kuota penuh"),
        "Anggota 1": ("Diterima", ""),
        pegawai_employee.name: ("Diusulkan", ""),
    }
    assert rows[pegawai_employee.name] == ("Diusulkan", "")
    assert "Kuota penuh" in page.content.decode()
    client.force_login(other_unit_operator)
    assert list(client.get(reverse("training:proposal_list")).context["page_obj"]) == []
    client.force_login(pegawai)
    mine = client.get(reverse("training:proposal_list")).context["page_obj"]
    assert [p.employee for p in mine] == [pegawai_employee]
    detail = client.get(session.get_absolute_url())
    assert detail.context["my_proposal"].status == Status.PROPOSED
    assert "Usulan Kecamatan A untuk Anda" in detail.content.decode()


def test_the_proposal_pages_read_a_constant_number_of_queries(
    client, operator, admin, session, tree, django_assert_max_num_queries
):
    def people(count, prefix):
        return [EmployeeFactory(unit=tree.a1, name=f"{prefix}{i}") for i in range(count)]

    client.force_login(operator)
    urls = [propose_url(session), propose_url(session, dari="belum-20-jp"), reverse("training:proposal_list")]
    # proposal page: session, access, units, counts, quota (3), candidates (count + page), last
    # training, menu; the list: count and page; each the same for 3 people as for 30.
    for batch in (people(3, "Sedikit"), people(27, "Banyak")):
        post_proposals(client, session, batch[:2])
        for url in urls:
            with django_assert_max_num_queries(22):
                assert client.get(url).status_code == 200
    client.force_login(admin)
    for status in ("proposed", "semua"):
        with django_assert_max_num_queries(16):
            assert client.get(review_url(session), {"status": status}).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_a_quota_holds_under_concurrent_submits(workshop, tree, bkpsdm, admin, operator):
    session = make_session(workshop, bkpsdm, admin, capacity=30)
    SeatReservation.objects.create(session=session, unit=tree.a, seats=3)
    batches = [[EmployeeFactory(unit=tree.a1, name=f"R{b}-{i}") for i in range(2)] for b in range(4)]
    people = iter(batches + batches[:2])  # four different lists at once, two of them sent twice

    def submit(batch):
        return proposals.propose(session=session, employees=batch, by=operator, source="staff")

    lists = list(people)
    results, errors = race(lambda: submit(lists.pop()), len(lists))
    assert errors == []
    assert Proposal.objects.filter(session=session).count() == 3  # the quota, not one more
    assert sum(len(made) for made, _refused in results) == 3


def test_the_20_jp_page_sends_an_operator_to_propose_for_another_units_session(
    client, operator, workshop, tree, admin, session
):
    own = make_session(workshop, tree.a, admin, name="Angkatan kecamatan")
    for each in (own, session):
        Session.objects.filter(pk=each.pk).update(starts_on=timezone.localdate() + datetime.timedelta(days=7))
    client.force_login(operator)
    page = client.get(reverse("training:compliance"))
    links = {s.pk: url for s, url in page.context["open_sessions"]}
    assert links[session.pk] == propose_url(session, dari="belum-20-jp")
    assert links[own.pk] == reverse("training:session_nominate", args=[own.pk]) + "?below_target=on"


def test_proposing_nobody_says_so_and_returns_to_the_list(client, operator, session):
    client.force_login(operator)
    back = propose_url(session, dari="belum-20-jp")
    response = client.post(propose_url(session), {"source": "below_jp", "next": back}, follow=True)
    assert response.redirect_chain[-1][0] == back
    assert "Pilih sedikitnya satu pegawai untuk diusulkan." in messages_of(response)


def test_someone_who_registered_is_not_proposed_and_a_withdrawal_frees_the_quota(
    client, operator, admin, session, tree, pegawai, pegawai_employee
):
    from training import enrolment

    SeatReservation.objects.create(session=session, unit=tree.a, seats=1)
    registered = enrolment.request_place(
        session=session, employee=pegawai_employee, by=pegawai, source=Enrolment.Source.SELF
    )
    other = EmployeeFactory(unit=tree.a1, name="Pengganti")
    first = EmployeeFactory(unit=tree.a1, name="Pertama")
    made, refused = proposals.propose(session=session, employees=[pegawai_employee, first], by=operator, source="staff")
    assert [p.employee for p in made] == [first]
    assert refused == [(pegawai_employee, "sudah terdaftar pada angkatan ini.")]
    proposals.decide(session=session, proposal_ids=[made[0].pk], by=admin, accept=True)
    assert proposals.propose(session=session, employees=[other], by=operator, source="staff")[0] == []  # quota used
    made[0].refresh_from_db()
    enrolment.withdraw(enrolment=made[0].enrolment, by=admin, reason="Sakit")
    assert [
        p.employee for p in proposals.propose(session=session, employees=[other], by=operator, source="staff")[0]
    ] == [other]
    registered.refresh_from_db()
    assert registered.status == Enrolment.Status.PENDING  # the registration goes its own way


@pytest.mark.django_db(transaction=True)
def test_two_organisers_accepting_at_once_decide_once(workshop, tree, bkpsdm, admin, operator):
    session = make_session(workshop, bkpsdm, admin, capacity=5)
    person = EmployeeFactory(unit=tree.a1, name="Sekali")
    (proposal,), _refused = proposals.propose(session=session, employees=[person], by=operator, source="staff")
    results, errors = race(
        lambda: proposals.decide(session=session, proposal_ids=[proposal.pk], by=admin, accept=True), 4
    )
    assert errors == []
    assert sorted(len(decided) for decided, _failed in results) == [0, 0, 0, 1]
    assert Enrolment.objects.filter(session=session).count() == 1
    assert Enrolment.objects.get(session=session).events.count() == 2  # pending, then confirmed: once
