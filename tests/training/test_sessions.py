import datetime
import io
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from core.formats import long_date
from programs.models import DevelopmentProgram, PlanItem
from tests import word
from tests.core.test_pdf import pdf_text
from training import scheduling
from training.models import Agreement, Provider, Session, SessionEvent

from .conftest import MONDAY, day, make_session

JAKARTA = datetime.timezone(datetime.timedelta(hours=7))


def session_post(course, unit, days, **extra):
    data = {
        "course": course.pk,
        "name": "Angkatan II",
        "provider": course.default_provider_id,
        "organiser_unit": unit.pk,
        "mode": "tatap_muka",
        "venue": "Aula Kecamatan",
        "meeting_link": "",
        "capacity": 25,
        "cost": 0,
        "jp": "",
        "registration_opens_on": "",
        "registration_closes_on": "",
        "plan_item": "",
        "repeat": "",
        "repeat_times": "",
        "days-TOTAL_FORMS": str(len(days)),
        "days-INITIAL_FORMS": "0",
        "days-MIN_NUM_FORMS": "0",
        "days-MAX_NUM_FORMS": "1000",
    }
    for index, (date, start, end) in enumerate(days):
        data.update({f"days-{index}-date": date, f"days-{index}-starts_at": start, f"days-{index}-ends_at": end})
    data.update(extra)
    return data


def test_operator_proposes_a_session_with_computed_jp(client, operator, tree, workshop):
    client.force_login(operator)
    response = client.post(
        reverse("training:session_create"),
        session_post(workshop, tree.a, [("2027-03-01", "08:00", "15:00"), ("2027-03-02", "08:00", "12:00")]),
    )
    session = Session.objects.get()
    assert response.status_code == 302
    assert (session.status, str(session.jp), session.starts_on, session.ends_on) == (
        "draft",
        "10.00",
        MONDAY,
        MONDAY + datetime.timedelta(days=1),
    )
    assert session.days.count() == 2 and session.proposed_by == operator
    assert list(SessionEvent.objects.values_list("to_status", flat=True)) == ["draft"]


def test_operator_cannot_organise_for_another_unit(client, operator, tree, workshop):
    client.force_login(operator)
    response = client.post(
        reverse("training:session_create"), session_post(workshop, tree.b, [("2027-03-01", "08:00", "15:00")])
    )
    assert response.context["form"].errors["organiser_unit"] and not Session.objects.exists()


@pytest.mark.parametrize(
    "change,message",
    [
        ({"capacity": 0}, "1"),
        ({"registration_closes_on": "2027-03-05"}, "Pendaftaran harus ditutup paling lambat pada hari pertama"),
        (
            {"registration_opens_on": "2027-02-20", "registration_closes_on": "2027-02-10"},
            "Pendaftaran tidak dapat ditutup sebelum dibuka",
        ),
        ({"venue": ""}, "Isi tempat untuk kegiatan tatap muka."),
    ],
)
def test_bad_sessions_are_explained_and_nothing_is_saved(client, admin, tree, workshop, change, message):
    client.force_login(admin)
    response = client.post(
        reverse("training:session_create"), session_post(workshop, tree.a, [("2027-03-01", "08:00", "15:00")], **change)
    )
    assert response.status_code == 200 and message in response.content.decode()
    assert not Session.objects.exists()


def test_a_day_that_ends_before_it_starts(client, admin, tree, workshop):
    client.force_login(admin)
    response = client.post(
        reverse("training:session_create"), session_post(workshop, tree.a, [("2027-03-01", "15:00", "08:00")])
    )
    assert "Jam selesai harus setelah jam mulai." in response.content.decode() and not Session.objects.exists()


def test_double_booking_and_jp_mismatch_are_warned(client, admin, tree, workshop, instructor):
    make_session(workshop, tree.a, admin, instructors=[instructor], venue="Aula Kecamatan")
    client.force_login(admin)
    data = session_post(workshop, tree.a, [("2027-03-01", "13:00", "16:00")], jp="12", instructors=[instructor.pk])
    response = client.post(reverse("training:session_create"), data, follow=True)
    text = response.content.decode()
    assert "Pengajar Dr. Hartono juga mengajar" in text and "Tempat Aula Kecamatan juga dipakai" in text
    assert "yang diharapkan 5.00 JP" in text  # a one-day workshop: 5 JP
    assert Session.objects.count() == 2  # warnings, not refusals


def test_recurring_sessions_in_one_step(client, admin, tree, workshop):
    client.force_login(admin)
    client.post(
        reverse("training:session_create"),
        session_post(workshop, tree.a, [("2027-01-31", "09:00", "12:00")], repeat="month", repeat_times=3),
    )
    assert list(Session.objects.order_by("starts_on").values_list("starts_on", flat=True)) == [
        datetime.date(2027, 1, 31),
        datetime.date(2027, 2, 28),
        datetime.date(2027, 3, 31),
        datetime.date(2027, 4, 30),
    ]


def test_status_flow_with_history(client, admin, operator, tree, workshop):
    # Before the session's last day: the finish asked for below is refused for that reason, whatever
    # the date the suite runs on.
    with time_machine.travel(datetime.datetime(2027, 2, 1, 9, 0, tzinfo=JAKARTA), tick=False):
        session = make_session(workshop, tree.a, admin, status=Session.Status.DRAFT)
        client.force_login(operator)
        client.post(reverse("training:session_transition", args=[session.pk]), {"to": "open"})
        session.refresh_from_db()
        assert session.status == "draft"  # only BKPSDM opens a proposal
        client.force_login(admin)
        client.post(reverse("training:session_transition", args=[session.pk]), {"to": "open"})
        client.post(
            reverse("training:session_transition", args=[session.pk]), {"to": "finished"}
        )  # not before its last day ends
        response = client.post(
            reverse("training:session_transition", args=[session.pk]), {"to": "cancelled"}, follow=True
        )
        assert "alasan pembatalan" in response.content.decode()
        client.post(
            reverse("training:session_transition", args=[session.pk]),
            {"to": "cancelled", "reason": "Narasumber berhalangan"},
        )
        history = list(session.events.values_list("from_status", "to_status", "reason"))
        assert history == [("", "draft", ""), ("draft", "open", ""), ("open", "cancelled", "Narasumber berhalangan")]


def test_a_draft_is_visible_only_to_its_organisers(
    client, pegawai, other_unit_operator, operator, admin, tree, workshop
):
    session = make_session(workshop, tree.a, admin, status=Session.Status.DRAFT)
    for user, status in ((pegawai, 404), (other_unit_operator, 404), (operator, 200)):
        client.force_login(user)
        assert client.get(reverse("training:session_detail", args=[session.pk])).status_code == status


def test_other_unit_operator_cannot_change_a_session(client, other_unit_operator, tree, workshop, admin):
    session = make_session(workshop, tree.a, admin)
    client.force_login(other_unit_operator)
    assert client.get(reverse("training:session_detail", args=[session.pk])).status_code == 200  # open: public
    assert client.get(reverse("training:session_edit", args=[session.pk])).status_code == 403
    client.post(reverse("training:session_transition", args=[session.pk]), {"to": "closed"})
    session.refresh_from_db()
    assert session.status == "open"


def test_schedule_and_calendar_query_counts_are_constant(
    client, pegawai, admin, tree, workshop, django_assert_max_num_queries
):
    client.force_login(pegawai)
    make_session(workshop, tree.a, admin)
    urls = [reverse("training:session_list") + "?all=1", reverse("training:calendar") + "?bulan=2027-03"]
    ceilings = []
    for url in urls:
        with django_assert_max_num_queries(12) as captured:
            client.get(url)
        ceilings.append(len(captured.captured_queries))
    for week in range(1, 15):
        make_session(workshop, tree.a, admin, days=[day(MONDAY + datetime.timedelta(days=week))], venue=f"Ruang {week}")
    for url, ceiling in zip(urls, ceilings, strict=True):
        with django_assert_max_num_queries(ceiling):
            client.get(url)


def test_calendar_shows_the_month(client, pegawai, admin, tree, workshop):
    make_session(workshop, tree.a, admin)
    client.force_login(pegawai)
    response = client.get(reverse("training:calendar"), {"bulan": "2027-03"})
    entries = [
        entry
        for week in response.context["weeks"]
        for date, entries, _in in week
        if date == MONDAY
        for entry in entries
    ]
    assert [entry.session.course.title for entry in entries] == ["Workshop Komunikasi Publik"]


def test_ics_feed(client, pegawai, admin, tree, workshop):
    make_session(workshop, tree.a, admin, days=[day(datetime.date.today() + datetime.timedelta(days=7))])
    client.force_login(pegawai)
    response = client.get(reverse("training:calendar_ics"))
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/calendar")
    assert "BEGIN:VEVENT" in body and "Workshop Komunikasi Publik" in body and "TZID=Asia/Jakarta" in body


def test_ics_feed_defines_the_time_zone_it_names(client, pegawai, admin, tree, workshop):
    """RFC 5545 (3.2.19): every TZID a feed uses has its VTIMEZONE in the feed; without it some calendar
    apps read 08.00 WIB as 08.00 in their own zone. DTSTAMP is in UTC (3.8.7.2)."""
    from icalendar import Calendar

    start = datetime.date.today() + datetime.timedelta(days=7)
    make_session(workshop, tree.a, admin, days=[day(start)])
    client.force_login(pegawai)
    body = client.get(reverse("training:calendar_ics")).content.decode()
    feed = Calendar.from_ical(body)
    (zone,) = feed.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Asia/Jakarta"
    (standard,) = zone.walk("STANDARD")
    assert standard.to_ical().decode().count("TZOFFSETTO:+0700") == 1 and str(standard["TZNAME"]) == "WIB"
    assert not zone.walk("DAYLIGHT")
    assert body.index("BEGIN:VTIMEZONE") < body.index("BEGIN:VEVENT")
    (event,) = feed.walk("VEVENT")
    assert event.decoded("dtstart").astimezone(datetime.UTC) == datetime.datetime.combine(
        start, datetime.time(1, 0), tzinfo=datetime.UTC
    )
    assert "DTSTAMP:" in body and body.split("DTSTAMP:")[1].split("\r\n")[0].endswith("Z")


def test_schedule_excel_and_pdf(client, pegawai, admin, tree, workshop):
    make_session(workshop, tree.a, admin, days=[day(datetime.date.today() + datetime.timedelta(days=3))])
    client.force_login(pegawai)
    sheet = load_workbook(io.BytesIO(b"".join(client.get(reverse("training:schedule_xlsx")).streaming_content))).active
    assert [cell.value for cell in sheet[2]][:2] == ["Workshop Komunikasi Publik", "Angkatan I"]
    text = pdf_text(client.get(reverse("training:schedule_pdf")).content)
    assert "Workshop Komunikasi Publik" in text


def test_schedule_word_copy_says_what_the_pdf_says(client, pegawai, admin, tree, workshop):
    first = datetime.date.today() + datetime.timedelta(days=3)
    make_session(workshop, tree.a, admin, jp=Decimal("7.5"), days=[day(first), day(first + datetime.timedelta(days=1))])
    make_session(workshop, tree.a, admin, name="Angkatan II", venue="", days=[day(first + datetime.timedelta(days=9))])
    client.force_login(pegawai)
    page = client.get(reverse("training:session_list")).content.decode()
    assert reverse("training:schedule_docx") in page
    document = word.opened(client.get(reverse("training:schedule_docx")))
    body = word.lines(document)
    assert "JADWAL PENGEMBANGAN KOMPETENSI" in body and f"Per {long_date(datetime.date.today())}" in body
    (grid,) = word.grids(document)
    assert grid[0] == [
        "Tanggal",
        "Program",
        "Angkatan",
        "Moda dan tempat",
        "Penyelenggara",
        "Kapasitas",
        "JP",
        "Status",
    ]
    assert len(grid) == 3
    dates = "\n".join(f"{long_date(date)}\n08.00–15.00 WIB" for date in (first, first + datetime.timedelta(days=1)))
    assert grid[1] == [
        dates,
        "Workshop Komunikasi Publik",
        "Angkatan I",
        "Tatap muka, Aula BKPSDM",
        str(workshop.default_provider),
        "30",
        "7,50",  # floatformat:"-2", as the PDF
        "Pendaftaran dibuka",
    ]
    assert grid[2][2:4] == ["Angkatan II", "Tatap muka"]
    pdf = client.get(reverse("training:schedule_pdf")).content
    word.assert_says_what_the_pdf_says(document, pdf)


def test_an_empty_schedule_says_so_in_both_copies(client, pegawai):
    client.force_login(pegawai)
    (grid,) = word.grids(word.opened(client.get(reverse("training:schedule_docx"))))
    assert grid[1] == ["Tidak ada angkatan."]
    assert "Tidak ada angkatan." in pdf_text(client.get(reverse("training:schedule_pdf")).content)


def test_the_schedule_word_copy_asks_for_a_login(client):
    for name in ("training:schedule_pdf", "training:schedule_docx"):
        assert client.get(reverse(name)).status_code == 302


def test_schedule_filter_by_unit_relevance(client, pegawai, admin, tree, workshop):
    make_session(workshop, tree.a, admin, venue="A")
    make_session(workshop, tree.b, admin, venue="B", days=[day(MONDAY + datetime.timedelta(days=7))])
    make_session(workshop, tree.root, admin, venue="Kota", days=[day(MONDAY + datetime.timedelta(days=14))])
    client.force_login(pegawai)
    page = client.get(reverse("training:session_list"), {"unit": tree.a1.pk, "all": 1}).context["page_obj"]
    assert sorted(session.venue for session in page) == ["A", "Kota"]


def test_plan_coverage_shows_items_with_and_without_sessions(client, operator, admin, tree, workshop):
    program = DevelopmentProgram.objects.create(year=2027, unit=tree.a, title="Rencana A")
    covered = PlanItem.objects.create(
        program=program,
        competency=workshop.competencies.get(),
        title="Komunikasi",
        development_form=workshop.development_form,
    )
    PlanItem.objects.create(
        program=program,
        competency=workshop.competencies.get(),
        title="Belum dijadwalkan",
        development_form=workshop.development_form,
    )
    session = make_session(workshop, tree.a, admin, plan_item=covered, cost=2_000_000)
    from tests.factories import EmployeeFactory
    from training.enrolment import request_place
    from training.models import Enrolment

    for index in range(3):
        request_place(
            session=session,
            employee=EmployeeFactory(unit=tree.a1, name=f"P{index}"),
            by=operator,
            source=Enrolment.Source.NOMINATED,
        )
    client.force_login(operator)
    response = client.get(reverse("reports:plan_coverage", args=[program.pk]))
    assert response.context["covered"] == 1
    totals = response.context["totals"]
    assert (totals["participants"], totals["cost"], totals["jp"]) == (3, 2_000_000, 0)  # nobody has completed yet
    assert "Belum ada angkatan" in response.content.decode()


def test_save_session_needs_a_day(workshop, tree, admin):
    session = Session(course=workshop, name="X", provider=workshop.default_provider, organiser_unit=tree.a, capacity=5)
    with pytest.raises(ValidationError):
        scheduling.save_session(session=session, days=[], instructors=[], by=admin)
    assert not Session.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        "/pelatihan/jadwal/tambah/?course=abc",
        "/pelatihan/kalender/?bulan=0001-01",
        "/pelatihan/kalender/?bulan=9999-12",
        "/pelatihan/kalender/?bulan=x",
    ],
)
def test_bad_parameters_are_not_errors(client, admin, url):
    client.force_login(admin)
    assert client.get(url).status_code == 200


# --- the names of repeats ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name,number",
    [
        ("Angkatan 3", 3),
        ("Angkatan I", 1),
        ("angkatan XIV", 14),
        ("Angkatan IV (2)", 4),
        ("Angkatan Mix", None),
        ("Angkatan Evaluasi", None),
        ("Kelas khusus 2", None),
    ],
)
def test_a_batch_number_is_read_from_its_name(name, number):
    assert scheduling.batch_number(name) == number


def test_repeats_are_numbered_after_the_course_batches_of_the_year(client, admin, tree, workshop):
    make_session(workshop, tree.b, admin, name="Angkatan IV", days=[day(datetime.date(2027, 6, 7))], venue="B")
    make_session(workshop, tree.a, admin, name="Angkatan 9", days=[day(datetime.date(2026, 6, 8))], venue="C")
    client.force_login(admin)
    client.post(
        reverse("training:session_create"),
        session_post(workshop, tree.a, [("2027-01-31", "09:00", "12:00")], repeat="month", repeat_times=2),
    )
    names = list(
        Session.objects.filter(starts_on__year=2027, organiser_unit=tree.a)
        .order_by("starts_on")
        .values_list("name", flat=True)
    )
    assert names == ["Angkatan II", "Angkatan 5", "Angkatan 6"]  # after Angkatan IV; 2026's do not count


def test_a_repeat_into_the_next_year_starts_that_year_s_numbering(admin, tree, workshop):
    first = make_session(workshop, tree.a, admin, name="Angkatan 1", days=[day(datetime.date(2027, 11, 15))])
    created = scheduling.repeat_session(session=first, every="month", times=2, by=admin)
    assert [(s.starts_on, s.name) for s in created] == [
        (datetime.date(2027, 12, 15), "Angkatan 2"),
        (datetime.date(2028, 1, 15), "Angkatan 1"),
    ]


def test_batches_named_without_a_number_still_count(admin, tree, workshop):
    first = make_session(workshop, tree.a, admin, name="Kelas pimpinan", days=[day(MONDAY)])
    (copy,) = scheduling.repeat_session(session=first, every="week", times=1, by=admin)
    assert copy.name == "Angkatan 2"


def test_a_new_session_is_offered_the_next_batch_name(client, admin, tree, workshop):
    make_session(workshop, tree.a, admin, name="Angkatan I")
    client.force_login(admin)
    with time_machine.travel(datetime.datetime(2027, 1, 4, 9, 0, tzinfo=JAKARTA), tick=False):
        client.force_login(admin)
        form = client.get(reverse("training:session_create"), {"course": workshop.pk}).context["form"]
    assert form.initial["name"] == "Angkatan 2"


# --- the provider's agreement -------------------------------------------------------------------------


def agreement(provider, ends_on):
    return Agreement.objects.create(
        provider=provider,
        number="12/PKS/2025",
        subject="Kerja sama",
        starts_on=datetime.date(2025, 1, 1),
        ends_on=ends_on,
    )


@pytest.mark.parametrize(
    "ends_on,warning",
    [
        (
            datetime.date(2027, 3, 1),
            "Perjanjian kerja sama dengan BPSDM Provinsi (Perjanjian kerja sama (PKS) 12/PKS/2025) berakhir pada "
            "1 Maret 2027, sebelum angkatan ini selesai (2 Maret 2027).",
        ),
        (
            datetime.date(2026, 11, 30),
            "Perjanjian kerja sama dengan BPSDM Provinsi (Perjanjian kerja sama (PKS) 12/PKS/2025) sudah berakhir "
            "pada 30 November 2026.",
        ),
        (datetime.date(2027, 3, 2), None),  # lasts through the last day
    ],
)
def test_a_provider_whose_agreement_ends_before_the_session_is_warned(
    client, operator, tree, workshop, provider, ends_on, warning
):
    agreement(provider, ends_on)
    with time_machine.travel(datetime.datetime(2026, 12, 5, 9, 0, tzinfo=JAKARTA), tick=False):
        client.force_login(operator)
        saved = client.post(
            reverse("training:session_create"),
            session_post(workshop, tree.a, [("2027-03-01", "08:00", "15:00"), ("2027-03-02", "08:00", "12:00")]),
            follow=True,
        )
        session = Session.objects.get()  # warned, not refused
        page = client.get(session.get_absolute_url()).content.decode()
        form = client.get(reverse("training:session_edit", args=[session.pk])).content.decode()
    messages = [str(message) for message in saved.context["messages"]]
    if warning:
        assert warning in messages and warning in page and warning in form
    else:
        assert not [message for message in messages if "Perjanjian" in message]
        assert "Perjanjian kerja sama dengan" not in page and "Perjanjian kerja sama dengan" not in form


def test_a_provider_without_any_agreement_is_not_warned(client, admin, tree, workshop):
    session = make_session(workshop, tree.a, admin)
    client.force_login(admin)
    assert "Perjanjian kerja sama dengan" not in client.get(session.get_absolute_url()).content.decode()


def test_the_session_form_names_providers_whose_agreement_has_ended_or_is_ending(client, operator, provider):
    other = Provider.objects.create(name="Universitas Diponegoro", kind=Provider.Kind.UNIVERSITY)
    lasting = Provider.objects.create(name="LAN RI", kind=Provider.Kind.BPSDM_LAN)
    agreement(provider, datetime.date(2026, 11, 30))
    agreement(other, datetime.date(2027, 1, 15))
    agreement(lasting, datetime.date(2028, 1, 1))
    with time_machine.travel(datetime.datetime(2026, 12, 5, 9, 0, tzinfo=JAKARTA), tick=False):
        client.force_login(operator)
        choices = dict(client.get(reverse("training:session_create")).context["form"].fields["provider"].choices)
    labels = {str(label) for label in choices.values()}
    assert "BPSDM Provinsi — perjanjian kerja sama berakhir 30 November 2026" in labels
    assert "Universitas Diponegoro — perjanjian kerja sama segera berakhir 15 Januari 2027" in labels
    assert "LAN RI" in labels
