import datetime

import pytest
from django.core.exceptions import ValidationError

from programs.nip import format_nip, normalize_nip, parse_nip

TODAY = datetime.date(2026, 11, 24)


def error_of(value, **kwargs):
    with pytest.raises(ValidationError) as caught:
        parse_nip(value, today=TODAY, **kwargs)
    return caught.value


def test_the_regulation_example_parses():
    parts = parse_nip("19660801 198803 1 001", today=TODAY)
    assert parts.nip == "196608011988031001"
    assert parts.birth_date == datetime.date(1966, 8, 1)
    assert (parts.appointment_year, parts.appointment_month) == (1988, 3)
    assert parts.gender == "l"
    assert parts.sequence == 1


@pytest.mark.parametrize("typed", ["19660801.198803.1.001", " 19660801-198803-1-001 ", "196608011988031001"])
def test_what_people_type_is_accepted(typed):
    assert parse_nip(typed, today=TODAY).nip == "196608011988031001"


def test_a_number_from_excel_is_accepted():
    assert normalize_nip(196608011988032002) == "196608011988032002"


def test_female_gender_digit():
    assert parse_nip("197001012000012003", today=TODAY).gender == "p"


def test_empty():
    assert error_of("").code == "required"


def test_non_digits_are_named():
    error = error_of("19660801A98803100X")
    assert error.code == "not_digits"
    assert "A" in error.messages[0] and "X" in error.messages[0]


@pytest.mark.parametrize("value,length", [("1966080119880310", 16), ("19660801198803100123", 20)])
def test_wrong_length_says_how_many_digits(value, length):
    error = error_of(value)
    assert error.code == "length"
    assert f"{length} digit" in error.messages[0] and "18" in error.messages[0]


@pytest.mark.parametrize("value", ["196602301988031001", "196613011988031001", "203001011988031001"])
def test_impossible_birth_date(value):
    error = error_of(value)
    assert error.code == "birth_date"
    assert "Tanggal lahir" in error.messages[0]


@pytest.mark.parametrize("month", ["00", "13"])
def test_appointment_month_out_of_range_for_a_pns(month):
    error = error_of(f"196608011988{month}1001")
    assert error.code == "appointment_month"
    assert month in error.messages[0]


def test_pppk_skips_the_month_check():
    parts = parse_nip("199009132025242014", pppk=True, today=TODAY)
    assert parts.appointment_year == 2025
    assert parts.appointment_month is None
    assert parts.gender == "p"
    assert error_of("199009132025242014").code == "appointment_month"  # as a PNS it is wrong


@pytest.mark.parametrize("digit", ["0", "3", "9"])
def test_gender_digit_must_be_1_or_2(digit):
    error = error_of(f"19660801198803{digit}001")
    assert error.code == "gender"
    assert "digit 15" in error.messages[0]


def test_appointment_before_age_18():
    error = error_of("199005012007041001")  # 16 years old
    assert error.code == "too_young"
    assert "18 tahun" in error.messages[0]


def test_appointment_exactly_at_18_is_fine():
    assert parse_nip("199005012008051001", today=TODAY).appointment_year == 2008


def test_appointment_one_month_before_18_is_refused():
    assert error_of("199005012008041001").code == "too_young"


def test_pppk_age_is_checked_by_year():
    assert error_of("201001012025241001", pppk=True).code == "too_young"


def test_sequence_000_is_refused():
    assert error_of("196608011988031000").code == "sequence"


def test_future_appointment_year_is_refused():
    assert error_of("196608012030031001").code == "appointment_year"


def test_format_groups_the_digits():
    assert format_nip("196608011988031001") == "19660801 198803 1 001"
    assert format_nip("123") == "123"
