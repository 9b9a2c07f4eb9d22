from decimal import Decimal

import pytest

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
