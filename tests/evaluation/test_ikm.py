from decimal import Decimal
from fractions import Fraction

import pytest
from django.utils import translation

from evaluation.ikm import compute_ikm, sample_size, unit_band, unsur_band

VECTOR = [
    [4, 4, 3, 4, 3, 4, 4, 3, 3],
    [3, 3, 3, 4, 3, 3, 4, 3, 2],
    [4, 3, 2, 4, 3, 3, 3, 3, 3],
    [3, 3, 3, 3, 3, 4, 4, 2, 3],
    [4, 4, 3, 4, 4, 4, 4, 3, 3],
]


def test_the_regulations_test_vector():
    result = compute_ikm(VECTOR)
    assert result.questionnaires == 5
    assert [u.total for u in result.unsur] == [18, 17, 14, 19, 16, 18, 19, 14, 14]
    assert [u.nrr for u in result.unsur] == [Fraction(n, 10) for n in (36, 34, 28, 38, 32, 36, 38, 28, 28)]
    assert result.converted == Decimal("82.78")
    assert (result.mutu, result.kinerja) == ("B", "Baik")
    assert [u.number for u in result.unsur if u.band == "C"] == [3, 8, 9]


def test_everyone_answering_4_gives_exactly_100():
    result = compute_ikm([[4] * 9] * 7)
    assert result.converted == Decimal("100.00") and result.mutu == "A"


def test_weight_is_exactly_one_ninth_not_0_111():
    result = compute_ikm([[4] * 9])
    assert result.ikm == 4  # 9 x 4 x 1/9; with 0,111 it would be 3,996


def test_unanswered_unsur_count_only_where_answered():
    result = compute_ikm([[4, None, 4, 4, 4, 4, 4, 4, 4], [2, 3, 2, 2, 2, 2, 2, 2, 2]])
    assert result.unsur[0].nrr == 3 and result.unsur[1].nrr == 3 and result.unsur[1].answered == 1


def test_no_ikm_while_an_unsur_has_no_answer():
    result = compute_ikm([[4, None, 4, 4, 4, 4, 4, 4, 4]])
    assert result.ikm is None and result.mutu is None and result.unsur[0].band == "A"


@pytest.mark.parametrize("row", [[5] * 9, [0] * 9, [4] * 8])
def test_bad_rows_are_refused(row):
    with pytest.raises(ValueError):
        compute_ikm([row])


@pytest.mark.parametrize(
    "converted,mutu",
    [
        ("100.00", "A"),
        ("88.31", "A"),
        ("88.30", "B"),
        ("76.61", "B"),
        ("76.60", "C"),
        ("65.00", "C"),
        ("64.99", "D"),
        ("25.00", "D"),
    ],
)
def test_unit_band_edges(converted, mutu):
    assert unit_band(Decimal(converted))[0] == mutu


@pytest.mark.parametrize(
    "nrr,band",
    [
        ("4", "A"),
        ("3.5324", "A"),
        ("3.5323", "B"),
        ("3.0644", "B"),
        ("3.0643", "C"),
        ("2.60", "C"),
        ("2.5999", "D"),
    ],
)
def test_unsur_band_edges(nrr, band):
    assert unsur_band(Fraction(nrr)) == band


def test_exact_half_rounds_up():
    from evaluation.ikm import to_decimal

    assert to_decimal(Fraction("88.305")) == Decimal("88.31")
    assert to_decimal(Fraction("76.605")) == Decimal("76.61")
    assert to_decimal(Fraction("64.995")) == Decimal("65.00")


@pytest.mark.parametrize("population,sample", [(100, 80), (500, 217), (1000, 278), (10000, 370), (100000, 384)])
def test_krejcie_morgan(population, sample):
    assert sample_size(population) == sample


@pytest.mark.parametrize(
    "converted,kinerja",
    [("90.00", "Sangat baik"), ("80.00", "Baik"), ("70.00", "Kurang baik"), ("50.00", "Tidak baik")],
)
def test_the_units_performance_is_said_in_the_pages_language(monkeypatch, converted, kinerja):
    """The bands' words were plain strings, shown untranslated whatever the page's language."""
    monkeypatch.setattr(translation._trans, "gettext", lambda message: f"«{message}»")
    mutu, words = unit_band(Decimal(converted))
    assert str(words) == f"«{kinerja}»"
