"""How an activity earns JP, by the rules of its form of development (forms-of-development.csv).

    program       the programme's own JP (international: + the form's uplift, e.g. +20 %)
    per_day       days x the form's JP per day (national or international value)
    per_day_max   the hours of learning counted as JP, at most the form's value per day x days
                  (e-learning: at most 3 JP a day); without hours, the maximum
    per_activity  the form's value once per activity (magang, detasering: 20 JP)
    per_session   sessions x the form's value (bimbingan di tempat kerja: 2 JP a session)

International values: the form's international figure where it has one, otherwise the national
value raised by its uplift percentage; without either, the national value.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

HUNDRED = Decimal(100)


def _value(form, international):
    if international:
        if form.jp_international is not None:
            return Decimal(form.jp_international)
        if form.jp_national is not None and form.international_uplift_percent is not None:
            return Decimal(form.jp_national) * (1 + Decimal(form.international_uplift_percent) / HUNDRED)
    if form.jp_national is None:
        raise ValidationError(_("Bentuk pengembangan %(form)s belum memiliki nilai JP.") % {"form": form.name})
    return Decimal(form.jp_national)


def credited_jp(form, *, days=None, sessions=None, activities=1, international=False, program_jp=None):
    """The JP an activity of `form` credits, as a Decimal rounded half-up to 2 places."""
    rule = form.jp_rule
    if rule == "program":
        if program_jp is None:
            raise ValidationError(_("JP program wajib diisi untuk bentuk pengembangan ini."))
        jp = Decimal(program_jp)
        if international and form.international_uplift_percent is not None:
            jp *= 1 + Decimal(form.international_uplift_percent) / HUNDRED
    elif rule == "per_day":
        jp = _require(days, _("jumlah hari")) * _value(form, international)
    elif rule == "per_day_max":
        cap = _require(days, _("jumlah hari")) * _value(form, international)
        jp = min(Decimal(program_jp), cap) if program_jp is not None else cap
    elif rule == "per_activity":
        jp = Decimal(activities) * _value(form, international)
    elif rule == "per_session":
        jp = _require(sessions, _("jumlah sesi")) * _value(form, international)
    else:
        raise ValidationError(_("Aturan JP tidak dikenal: %(rule)s") % {"rule": rule})
    return jp.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _require(value, what):
    if value is None or value < 1:
        raise ValidationError(_("Isi %(what)s (minimal 1).") % {"what": what})
    return Decimal(value)
