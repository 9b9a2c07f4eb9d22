import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from core.formats import (
    clock,
    clock_range,
    count_words,
    date_time,
    day_date,
    long_date,
    month_year,
    rupiah,
    rupiah_exact,
)
from core.formats import in_words as terbilang


@pytest.mark.parametrize(
    "number,words",
    [
        (0, "nol"),
        (1, "satu"),
        (10, "sepuluh"),
        (11, "sebelas"),
        (12, "dua belas"),
        (19, "sembilan belas"),
        (20, "dua puluh"),
        (32, "tiga puluh dua"),
        (100, "seratus"),
        (111, "seratus sebelas"),
        (245, "dua ratus empat puluh lima"),
        (1000, "seribu"),
        (1001, "seribu satu"),
        (2000, "dua ribu"),
        (12500, "dua belas ribu lima ratus"),
        (1_000_000, "satu juta"),
        (2_750_000, "dua juta tujuh ratus lima puluh ribu"),
        (1_000_000_000, "satu miliar"),
    ],
)
def test_whole_numbers(number, words):
    assert terbilang(number) == words


def test_decimals_are_read_after_koma():
    assert terbilang(Decimal("2.40")) == "dua koma empat"
    assert terbilang(Decimal("18.00")) == "delapan belas"
    assert terbilang(Decimal("0.05")) == "nol koma nol lima"


# --- the other forms of core/formats.py: empty values, signs, zones and the active language ---------


@pytest.mark.parametrize(
    "function", [long_date, day_date, month_year, clock, date_time, rupiah, rupiah_exact, count_words]
)
@pytest.mark.parametrize("empty", [None, ""])
def test_an_empty_value_prints_nothing(function, empty):
    assert function(empty) == ""
    assert clock_range(empty, datetime.time(12)) == ""


def test_zero_is_a_value_not_an_empty_one():
    assert rupiah(0) == "Rp0" and rupiah_exact(Decimal("0")) == "Rp0,00"
    assert clock(datetime.time(0, 0)) == "00.00 WIB"
    assert count_words(0, "JP") == "0 (nol) JP"


def test_dates_in_words_of_the_month():
    day = datetime.date(2026, 12, 5)
    assert long_date(day) == "5 Desember 2026"
    assert day_date(datetime.date(2026, 11, 9)) == "Senin, 9 November 2026"
    assert month_year(day) == "Desember 2026"
    assert long_date(datetime.date(2027, 5, 1)) == "1 Mei 2027"


def test_money_whole_and_exact_and_negative():
    assert rupiah(7_500_000) == "Rp7.500.000"
    assert rupiah(Decimal("122500000.00")) == "Rp122.500.000"
    assert rupiah(Decimal("999.50")) == "Rp1.000"  # half a rupiah rounds up
    assert rupiah_exact(Decimal("7500000.5")) == "Rp7.500.000,50"
    assert rupiah(-1_250_000) == "-Rp1.250.000"
    assert rupiah_exact(Decimal("-0.05")) == "-Rp0,05"
    assert rupiah("1500") == "Rp1.500"


def test_aware_datetimes_are_told_in_jakarta_time():
    utc_evening = datetime.datetime(2026, 12, 4, 23, 30, tzinfo=datetime.UTC)  # 06.30 the next day in Jakarta
    assert clock(utc_evening) == "06.30 WIB"
    assert long_date(utc_evening) == "5 Desember 2026"
    assert date_time(utc_evening) == "5 Desember 2026 06.30 WIB"
    assert day_date(utc_evening) == "Sabtu, 5 Desember 2026"
    assert month_year(datetime.datetime(2026, 11, 30, 18, tzinfo=datetime.UTC)) == "Desember 2026"


def test_a_time_span_names_its_zone_once():
    assert clock_range(datetime.time(8), datetime.time(12, 30)) == "08.00–12.30 WIB"
    assert clock_range(datetime.time(8), None) == "08.00 WIB"
    start = datetime.datetime(2026, 12, 5, 1, tzinfo=datetime.UTC)
    assert clock_range(start, start + datetime.timedelta(hours=3)) == "08.00–11.00 WIB"


def test_the_zone_follows_the_settings(settings):
    settings.TIME_ZONE = "Asia/Makassar"
    assert clock(datetime.time(9, 5)) == "09.05 WITA"
    settings.TIME_ZONE = "Asia/Jayapura"
    assert clock(datetime.time(9, 5)) == "09.05 WIT"


def test_month_and_day_names_follow_the_active_language():
    with translation.override("en"):
        assert long_date(datetime.date(2026, 12, 5)) == "5 December 2026"
        assert day_date(datetime.date(2026, 11, 9)) == "Monday, 9 November 2026"
        assert month_year(datetime.date(2027, 5, 1)) == "May 2027"
        assert rupiah(7_500_000) == "Rp7.500.000"  # rupiah keep the Indonesian grouping in any language


def test_the_filters_are_builtins_of_every_template():
    template = Template(
        "{{ day|long_date }} · {{ start|clock_range:end }} · {{ money|rupiah }} · {{ jp|count_words:'JP' }}"
    )
    context = Context(
        {
            "day": datetime.date(2026, 12, 5),
            "start": datetime.time(8),
            "end": datetime.time(12),
            "money": 7500000,
            "jp": 16,
        }
    )
    assert template.render(context) == "5 Desember 2026 · 08.00–12.00 WIB · Rp7.500.000 · 16 (enam belas) JP"
