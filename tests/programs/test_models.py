import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from programs.models import Employee, Position
from programs.standards import apply_default_standard, load_reference_data
from tests.factories import EmployeeFactory, PositionFactory


@pytest.mark.django_db
def test_birth_date_and_gender_come_from_the_nip():
    person = EmployeeFactory(nip="19850314 201001 2 007")
    person.refresh_from_db()
    assert person.nip == "198503142010012007"
    assert str(person.birth_date) == "1985-03-14"
    assert person.gender == Employee.Gender.FEMALE


@pytest.mark.django_db
def test_an_invalid_nip_is_never_saved():
    with pytest.raises(ValidationError):
        EmployeeFactory(nip="198513142010012007")
    assert Employee.objects.count() == 0


@pytest.mark.django_db
def test_nip_is_unique():
    EmployeeFactory(nip="198503142010012007")
    with pytest.raises(IntegrityError), transaction.atomic():
        EmployeeFactory(nip="198503142010012007")


def test_full_name_prints_the_titles_the_indonesian_way():
    person = Employee(gelar_depan="Dr.", name="Siti Aminah", gelar_belakang="S.E., M.Si.")
    assert person.full_name == "Dr. Siti Aminah, S.E., M.Si."
    assert Employee(name="Budi").full_name == "Budi"
    assert Employee(name="Budi", gelar_belakang="S.T.").full_name == "Budi, S.T."


def test_golongan_shows_its_pangkat():
    assert Employee(golongan="34").golongan_pangkat == "Penata Tingkat I (III/d)"
    assert Employee(golongan="p07").golongan_pangkat == "VII (PPPK)"


@pytest.mark.django_db
def test_golongan_must_fit_the_status():
    person = EmployeeFactory.build(status=Employee.Status.PNS, golongan="p05")
    with pytest.raises(ValidationError) as caught:
        person.clean()
    assert "golongan" in caught.value.message_dict


@pytest.mark.django_db
def test_an_employee_cannot_supervise_themself():
    person = EmployeeFactory()
    person.supervisor = person
    with pytest.raises(IntegrityError), transaction.atomic():
        person.save()


@pytest.mark.django_db
def test_position_jenjang_only_for_fungsional():
    with pytest.raises(IntegrityError), transaction.atomic():
        Position.objects.create(name="Analis", kind=Position.Kind.FUNGSIONAL_KEAHLIAN, jenjang="")
    with pytest.raises(IntegrityError), transaction.atomic():
        Position.objects.create(name="Kasi", kind=Position.Kind.PENGAWAS, jenjang="ahli_muda")
    with pytest.raises(ValidationError):
        Position(name="Perawat", kind=Position.Kind.FUNGSIONAL_KETERAMPILAN, jenjang="ahli_muda").clean()


@pytest.mark.django_db
def test_reference_data_is_seeded_once_and_keeps_admin_edits():
    created = load_reference_data()
    assert created == 9 + 9 * 5 + 14 + 25
    from programs.models import Competency

    integritas = Competency.objects.get(code="M.01")
    assert integritas.name == "Integritas" and integritas.levels.count() == 5
    integritas.name = "Integritas (diubah admin)"
    integritas.save()
    assert load_reference_data() == 0
    integritas.refresh_from_db()
    assert integritas.name == "Integritas (diubah admin)"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "kind,jenjang,level",
    [
        ("jpt_pratama", "", 4),
        ("administrator", "", 3),
        ("pengawas", "", 2),
        ("pelaksana", "", 1),
        ("fungsional_keahlian", "ahli_madya", 3),
        ("fungsional_keterampilan", "penyelia", 2),
    ],
)
def test_default_standard_follows_the_editable_mapping(reference_data, kind, jenjang, level):
    position = PositionFactory(kind=kind, jenjang=jenjang)
    assert apply_default_standard(position) == 9
    assert set(position.requirements.values_list("required_level", flat=True)) == {level}


@pytest.mark.django_db
def test_default_mapping_edits_apply_to_new_positions(reference_data):
    from programs.models import DefaultRequiredLevel

    DefaultRequiredLevel.objects.filter(grade="pengawas").update(required_level=3)
    position = PositionFactory(kind="pengawas")
    apply_default_standard(position)
    assert set(position.requirements.values_list("required_level", flat=True)) == {3}


@pytest.mark.django_db
def test_forms_of_development_are_seeded_with_their_jp_rules(reference_data):
    from decimal import Decimal

    from programs.models import DevelopmentForm

    assert DevelopmentForm.objects.count() == 25
    seminar = DevelopmentForm.objects.get(code="KL06")
    assert (seminar.jp_rule, seminar.jp_national, seminar.jp_international) == ("per_day", Decimal(4), Decimal(6))
    detasering = DevelopmentForm.objects.get(code="NKL05")
    assert (detasering.jp_national, detasering.international_uplift_percent) == (Decimal(20), Decimal(20))
    assert DevelopmentForm.objects.get(code="NKL03").siasn_jenis_diklat_id == 16
