"""Numbers in Indonesian words (terbilang), as certificates print JP: 32 -> "tiga puluh dua"."""

from decimal import Decimal

UNITS = ["", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan", "sepuluh", "sebelas"]
SCALES = [(10**12, "triliun"), (10**9, "miliar"), (10**6, "juta"), (1000, "ribu")]


def _words(n):
    if n < 12:
        return UNITS[n]
    if n < 20:
        return f"{UNITS[n - 10]} belas"
    if n < 100:
        tens, rest = divmod(n, 10)
        return f"{UNITS[tens]} puluh {UNITS[rest]}".strip()
    if n < 200:
        return f"seratus {_words(n - 100)}".strip()
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        return f"{UNITS[hundreds]} ratus {_words(rest)}".strip()
    if n < 2000:
        return f"seribu {_words(n - 1000)}".strip()
    for size, name in SCALES:
        if n >= size:
            head, rest = divmod(n, size)
            return f"{_words(head)} {name} {_words(rest)}".strip()
    raise ValueError(n)


def terbilang(value):
    """An integer or Decimal in Indonesian words; decimals are read digit by digit after "koma"."""
    number = Decimal(value)
    if number < 0:
        return f"minus {terbilang(-number)}"
    whole = int(number)
    words = "nol" if whole == 0 else _words(whole)
    fraction = str(number.normalize()).partition(".")[2] if number != whole else ""
    if fraction:
        digits = " ".join("nol" if digit == "0" else UNITS[int(digit)] for digit in fraction)
        words = f"{words} koma {digits}"
    return words
