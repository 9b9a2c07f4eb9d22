import datetime
import html
import re
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import EmployeeFactory, UserFactory
from training import enrolment as service
from training.models import Enrolment, SeatReservation, Session

from .conftest import MONDAY, day, make_session

Status = Enrolment.Status


@pytest.fixture
def small_session(workshop, tree, admin):
    return make_session(workshop, tree.a, admin, capacity=2)


def nominate(session, people, by):
    return [
        service.request_place(session=session, employee=p, by=by, source=Enrolment.Source.NOMINATED) for p in people
    ]


def test_hr_nominations_fill_seats_then_the_waitlist_in_order(small_session, tree, operator):
    people = [EmployeeFactory(unit=tree.a1, name=f"P{i}") for i in range(4)]
    enrolments = nominate(small_session, people, operator)
    assert [e.status for e in enrolments] == [Status.CONFIRMED, Status.CONFIRMED, Status.WAITLISTED, Status.WAITLISTED]
    assert enrolments[2].waitlisted_at <= enrolments[3].waitlisted_at


def test_withdrawal_promotes_the_first_on_the_waitlist_and_tells_them(
    small_session, tree, operator, mailoutbox, django_capture_on_commit_callbacks
):
    people = [EmployeeFactory(unit=tree.a1, name=f"P{i}", email=f"p{i}@example.go.id") for i in range(4)]
    enrolments = nominate(small_session, people, operator)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _withdrawn, promoted = service.withdraw(enrolment=enrolments[0], by=operator, reason="Sakit")
    assert [p.employee.name for p in promoted] == ["P2"]
    statuses = dict(Enrolment.objects.values_list("employee__name", "status"))
    assert statuses == {"P0": Status.WITHDRAWN, "P1": Status.CONFIRMED, "P2": Status.CONFIRMED, "P3": Status.WAITLISTED}
    assert [m.to for m in mailoutbox] == [["p2@example.go.id"]] and "daftar tunggu" in mailoutbox[0].body


def test_self_registration_waits_for_approval(small_session, pegawai, pegawai_employee, supervisor):
    enrolment = service.request_place(
        session=small_session, employee=pegawai_employee, by=pegawai, source=Enrolment.Source.SELF
    )
    assert enrolment.status == Status.PENDING
    service.approve(enrolment=enrolment, by=supervisor)
    enrolment.refresh_from_db()
    assert enrolment.status == Status.CONFIRMED
    assert list(enrolment.events.values_list("from_status", "to_status")) == [("", "pending"), ("pending", "confirmed")]


def test_rejection_needs_a_reason(small_session, pegawai, pegawai_employee, operator):
    enrolment = service.request_place(
        session=small_session, employee=pegawai_employee, by=pegawai, source=Enrolment.Source.SELF
    )
    with pytest.raises(ValidationError):
        service.reject(enrolment=enrolment, by=operator, reason="")
    service.reject(enrolment=enrolment, by=operator, reason="Kuota unit sudah terpenuhi")
    enrolment.refresh_from_db()
    assert enrolment.status == Status.REJECTED and enrolment.note == "Kuota unit sudah terpenuhi"


def test_only_hr_or_the_supervisor_decides(small_session, pegawai, pegawai_employee, other_unit_operator, pimpinan):
    enrolment = service.request_place(
        session=small_session, employee=pegawai_employee, by=pegawai, source=Enrolment.Source.SELF
    )
    for user in (other_unit_operator, pimpinan, pegawai):
        with pytest.raises(PermissionDenied):
            service.approve(enrolment=enrolment, by=user)


def test_a_repeated_request_returns_the_same_enrolment(small_session, pegawai, pegawai_employee):
    first = service.request_place(
        session=small_session, employee=pegawai_employee, by=pegawai, source=Enrolment.Source.SELF
    )
    second = service.request_place(
        session=small_session, employee=pegawai_employee, by=pegawai, source=Enrolment.Source.SELF
    )
    assert first.pk == second.pk and Enrolment.objects.count() == 1


def test_double_clicked_register_button(client, pegawai, pegawai_employee, small_session):
    client.force_login(pegawai)
    url = reverse("training:session_register", args=[small_session.pk])
    client.post(url)
    client.post(url)
    assert Enrolment.objects.filter(employee=pegawai_employee).count() == 1


def test_self_registration_needs_an_open_window(workshop, tree, admin, pegawai, pegawai_employee):
    closed = make_session(
        workshop,
        tree.a,
        admin,
        registration_opens_on=datetime.date(2019, 12, 1),
        registration_closes_on=datetime.date(2020, 1, 1),
    )
    with pytest.raises(ValidationError, match="sudah ditutup"):
        service.request_place(session=closed, employee=pegawai_employee, by=pegawai, source=Enrolment.Source.SELF)
    draft = make_session(
        workshop, tree.a, admin, status=Session.Status.DRAFT, days=[day(MONDAY + datetime.timedelta(days=9))]
    )
    with pytest.raises(ValidationError, match="tidak dibuka"):
        service.request_place(session=draft, employee=pegawai_employee, by=pegawai, source=Enrolment.Source.SELF)


def test_overlapping_sessions_are_refused(workshop, tree, admin, operator, pegawai_employee):
    first = make_session(workshop, tree.a, admin, venue="Ruang 1")
    second = make_session(workshop, tree.a, admin, venue="Ruang 2", days=[day(MONDAY, (13, 0), (16, 0))])
    nominate(first, [pegawai_employee], operator)
    with pytest.raises(ValidationError) as caught:
        nominate(second, [pegawai_employee], operator)
    assert "bertabrakan" in caught.value.messages[0] and str(first) in caught.value.messages[0]


def test_unit_reservations_keep_seats_for_that_unit(workshop, tree, admin, operator):
    session = make_session(workshop, tree.a, admin, capacity=3)
    SeatReservation.objects.create(session=session, unit=tree.b, seats=1)
    from_a = [EmployeeFactory(unit=tree.a1, name=f"A{i}") for i in range(3)]
    results = nominate(session, from_a, UserFactory(username="hr_admin", is_superuser=True))
    assert [r.status for r in results] == [Status.CONFIRMED, Status.CONFIRMED, Status.WAITLISTED]  # one seat kept for B
    from_b = nominate(session, [EmployeeFactory(unit=tree.b, name="B0")], admin)
    assert from_b[0].status == Status.CONFIRMED and from_b[0].reserved_for.unit == tree.b


@pytest.mark.django_db(transaction=True)
def test_capacity_holds_under_concurrent_registrations(workshop, tree, admin):
    session = make_session(workshop, tree.a, admin, capacity=5)
    seated = [EmployeeFactory(unit=tree.a1, name=f"Seated {i}") for i in range(4)]
    nominate(session, seated, admin)  # nearly full: one seat left
    racers = [EmployeeFactory(unit=tree.a1, name=f"Racer {i}") for i in range(12)]
    barrier = threading.Barrier(len(racers) + 6)
    errors = []

    def run(employee):
        try:
            barrier.wait()
            service.request_place(session=session, employee=employee, by=admin, source=Enrolment.Source.NOMINATED)
        except Exception as error:  # noqa: BLE001 - collected and asserted below
            errors.append(error)
        finally:
            connections.close_all()  # this thread's own connections

    # Twelve people race for the last seat, and six of them also double-click.
    threads = [threading.Thread(target=run, args=(employee,)) for employee in racers + racers[:6]]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Enrolment.objects.filter(session=session, status=Status.CONFIRMED).count() == 5
    assert Enrolment.objects.filter(session=session, status=Status.WAITLISTED).count() == 11
    assert Enrolment.objects.filter(session=session).count() == 16  # no duplicates from the double clicks


def test_participants_page_and_approvals_are_scoped(
    client, small_session, pegawai, pegawai_employee, other_unit_operator, operator, supervisor
):
    service.request_place(session=small_session, employee=pegawai_employee, by=pegawai, source=Enrolment.Source.SELF)
    client.force_login(other_unit_operator)
    assert client.get(reverse("training:session_participants", args=[small_session.pk])).status_code == 403
    assert list(client.get(reverse("training:approval_list")).context["page_obj"]) == []
    client.force_login(supervisor)
    assert [e.employee for e in client.get(reverse("training:approval_list")).context["page_obj"]] == [pegawai_employee]
    client.force_login(operator)
    page = client.get(reverse("training:session_participants", args=[small_session.pk]))
    assert "Staf A1" in page.content.decode()


def test_decide_through_the_page(client, small_session, pegawai, pegawai_employee, supervisor, other_unit_operator):
    enrolment = service.request_place(
        session=small_session, employee=pegawai_employee, by=pegawai, source=Enrolment.Source.SELF
    )
    client.force_login(other_unit_operator)
    assert (
        client.post(reverse("training:enrolment_decide", args=[enrolment.pk]), {"decision": "approve"}).status_code
        == 404
    )
    client.force_login(supervisor)
    client.post(reverse("training:enrolment_decide", args=[enrolment.pk]), {"decision": "approve"})
    enrolment.refresh_from_db()
    assert enrolment.status == Status.CONFIRMED


def test_nomination_page_shows_jp_and_nominates_many(client, operator, tree, small_session):
    people = [EmployeeFactory(unit=tree.a1, name=f"Kandidat {i}") for i in range(3)]
    EmployeeFactory(unit=tree.b, name="Di luar cakupan")
    client.force_login(operator)
    page = client.get(reverse("training:session_nominate", args=[small_session.pk]))
    names = [person.name for person in page.context["page_obj"]]
    assert "Di luar cakupan" not in names and all(person.jp == 0 for person in page.context["page_obj"])
    outsider = EmployeeFactory(unit=tree.b)
    client.post(
        reverse("training:session_nominate", args=[small_session.pk]),
        {"employee": [p.pk for p in people] + [outsider.pk]},
    )
    assert Enrolment.objects.filter(session=small_session).count() == 3  # the outsider is ignored
    assert Enrolment.objects.filter(session=small_session, status=Status.CONFIRMED).count() == 2


def test_nomination_adds_people_picked_by_name_beside_the_ticked_ones(client, operator, tree, small_session):
    """The people field: a pick posts the person's NIP (typed by hand without JavaScript), anyone
    active in scope whatever the list's filters; a NIP outside the scope reads as not found."""
    ticked = EmployeeFactory(unit=tree.a1, name="Dicentang")
    picked = EmployeeFactory(unit=tree.a, name="Dipilih Lewat Nama")
    outsider = EmployeeFactory(unit=tree.b, name="Di luar cakupan")
    client.force_login(operator)
    url = reverse("training:session_nominate", args=[small_session.pk])
    page = client.get(url).content.decode()
    assert f'data-picker="{reverse("programs:employee_search")}"' in page and "data-picker-multiple" in page
    response = client.post(
        url + "?q=Dicentang",  # the list is filtered; the picked person is not in it
        {"employee": [ticked.pk], "nip": [picked.nip_display, ticked.nip, outsider.nip, "", "budi"]},
        follow=True,
    )
    assert set(Enrolment.objects.filter(session=small_session).values_list("employee__name", flat=True)) == {
        "Dicentang",
        "Dipilih Lewat Nama",
    }
    notes = [str(message) for message in response.context["messages"]]
    assert notes[0] == "2 pegawai dinominasikan."  # the one both ticked and picked counts once
    not_found = "tidak ada pegawai aktif dengan NIP ini dalam cakupan Anda."
    assert f"NIP {outsider.nip}: {not_found}" in notes and f"NIP budi: {not_found}" in notes


def test_session_page_offers_registration_and_shows_status(client, pegawai, operator, small_session):
    client.force_login(pegawai)
    url = reverse("training:session_detail", args=[small_session.pk])
    assert reverse("training:session_register", args=[small_session.pk]) in client.get(url).content.decode()
    client.post(reverse("training:session_register", args=[small_session.pk]))
    page = client.get(url)
    assert page.context["mine"].status == Status.PENDING and "Menunggu persetujuan" in page.content.decode()
    client.force_login(operator)
    html = client.get(url).content.decode()
    assert reverse("training:session_participants", args=[small_session.pk]) in html


def test_participant_page_query_count_does_not_grow(client, small_session, operator, tree, admin):

    client.force_login(operator)
    url = reverse("training:session_participants", args=[small_session.pk])
    service.request_place(
        session=small_session, employee=EmployeeFactory(unit=tree.a1), by=admin, source=Enrolment.Source.NOMINATED
    )
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(6):
        service.request_place(
            session=small_session, employee=EmployeeFactory(unit=tree.a1), by=admin, source=Enrolment.Source.NOMINATED
        )
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).content.decode().count("Keluarkan peserta ini?") == 7
    assert len(many.captured_queries) == len(few.captured_queries)


def test_whatsapp_messages_of_a_page_match_the_single_message(small_session, operator, tree, admin):
    from training import notifications

    people = [EmployeeFactory(unit=tree.a1, name=name, phone="0812345678") for name in ("Ani", "Budi")]
    enrolments = [
        service.request_place(session=small_session, employee=person, by=admin, source=Enrolment.Source.NOMINATED)
        for person in people
    ]
    assert notifications.whatsapp_links(small_session, enrolments) == [
        notifications.whatsapp_link(enrolment) for enrolment in enrolments
    ]


def test_each_participant_is_messaged_as_their_status_stands(client, small_session, operator, tree, admin):
    """Everyone on the participants' list got the 'terkonfirmasi' message, even those marked 'Tidak
    selesai'; the operator can also copy every message of the list at once."""
    from urllib.parse import unquote

    small_session.capacity = 10
    small_session.save()
    statuses = {
        "Ani": Enrolment.Status.CONFIRMED,
        "Budi": Enrolment.Status.NOT_COMPLETED,
        "Citra": Enrolment.Status.COMPLETED,
        "Dedi": Enrolment.Status.WAITLISTED,
        "Eka": Enrolment.Status.REJECTED,
    }
    for name, status in statuses.items():
        person = EmployeeFactory(unit=tree.a1, name=name, phone="0812-3456-78")
        made = service.request_place(session=small_session, employee=person, by=admin, source="nominated")
        Enrolment.objects.filter(pk=made.pk).update(status=status, note="Kuota penuh" if name == "Eka" else "")
    client.force_login(operator)
    page = client.get(reverse("training:session_participants", args=[small_session.pk])).content.decode()
    texts = {}
    for link in re.findall(r'href="(https://wa.me/62812345678\?text=[^"]+)"', page):
        message = unquote(link.split("text=", 1)[1].replace("&amp;", "&"))
        texts[re.search(r"Yth\. (\w+)", message).group(1)] = message
    assert set(texts) == set(statuses)
    assert "tidak menyelesaikan" in texts["Budi"] and "terkonfirmasi" not in texts["Budi"]
    assert "terkonfirmasi sebagai peserta" in texts["Ani"]
    assert "lulus/selesai" in texts["Citra"] and "daftar tunggu" in texts["Dedi"]
    assert "tidak disetujui" in texts["Eka"] and "Kuota penuh" in texts["Eka"]
    copied = re.search(r'<textarea id="participant-messages"[^>]*>(.*?)</textarea>', page, re.S).group(1)
    assert all(html.escape(text) in copied for text in texts.values())
    assert 'data-copy="#participant-messages"' in page


def test_an_operator_cannot_approve_their_own_registration(workshop, tree, admin, operator, operator_employee):
    from django.core.exceptions import PermissionDenied

    from tests.training.conftest import make_session
    from training import enrolment
    from training.models import Enrolment

    session = make_session(workshop, tree.a, admin)
    mine = enrolment.request_place(
        session=session, employee=operator_employee, by=operator, source=Enrolment.Source.SELF
    )
    with pytest.raises(PermissionDenied):
        enrolment.approve(enrolment=mine, by=operator)
