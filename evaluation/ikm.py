"""Indeks Kepuasan Masyarakat exactly as PermenPANRB 14/2017 defines it (skm-ikm.md).

- NRR of an unsur = sum of its scores / number of questionnaires that answered it.
- The weight is exactly 1/9 (the regulation prints 0,111), so IKM = (NRR1 + ... + NRR9) / 9 on 1-4
  and the converted value is IKM x 25, rounded half-up to 2 decimals only when shown.
- The unit is classified on the converted value rounded to 2 decimals: >= 88,31 A, >= 76,61 B,
  >= 65,00 C, else D; each unsur on its exact NRR: >= 3,5324 A, >= 3,0644 B, >= 2,60 C, else D.
All arithmetic is in exact fractions, so band edges never wobble.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

from django.utils.translation import gettext_lazy

UNSUR_COUNT = 9
WEIGHT = Fraction(1, UNSUR_COUNT)
CONVERSION = 25
# (lower bound of the converted value, mutu, kinerja)
UNIT_BANDS = [
    (Decimal("88.31"), "A", gettext_lazy("Sangat baik")),
    (Decimal("76.61"), "B", gettext_lazy("Baik")),
    (Decimal("65.00"), "C", gettext_lazy("Kurang baik")),
]
UNIT_FLOOR = ("D", gettext_lazy("Tidak baik"))
# (lower bound of the NRR, band)
UNSUR_BANDS = [(Fraction("3.5324"), "A"), (Fraction("3.0644"), "B"), (Fraction("2.60"), "C")]

TWO_PLACES = Decimal("0.01")


def to_decimal(value, places=TWO_PLACES):
    """An exact fraction as a Decimal rounded half-up (for display only)."""
    with localcontext() as context:
        context.prec = 60
        exact = Decimal(value.numerator) / Decimal(value.denominator)
        return exact.quantize(places, rounding=ROUND_HALF_UP)


def unit_band(converted):
    """(mutu, kinerja) for a converted value already rounded to 2 decimals."""
    for lower, mutu, kinerja in UNIT_BANDS:
        if converted >= lower:
            return mutu, kinerja
    return UNIT_FLOOR


def unsur_band(nrr):
    for lower, band in UNSUR_BANDS:
        if nrr >= lower:
            return band
    return "D"


@dataclass
class UnsurResult:
    number: int  # 1..9
    total: int
    answered: int
    nrr: Fraction | None
    band: str | None

    @property
    def nrr_display(self):
        return to_decimal(self.nrr, Decimal("0.001")) if self.nrr is not None else None

    @property
    def weighted(self):
        return self.nrr * WEIGHT if self.nrr is not None else None


@dataclass
class IkmResult:
    questionnaires: int
    unsur: list = field(default_factory=list)
    ikm: Fraction | None = None  # 1..4, exact
    converted: Decimal | None = None  # 25..100, rounded half-up to 2 decimals
    mutu: str | None = None
    kinerja: str | None = None

    @property
    def ikm_display(self):
        return to_decimal(self.ikm, Decimal("0.0001")) if self.ikm is not None else None


def compute_ikm(rows):
    """rows: iterables of nine scores (1-4, or None where unanswered), in the order U1..U9."""
    totals, answered = [0] * UNSUR_COUNT, [0] * UNSUR_COUNT
    count = 0
    for row in rows:
        scores = list(row)
        if len(scores) != UNSUR_COUNT:
            raise ValueError(f"A questionnaire has {UNSUR_COUNT} unsur, not {len(scores)}.")
        count += 1
        for index, score in enumerate(scores):
            if score is None:
                continue
            if score not in (1, 2, 3, 4):
                raise ValueError(f"U{index + 1}: a score is 1 to 4, not {score!r}.")
            totals[index] += score
            answered[index] += 1
    return from_sums(count, totals, answered)


def from_sums(count, totals, answered):
    """The same result from per-unsur sums and answer counts (as the database aggregates them)."""
    result = IkmResult(questionnaires=count)
    for index in range(UNSUR_COUNT):
        nrr = Fraction(totals[index], answered[index]) if answered[index] else None
        result.unsur.append(
            UnsurResult(index + 1, totals[index], answered[index], nrr, unsur_band(nrr) if nrr is not None else None)
        )
    if all(unsur.nrr is not None for unsur in result.unsur):
        result.ikm = sum((unsur.weighted for unsur in result.unsur), start=Fraction(0))
        result.converted = to_decimal(result.ikm * CONVERSION)
        result.mutu, result.kinerja = unit_band(result.converted)
    return result


def sample_size(population):
    """Krejcie-Morgan minimum sample (X2 = 3,841, P = 0,5, d = 0,05) as the published table gives it:
    the formula rounded to the nearest whole respondent (500 -> 217.47 -> 217), and 384 from 100,000 up,
    the table's cap (the limit X2 P (1 - P) / d2 = 384,1). skm-ikm.md's list (100 -> 80, 500 -> 217,
    1 000 -> 278, 10 000 -> 370, 100 000 -> 384) is what this reproduces; "rounded up" would give 218."""
    if population <= 0:
        return 0
    if population >= 100_000:
        return 384
    chi, p, d = Fraction("3.841"), Fraction(1, 2), Fraction(5, 100)
    exact = chi * population * p * (1 - p) / (d * d * (population - 1) + chi * p * (1 - p))
    return int(to_decimal(exact, Decimal("1")))
