"""The one way Bangkom writes a date, a time, money or a count, on every page, in every PDF, Word file
and workbook label: the forms of the regional tata naskah dinas (`5 Desember 2026`,
`Senin, 9 November 2026`, `08.00 WIB`, `08.00–12.00 WIB`, `Rp7.500.000`, `Rp7.500.000,00`, `16 (enam belas) JP`).

Month and day names follow the active language (documents render in Indonesian); the digits of money
are always grouped the Indonesian way, since it is rupiah. Templates reach these as filters of the same
names (core/templatetags/formats.py, a builtin of every template).
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.utils import dateformat, timezone
from django.utils.formats import number_format

# The zone a time is told in, as Indonesian official documents name it.
ZONE_NAMES = {"Asia/Jakarta": "WIB", "Asia/Pontianak": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}

UNITS = ["", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan", "sepuluh", "sebelas"]


def _local(value):
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def long_date(value):
    """`5 Desember 2026` (the day without a leading zero, the month in words)."""
    if not value:
        return ""
    return dateformat.format(_local(value), "j F Y")


def day_date(value):
    """`Senin, 9 November 2026`."""
    if not value:
        return ""
    return dateformat.format(_local(value), "l, j F Y")


def month_year(value):
    """`Desember 2026`."""
    if not value:
        return ""
    return dateformat.format(_local(value), "F Y")


def zone_name():
    return ZONE_NAMES.get(settings.TIME_ZONE, settings.TIME_ZONE)


def clock(value):
    """`08.00 WIB`: hours and minutes with a dot, and the zone."""
    if value is None or value == "":
        return ""
    value = _local(value)
    return f"{value.hour:02d}.{value.minute:02d} {zone_name()}"


def clock_range(start, end):
    """`08.00–12.00 WIB`: a span of hours on one day, the zone told once."""
    if start is None or start == "":
        return ""
    if end is None or end == "":
        return clock(start)
    start, end = _local(start), _local(end)
    return f"{start.hour:02d}.{start.minute:02d}–{end.hour:02d}.{end.minute:02d} {zone_name()}"


def date_time(value):
    """`5 Desember 2026 08.00 WIB`."""
    if not value:
        return ""
    return f"{long_date(value)} {clock(value)}"


def _grouped(number):
    return f"{number:,}".replace(",", ".")


def rupiah(value):
    """`Rp7.500.000` (tables and pages): whole rupiah, dots between thousands."""
    if value is None or value == "":
        return ""
    amount = Decimal(value).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp{_grouped(abs(int(amount)))}"


def rupiah_exact(value):
    """`Rp7.500.000,00` (letters and decrees): with the sen."""
    if value is None or value == "":
        return ""
    amount = Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    sign = "-" if amount < 0 else ""
    whole, cents = divmod(abs(amount), 1)
    return f"{sign}Rp{_grouped(int(whole))},{int(cents * 100):02d}"


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


def in_words(value):
    """A number in Indonesian words (terbilang): 32 -> `tiga puluh dua`; decimals are read digit by
    digit after "koma" (2,40 -> `dua koma empat`)."""
    number = Decimal(value)
    if number < 0:
        return f"minus {in_words(-number)}"
    whole = int(number)
    words = "nol" if whole == 0 else _words(whole)
    fraction = str(number.normalize()).partition(".")[2] if number != whole else ""
    if fraction:
        digits = " ".join("nol" if digit == "0" else UNITS[int(digit)] for digit in fraction)
        words = f"{words} koma {digits}"
    return words


def decimal_number(value):
    """`2,5`, `30`: a number as Indonesian documents write it, a decimal comma and no trailing zeros."""
    if isinstance(value, int):
        return str(value)
    return f"{Decimal(value).normalize():f}".replace(".", ",")


def percent(share, digits=1):
    """0.4567 -> `45,7%` (in the active language's number format)."""
    if share is None:
        return ""
    # number_format cuts the decimals it does not show (77,77 -> 77,7): round first.
    return f"{number_format(round(float(share) * 100, int(digits)), int(digits))}%"


def count_words(number, noun=""):
    """`16 (enam belas) JP`, `1 (satu) berkas`: a count as regulations write it."""
    if number is None or number == "":
        return ""
    number = Decimal(number).normalize() if not isinstance(number, int) else number
    return f"{decimal_number(number)} ({in_words(number)}) {noun}".strip()
