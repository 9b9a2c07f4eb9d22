from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from programs.models import DevelopmentForm
from training.jp import credited_jp

pytestmark = pytest.mark.django_db


@pytest.fixture
def forms(reference_data):
    return {form.code: form for form in DevelopmentForm.objects.all()}


def test_training_programmes_count_at_their_own_jp(forms):
    assert credited_jp(forms["KL01"], program_jp=40) == Decimal("40.00")
    assert credited_jp(forms["KL01"], program_jp=40, international=True) == Decimal("40.00")  # no uplift for KL01


def test_international_training_gets_the_uplift(forms):
    assert credited_jp(forms["KL03"], program_jp=15, international=True) == Decimal("18.00")  # +20 %


def test_seminar_per_day_national_and_international(forms):
    assert credited_jp(forms["KL06"], days=2) == Decimal("8.00")
    assert credited_jp(forms["KL06"], days=2, international=True) == Decimal("12.00")


def test_workshop_per_day(forms):
    assert credited_jp(forms["KL07"], days=3) == Decimal("15.00")


def test_elearning_is_capped_at_3_jp_a_day(forms):
    assert credited_jp(forms["NKL03"], days=2, program_jp=10) == Decimal("6.00")
    assert credited_jp(forms["NKL03"], days=5, program_jp=10) == Decimal("10.00")
    assert credited_jp(forms["NKL03"], days=2) == Decimal("6.00")


def test_community_of_practice_international_uses_the_uplift_on_the_cap(forms):
    assert credited_jp(forms["NKL10"], days=1, program_jp=5, international=True) == Decimal("2.40")


def test_magang_per_activity(forms):
    assert credited_jp(forms["NKL12"]) == Decimal("20.00")
    assert credited_jp(forms["NKL12"], international=True) == Decimal("24.00")
    assert credited_jp(forms["NKL05"], international=True) == Decimal("24.00")  # 20 + 20 %


def test_coaching_at_work_per_session(forms):
    assert credited_jp(forms["NKL11"], sessions=3) == Decimal("6.00")


@pytest.mark.parametrize("code,kwargs", [("KL03", {}), ("KL06", {}), ("KL06", {"days": 0}), ("NKL11", {})])
def test_missing_inputs_are_explained(forms, code, kwargs):
    with pytest.raises(ValidationError):
        credited_jp(forms[code], **kwargs)


def test_edited_reference_values_apply(forms):
    seminar = forms["KL06"]
    seminar.jp_national = Decimal(5)
    assert credited_jp(seminar, days=2) == Decimal("10.00")
