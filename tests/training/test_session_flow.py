"""A session's status flow (training/session_flow.py): one approval, finishing only after the end,
and the seats of a finished session."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories import EmployeeFactory
from training import enrolment, participation, session_flow
from training.models import Enrolment, Session

from .conftest import MONDAY, make_session

JAKARTA = datetime.timezone(datetime.timedelta(hours=7))
# make_session's days: 1 and 2 March 2027, 08.00-15.00 WIB.
DURING = datetime.datetime(2027, 3, 2, 14, 59, tzinfo=JAKARTA)
AFTER = datetime.datetime(2027, 3, 2, 15, 0, tzinfo=JAKARTA)
FINISH_BUTTON = "Selesaikan dan hitung kelulusan"


@pytest.fixture
def proposal(workshop, tree, operator):
    """A session the Kecamatan A operator proposed, with two people of Kelurahan A1 nominated."""
    session = make_session(workshop, tree.a, operator, status=Session.Status.DRAFT, capacity=10)
    for name in ("Peserta Satu", "Peserta Dua"):
        enrolment.request_place(
            session=session,
            employee=EmployeeFactory(unit=tree.a1, name=name),
            by=operator,
            source=Enrolment.Source.NOMINATED,
        )
    return session


def transition(client, session, to, **extra):
    return client.post(reverse("training:session_transition", args=[session.pk]), {"to": to, **extra}, follow=True)


def test_a_proposal_is_approved_in_one_step_and_finished_once_it_has_ended(client, admin, operator, proposal):
    client.force_login(admin)
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert 'value="open"' in page and 'value="closed"' not in page  # approving is the one thing to do
    transition(client, proposal, "open")
    proposal.refresh_from_db()
    assert proposal.status == Session.Status.OPEN

    with time_machine.travel(DURING, tick=False):
        client.force_login(operator)  # a login lasts a working day: made at the time it is used
        refused = transition(client, proposal, "finished").content.decode()
        proposal.refresh_from_db()
        assert proposal.status == Session.Status.OPEN
        assert "belum dapat diselesaikan sebelum hari terakhirnya berakhir (2 Maret 2027 15.00 WIB)" in refused
    with time_machine.travel(AFTER, tick=False):
        client.force_login(operator)
        done = transition(client, proposal, "finished").content.decode()
    proposal.refresh_from_db()
    assert proposal.status == Session.Status.FINISHED
    assert "Angkatan selesai: 0 lulus, 2 tidak lulus" in done  # nobody was marked present
    assert list(proposal.events.values_list("from_status", "to_status")) == [
        ("", "draft"),
        ("draft", "open"),
        ("open", "finished"),
    ]


def test_only_bkpsdm_approves_a_proposal(client, operator, proposal):
    client.force_login(operator)
    assert 'value="open"' not in client.get(proposal.get_absolute_url()).content.decode()
    transition(client, proposal, "open")
    proposal.refresh_from_db()
    assert proposal.status == Session.Status.DRAFT


@pytest.mark.parametrize("clock,finished", [(DURING, False), (AFTER, True)])
def test_finishing_waits_for_the_end_of_the_last_day_in_jakarta_time(admin, operator, proposal, clock, finished):
    session_flow.move_session(session=proposal, to=Session.Status.OPEN, by=admin)
    if finished:
        participation.finish_session(session=proposal, by=operator, now=clock)
        assert Session.objects.get(pk=proposal.pk).status == Session.Status.FINISHED
    else:
        with pytest.raises(ValidationError, match="belum dapat diselesaikan"):
            participation.finish_session(session=proposal, by=operator, now=clock)
        assert Session.objects.get(pk=proposal.pk).status == Session.Status.OPEN
        assert not Enrolment.objects.filter(status__in=["completed", "not_completed"]).exists()


def test_the_finish_button_is_not_offered_before_the_end(client, admin, operator, proposal):
    client.force_login(admin)
    transition(client, proposal, "open")
    participants = reverse("training:session_participants", args=[proposal.pk])
    with time_machine.travel(DURING, tick=False):
        client.force_login(operator)  # a login lasts a working day: made at the time it is used
        page = client.get(proposal.get_absolute_url()).content.decode()
        assert FINISH_BUTTON not in page and 'value="finished"' not in page
        assert "dapat diselesaikan setelah hari terakhirnya berakhir (2 Maret 2027 15.00 WIB)" in page
        assert FINISH_BUTTON not in client.get(participants).content.decode()
        refused = client.post(reverse("training:session_finish", args=[proposal.pk]), follow=True)
        assert "belum dapat diselesaikan" in refused.content.decode()
    with time_machine.travel(AFTER, tick=False):
        client.force_login(operator)
        page = client.get(proposal.get_absolute_url()).content.decode()
        assert FINISH_BUTTON in page and "dapat diselesaikan setelah" not in page
        assert FINISH_BUTTON in client.get(participants).content.decode()


def test_a_finished_session_shows_its_seats_as_they_were(client, admin, operator, proposal):
    client.force_login(admin)
    transition(client, proposal, "open")
    first, second = proposal.enrolments.order_by("id")
    for day in proposal.days.all():
        participation.mark(day=day, statuses={first.pk: "present"}, by=operator)
    participation.finish_session(session=proposal, by=operator, now=AFTER)
    client.force_login(operator)
    assert "2 dari 10 kursi terisi" in client.get(proposal.get_absolute_url()).content.decode()
    participants = client.get(reverse("training:session_participants", args=[proposal.pk])).content.decode()
    assert "2 dari 10 kursi terisi" in participants


def test_after_the_finish_its_seats_stay_taken(admin, operator, workshop, tree, pegawai, pegawai_employee):
    """A registration still waiting when a full session finishes does not get a seat someone held."""
    session = make_session(workshop, tree.a, admin, capacity=1)
    enrolment.request_place(
        session=session, employee=EmployeeFactory(unit=tree.a1), by=operator, source=Enrolment.Source.NOMINATED
    )
    waiting = enrolment.request_place(
        session=session, employee=pegawai_employee, by=pegawai, source=Enrolment.Source.SELF
    )
    participation.finish_session(session=session, by=operator, now=AFTER)
    enrolment.approve(enrolment=waiting, by=operator)
    assert Enrolment.objects.get(pk=waiting.pk).status == Enrolment.Status.WAITLISTED


def test_a_session_with_days_ahead_is_not_finished_by_its_first_day(admin, operator, workshop, tree):
    session = make_session(
        workshop,
        tree.a,
        admin,
        days=[
            {"date": MONDAY, "starts_at": datetime.time(8), "ends_at": datetime.time(15)},
            {"date": MONDAY + datetime.timedelta(days=7), "starts_at": datetime.time(8), "ends_at": datetime.time(12)},
        ],
    )
    with pytest.raises(ValidationError, match="8 Maret 2027 12.00 WIB"):
        participation.finish_session(session=session, by=operator, now=AFTER)
