"""The filters of core/formats.py, a builtin of every template: `{{ session.starts_on|long_date }}`,
`{{ item.budget|rupiah }}`, `{{ jp|count_words:"JP" }}`."""

from django import template

from core import formats

register = template.Library()

for _name in (
    "long_date",
    "day_date",
    "month_year",
    "clock",
    "date_time",
    "rupiah",
    "rupiah_exact",
    "in_words",
    "percent",
):
    register.filter(_name, getattr(formats, _name))


@register.filter
def clock_range(start, end):
    return formats.clock_range(start, end)


@register.filter
def count_words(number, noun=""):
    return formats.count_words(number, noun)
