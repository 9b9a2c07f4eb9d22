"""NIP (Nomor Induk Pegawai) parsing and formatting, per Perka BKN 22/2007.

An 18-digit NIP reads ``YYYYMMDD YYYYMM G NNN``: birth date, first appointment (year and month),
gender digit, sequence. A PPPK number keeps the year in digits 9-12 but digits 13-14 are a code,
so the month is checked only for PNS/CPNS.
"""

import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.formats import long_date

NIP_LENGTH = 18
MINIMUM_AGE_AT_APPOINTMENT = 18
GENDER_MALE = "l"
GENDER_FEMALE = "p"
_SEPARATORS = re.compile(r"[\s.\-_/]+")


@dataclass(frozen=True)
class NipParts:
    nip: str
    birth_date: datetime.date
    appointment_year: int
    appointment_month: int | None  # None for PPPK, whose digits 13-14 are not a month
    gender: str  # GENDER_MALE or GENDER_FEMALE
    sequence: int


def normalize_nip(value) -> str:
    """What people type (spaces, dots, dashes, a number from Excel) -> the bare digit string."""
    if value is None:
        return ""
    if isinstance(value, int | float):
        value = f"{int(value)}"
    return _SEPARATORS.sub("", str(value).strip())


def parse_nip(value, *, pppk=False, today=None) -> NipParts:
    """Return the parts of a NIP or raise ValidationError naming what is wrong (in Indonesian)."""
    nip = normalize_nip(value)
    if not nip:
        raise ValidationError(_("NIP wajib diisi."), code="required")
    bad = sorted({char for char in nip if not char.isdigit()})
    if bad:
        raise ValidationError(
            _("NIP hanya boleh berisi angka; ditemukan karakter: %(chars)s.") % {"chars": " ".join(bad)},
            code="not_digits",
        )
    if len(nip) != NIP_LENGTH:
        raise ValidationError(
            _("NIP harus %(expected)d digit, yang diisi %(length)d digit.")
            % {"expected": NIP_LENGTH, "length": len(nip)},
            code="length",
        )
    today = today or datetime.date.today()
    try:
        birth_date = datetime.date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError:
        birth_date = None
    if birth_date is None or birth_date.year < 1900 or birth_date > today:
        raise ValidationError(
            _("Tanggal lahir pada NIP (digit 1-8: %(value)s) bukan tanggal yang valid.") % {"value": nip[0:8]},
            code="birth_date",
        )
    appointment_year = int(nip[8:12])
    appointment_month = None if pppk else int(nip[12:14])
    if appointment_month is not None and not 1 <= appointment_month <= 12:
        raise ValidationError(
            _("Bulan pengangkatan pada NIP (digit 13-14: %(value)s) harus antara 01 dan 12.") % {"value": nip[12:14]},
            code="appointment_month",
        )
    if appointment_year > today.year + 1:
        raise ValidationError(
            _("Tahun pengangkatan pada NIP (digit 9-12: %(value)s) belum terjadi.") % {"value": nip[8:12]},
            code="appointment_year",
        )
    # Age at appointment: to the month for a PNS, to the year for a PPPK (whose month is unknown).
    if appointment_month is None:
        old_enough = appointment_year - birth_date.year >= MINIMUM_AGE_AT_APPOINTMENT
    else:
        eighteenth = (birth_date.year + MINIMUM_AGE_AT_APPOINTMENT, birth_date.month)
        old_enough = (appointment_year, appointment_month) >= eighteenth
    if not old_enough:
        raise ValidationError(
            _("Pengangkatan pada NIP (%(appointment)s) terjadi sebelum pegawai berusia 18 tahun (lahir %(birth)s).")
            % {"appointment": nip[8:14] if not pppk else nip[8:12], "birth": long_date(birth_date)},
            code="too_young",
        )
    gender_digit = nip[14]
    if gender_digit not in "12":
        raise ValidationError(
            _("Digit jenis kelamin pada NIP (digit 15: %(value)s) harus 1 (laki-laki) atau 2 (perempuan).")
            % {"value": gender_digit},
            code="gender",
        )
    sequence = int(nip[15:18])
    if sequence == 0:
        raise ValidationError(_("Nomor urut pada NIP (digit 16-18) tidak boleh 000."), code="sequence")
    return NipParts(
        nip=nip,
        birth_date=birth_date,
        appointment_year=appointment_year,
        appointment_month=appointment_month,
        gender=GENDER_MALE if gender_digit == "1" else GENDER_FEMALE,
        sequence=sequence,
    )


def format_nip(nip: str) -> str:
    """``196608011988031001`` -> ``19660801 198803 1 001``; anything else is returned as it is."""
    if len(nip or "") != NIP_LENGTH:
        return nip or ""
    return f"{nip[0:8]} {nip[8:14]} {nip[14]} {nip[15:18]}"
