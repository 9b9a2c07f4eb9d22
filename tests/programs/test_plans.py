import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from programs.models import DevelopmentForm, DevelopmentProgram, PlanItem, ProgramEvent, Signatory
from tests import word
from tests.core.test_pdf import pdf_text
from tests.factories import EmployeeFactory, Role, UserFactory, grant


@pytest.fixture
def program(tree, reference_data):
    return DevelopmentProgram.objects.create(year=2027, unit=tree.a, title="Rencana Kecamatan A 2027")


@pytest.fixture
def item(program):
    from programs.models import Competency

    return PlanItem.objects.create(
        program=program,
        competency=Competency.objects.get(code="M.05"),
        title="Workshop pelayanan prima",
        development_form=DevelopmentForm.objects.get(code="KL07"),
        planned_participants=20,
        planned_jp=15,
        provider="BPSDM Provinsi",
        quarter=2,
        budget=15_000_000,
        curriculum_fit="Kurikulum BPSDM",
    )


def item_form(competency_id, form_id, **extra):
    data = {
        "competency": competency_id,
        "title": "Coaching komunikasi",
        "target_description": "Kasi dan lurah",
        "planned_participants": 12,
        "development_form": form_id,
        "planned_jp": 10,
        "provider": "Internal",
        "quarter": 3,
        "curriculum_fit": "",
        "budget": 2_500_000,
        "notes": "",
    }
    data.update(extra)
    return data


def test_operator_builds_a_plan_with_the_seven_items(client, operator, tree, reference_data):
    from programs.models import Competency

    client.force_login(operator)
    client.post(reverse("programs:plan_create"), {"year": 2027, "unit": tree.a.pk, "title": "Rencana A", "notes": ""})
    program = DevelopmentProgram.objects.get(title="Rencana A")
    data = item_form(
        Competency.objects.get(code="M.03").pk, DevelopmentForm.objects.get(code="NKL01").pk, target_units=[tree.a1.pk]
    )
    response = client.post(reverse("programs:planitem_create", args=[program.pk]), data)
    assert response.status_code == 302
    item = program.items.get()
    assert (item.competency.code, item.development_form.jalur, item.quarter, item.budget) == (
        "M.03",
        "nonklasikal",
        3,
        2500000,
    )
    assert list(item.target_units.all()) == [tree.a1]


def test_submit_then_head_approves_with_history(client, operator, pimpinan, program, item):
    client.force_login(operator)
    client.post(reverse("programs:plan_transition", args=[program.pk]), {"to": "approved"})  # not the operator's
    program.refresh_from_db()
    assert program.status == "draft"
    client.post(reverse("programs:plan_transition", args=[program.pk]), {"to": "submitted", "note": "Mohon ditetapkan"})
    client.force_login(pimpinan)
    client.post(reverse("programs:plan_transition", args=[program.pk]), {"to": "approved"})
    program.refresh_from_db()
    assert program.status == "approved" and program.approved_by == pimpinan and program.submitted_by == operator
    assert list(ProgramEvent.objects.values_list("from_status", "to_status", "note")) == [
        ("draft", "submitted", "Mohon ditetapkan"),
        ("submitted", "approved", ""),
    ]


def test_an_approved_plan_is_not_edited(client, operator, pimpinan, program, item):
    program.status = "approved"
    program.save()
    client.force_login(operator)
    response = client.post(reverse("programs:planitem_edit", args=[item.pk]), {"delete": "1"}, follow=True)
    assert PlanItem.objects.filter(pk=item.pk).exists()
    assert "tidak dapat diubah" in response.content.decode()


def test_an_empty_plan_cannot_be_submitted(client, operator, program):
    client.force_login(operator)
    response = client.post(reverse("programs:plan_transition", args=[program.pk]), {"to": "submitted"}, follow=True)
    assert "tanpa butir" in response.content.decode()


def test_plan_pdf_is_signable(client, pimpinan, program, item, tree):
    head = EmployeeFactory(unit=tree.a, name="Camat A", gelar_belakang="S.STP., M.Si.", user=pimpinan)
    Signatory.objects.create(unit=tree.a, employee=head, office="Camat A")
    client.force_login(pimpinan)
    text = " ".join(pdf_text(client.get(reverse("programs:plan_pdf", args=[program.pk])).content).split())
    assert "RENCANA PENGEMBANGAN KOMPETENSI" in text and "Workshop pelayanan prima" in text
    assert head.full_name in text and "15.000.000" in text


def test_plan_excel(client, admin, program, item):
    client.force_login(admin)
    response = client.get(reverse("programs:plan_xlsx", args=[program.pk]))
    rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True))
    assert rows[1][1] == "Workshop pelayanan prima" and rows[1][5] == 20 and rows[1][-1] == 15000000


def test_plan_detail_query_count_is_constant(client, admin, program, item, django_assert_max_num_queries):
    client.force_login(admin)
    with django_assert_max_num_queries(14) as captured:
        client.get(reverse("programs:plan_detail", args=[program.pk]))
    for _index in range(10):
        item.pk = None
        item.save()
    with django_assert_max_num_queries(len(captured.captured_queries)):
        client.get(reverse("programs:plan_detail", args=[program.pk]))


def test_other_unit_operator_cannot_see_or_change_the_plan(client, other_unit_operator, program, item):
    client.force_login(other_unit_operator)
    for url in (
        reverse("programs:plan_detail", args=[program.pk]),
        reverse("programs:plan_pdf", args=[program.pk]),
        reverse("programs:plan_xlsx", args=[program.pk]),
        reverse("programs:planitem_edit", args=[item.pk]),
        reverse("programs:planitem_create", args=[program.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("programs:plan_transition", args=[program.pk]), {"to": "submitted"}).status_code == 404


def test_pimpinan_reads_but_does_not_edit_items(client, pimpinan, program, item):
    client.force_login(pimpinan)
    assert client.get(reverse("programs:plan_detail", args=[program.pk])).status_code == 200
    assert client.get(reverse("programs:planitem_edit", args=[item.pk])).status_code == 403


def test_plan_word_copy_says_what_the_pdf_says(client, pimpinan, program, item, tree):
    head = EmployeeFactory(unit=tree.a, name="Camat A", gelar_belakang="S.STP., M.Si.", user=pimpinan)
    Signatory.objects.create(unit=tree.a, employee=head, office="Camat A")
    second = PlanItem.objects.create(
        program=program,
        competency=item.competency,
        title="Coaching komunikasi",
        development_form=item.development_form,
        planned_participants=1250,
        planned_jp=4,
        quarter=3,
        budget=2_500_000,
    )
    client.force_login(pimpinan)
    page = client.get(reverse("programs:plan_detail", args=[program.pk])).content.decode()
    assert reverse("programs:plan_docx", args=[program.pk]) in page
    document = word.opened(client.get(reverse("programs:plan_docx", args=[program.pk])))
    body = word.lines(document)
    assert "RENCANA PENGEMBANGAN KOMPETENSI" in body and "KECAMATAN A" in body
    assert "Rencana Kecamatan A 2027 · Tahun 2027 · DRAF" in body
    assert head.full_name in body and f"NIP {head.nip_display}" in body and "Camat A," in body
    (grid,) = word.grids(document)
    assert grid[0][:2] == ["No.", "Kompetensi dan kegiatan"] and len(grid) == 4  # header, two items, total
    assert grid[1] == [
        "1",
        f"{item.competency.name}\nWorkshop pelayanan prima",
        "",
        f"{item.development_form.name} ({item.development_form.get_jalur_display()})",
        "BPSDM Provinsi",
        "Triwulan II",
        "Kurikulum BPSDM",
        "20",
        "15",
        "Rp15.000.000",
    ]
    assert grid[2][-3:] == ["1.250", "4", "Rp2.500.000"] and grid[2][4:7] == ["-", "Triwulan III", "-"]
    assert grid[3] == ["Jumlah", "1.270", "", "Rp17.500.000"]  # `Jumlah` spans the seven columns before
    assert "Jumlah jam pelajaran yang direncanakan (peserta × JP): 5.300 JP." in body
    assert "Bangkom ·" in word.footer(document) and "Halaman" in word.footer(document)
    pdf = client.get(reverse("programs:plan_pdf", args=[program.pk])).content
    text = word.assert_says_what_the_pdf_says(document, pdf)
    assert "5.300 JP" in text and second.title in text


def test_plan_word_copy_is_refused_where_the_pdf_is(client, other_unit_operator, pegawai, program, item):
    for user, status in ((other_unit_operator, 404), (pegawai, 403)):
        client.force_login(user)
        for name in ("programs:plan_pdf", "programs:plan_docx"):
            assert client.get(reverse(name, args=[program.pk])).status_code == status, (user, name)


# --- separation of duties -----------------------------------------------------------------------


def transition(client, program, to):
    return client.post(reverse("programs:plan_transition", args=[program.pk]), {"to": to}, follow=True)


def test_whoever_submits_a_plan_cannot_approve_it_even_as_admin(client, admin, program, item):
    client.force_login(admin)
    transition(client, program, "submitted")
    page = client.get(program.get_absolute_url()).content.decode()
    assert 'value="approved"' not in page  # the button is not offered
    refused = transition(client, program, "approved").content.decode()  # the attack: a direct POST
    program.refresh_from_db()
    assert program.status == "submitted" and program.approved_by is None
    assert "Anda yang mengajukan rencana ini, sehingga tidak dapat menetapkannya sendiri" in refused
    another_admin = grant(UserFactory(username="admin_kedua"), Role.ADMIN)
    client.force_login(another_admin)
    transition(client, program, "approved")
    program.refresh_from_db()
    assert (program.status, program.submitted_by, program.approved_by) == ("approved", admin, another_admin)


def test_an_operator_who_also_heads_the_unit_cannot_approve_their_own_submission(client, operator, program, item):
    grant(operator, Role.PIMPINAN, program.unit)
    client.force_login(operator)
    transition(client, program, "submitted")
    transition(client, program, "approved")
    program.refresh_from_db()
    assert program.status == "submitted"


def test_a_superuser_cannot_approve_their_own_submission_either(client, program, item):
    boss = UserFactory(username="root", is_superuser=True)
    client.force_login(boss)
    transition(client, program, "submitted")
    transition(client, program, "approved")
    program.refresh_from_db()
    assert (program.status, program.submitted_by) == ("submitted", boss)
