import datetime
import importlib
import io

from django.urls import reverse
from openpyxl import load_workbook

from programs.models import Competency, DevelopmentForm
from training.models import Agreement, Course

from .conftest import make_session


def test_everyone_with_a_login_browses_the_catalogue(client, pegawai, no_role_user, workshop):
    for user in (pegawai, no_role_user):
        client.force_login(user)
        assert "Workshop Komunikasi Publik" in client.get(reverse("training:course_list")).content.decode()
        assert client.get(reverse("training:course_detail", args=[workshop.pk])).status_code == 200


def test_the_jp_rule_of_a_course_is_explained_in_indonesian(client, pegawai, workshop):
    """The forms' notes were seeded in English: 'rule unconfirmed', 'at most 3 JP per day'."""
    client.force_login(pegawai)
    for code, note in (
        ("KL01", "JP sesuai program"),
        ("KL08", "aturan belum dipastikan"),
        ("NKL03", "paling banyak 3 JP per hari"),
        ("NKL10", "per jam belajar; paling banyak 2 JP per hari"),
        ("NKL11", "paling banyak 2 sesi per bulan"),
    ):
        Course.objects.filter(pk=workshop.pk).update(development_form=DevelopmentForm.objects.get(code=code))
        page = client.get(reverse("training:course_detail", args=[workshop.pk])).content.decode()
        assert f"— {note}</dd>" in page
        assert "unconfirmed" not in page and "programme" not in page and " per day" not in page


def test_notes_seeded_in_english_before_are_put_in_indonesian(workshop):
    from django.apps import apps

    migration = importlib.import_module("programs.migrations.0011_development_form_notes_in_indonesian")
    DevelopmentForm.objects.filter(code="KL08").update(note="rule unconfirmed")
    DevelopmentForm.objects.filter(code="KL09").update(note="diubah admin")
    migration.notes_in_indonesian(apps, None)
    assert DevelopmentForm.objects.get(code="KL08").note == "aturan belum dipastikan"
    assert DevelopmentForm.objects.get(code="KL09").note == "diubah admin"


def test_catalogue_needs_a_login(client, workshop):
    assert client.get(reverse("training:course_list")).status_code == 302


def test_catalogue_filters(client, pegawai, workshop, provider):
    elearning = Course.objects.create(
        code="EL-1", title="E-learning Integritas", jp=10, development_form=DevelopmentForm.objects.get(code="NKL03")
    )
    client.force_login(pegawai)

    def titles(**params):
        return [c.title for c in client.get(reverse("training:course_list"), params).context["page_obj"]]

    assert titles(q="integritas") == [elearning.title]
    assert titles(competency=Competency.objects.get(code="M.03").pk) == [workshop.title]
    assert titles(form=elearning.development_form_id) == [elearning.title]
    assert titles(provider=provider.pk) == [workshop.title]


def test_catalogue_query_count_is_constant(client, pegawai, workshop, django_assert_max_num_queries):
    client.force_login(pegawai)
    with django_assert_max_num_queries(10) as captured:
        client.get(reverse("training:course_list"))
    for index in range(20):
        course = Course.objects.create(
            code=f"C{index}",
            title=f"Program {index}",
            jp=8,
            development_form=workshop.development_form,
            default_provider=workshop.default_provider,
        )
        course.course_competencies.create(competency=Competency.objects.get(code="M.01"))
    with django_assert_max_num_queries(len(captured.captured_queries)):
        client.get(reverse("training:course_list"))


def test_only_the_admin_manages_the_catalogue(client, operator, admin, workshop, provider):
    client.force_login(operator)
    for url in (
        reverse("training:course_create"),
        reverse("training:course_edit", args=[workshop.pk]),
        reverse("training:provider_create"),
        reverse("training:provider_edit", args=[provider.pk]),
    ):
        assert client.get(url).status_code == 403, url
    client.force_login(admin)
    response = client.post(
        reverse("training:course_create"),
        {
            "code": "MENT-1",
            "title": "Mentoring CPNS",
            "description": "",
            "development_form": DevelopmentForm.objects.get(code="NKL02").pk,
            "jp": "10",
            "target_position_kinds": ["pelaksana"],
            "default_provider": provider.pk,
            "prerequisites": "",
            "is_active": "on",
            "competencies-TOTAL_FORMS": "1",
            "competencies-INITIAL_FORMS": "0",
            "competencies-MIN_NUM_FORMS": "0",
            "competencies-MAX_NUM_FORMS": "1000",
            "competencies-0-competency": Competency.objects.get(code="M.06").pk,
            "competencies-0-target_level": "2",
        },
    )
    course = Course.objects.get(code="MENT-1")
    assert response.status_code == 302 and course.course_competencies.get().target_level == 2
    assert course.get_target_position_kinds_display() == ["Pelaksana"]


def test_agreement_states_and_warnings(client, admin, provider):
    today = datetime.date.today()
    Agreement.objects.create(
        provider=provider,
        number="1/PKS",
        subject="A",
        starts_on=today.replace(year=today.year - 1),
        ends_on=today + datetime.timedelta(days=20),
    )
    Agreement.objects.create(
        provider=provider,
        number="2/PKS",
        subject="B",
        starts_on=today.replace(year=today.year - 2),
        ends_on=today - datetime.timedelta(days=1),
    )
    Agreement.objects.create(
        provider=provider, number="3/PKS", subject="C", starts_on=today, ends_on=today + datetime.timedelta(days=400)
    )
    assert sorted(a.state for a in provider.agreements.all()) == ["active", "expired", "expiring"]
    client.force_login(admin)
    html = client.get(reverse("training:provider_list")).content.decode()
    assert "Segera berakhir" in html and "Berakhir" in html and "3/PKS" not in html


def test_agreement_dates_in_order(client, admin, provider):
    client.force_login(admin)
    response = client.post(
        reverse("training:agreement_create", args=[provider.pk]),
        {"kind": "pks", "number": "9/PKS", "subject": "X", "starts_on": "2027-01-01", "ends_on": "2026-01-01"},
    )
    assert "Tanggal berakhir tidak boleh sebelum tanggal mulai." in response.content.decode()


def test_provider_page_lists_courses_and_sessions(client, operator, admin, workshop, tree):
    make_session(workshop, tree.a, admin)
    client.force_login(operator)
    html = client.get(reverse("training:provider_detail", args=[workshop.default_provider.pk])).content.decode()
    assert "Workshop Komunikasi Publik" in html and "Angkatan I" in html


def test_pegawai_does_not_see_provider_admin_pages(client, pegawai, provider):
    client.force_login(pegawai)
    assert client.get(reverse("training:provider_list")).status_code == 403


def test_catalogue_excel_is_formula_safe(client, pegawai, workshop):
    workshop.description = "=cmd|'/c calc'!A1"
    workshop.save()
    client.force_login(pegawai)
    response = client.get(reverse("training:catalogue_xlsx"))
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    row = [cell.value for cell in sheet[2]]
    assert row[0] == "WS-KOM" and row[-1] == "'=cmd|'/c calc'!A1"
