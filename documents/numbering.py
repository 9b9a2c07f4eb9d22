"""One register per kind of document, year and issuing unit: the next number is taken inside the
issuing transaction, so two people issuing at once get two numbers, and a failed issue (rolled back)
leaves no gap. `{klasifikasi}/{nomor}/{unit}/{tahun}`, e.g. 800.2/123/BKPSDM/2026."""

from django.db import transaction
from django.db.models import F

from .models import Register
from .texts import fill


def take_number(kind, unit, year):
    """The next sequence of the register. Must run inside the transaction that saves the document:
    the UPDATE holds the register's row until it commits (PostgreSQL's row lock, SQLite's write lock)."""
    assert transaction.get_connection().in_atomic_block, "take_number belongs inside the issuing transaction"
    register, _created = Register.objects.get_or_create(kind=kind, year=year, unit=unit)
    Register.objects.filter(pk=register.pk).update(last_number=F("last_number") + 1)
    return Register.objects.values_list("last_number", flat=True).get(pk=register.pk)


# The parts a number format may name (DocumentText.number_format).
NUMBER_PARTS = ("klasifikasi", "nomor", "unit", "tahun")


def format_number(text, *, sequence, unit_code, year):
    parts = (text.classification, sequence, unit_code, year)
    return fill(text.number_format, dict(zip(NUMBER_PARTS, parts, strict=True)))


def draft_number(text, *, unit_code, year):
    """What a preview prints where the number will be."""
    return format_number(text, sequence="…", unit_code=unit_code, year=year)
