from django import template

from programs.nip import format_nip

register = template.Library()


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters replaced (pagination keeps the filters)."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        query[key] = value
    return query.urlencode()


@register.filter
def nip(value):
    return format_nip(value)


@register.filter
def get_item(mapping, key):
    """dict lookup with a variable key (template tags must not query, so the dict is prepared)."""
    return mapping.get(key) if mapping else None


@register.filter
def percent(share, digits=1):
    """0.4567 -> '45,7%' (in the active language's number format)."""
    from django.utils.formats import number_format

    if share is None:
        return ""
    return f"{number_format(float(share) * 100, int(digits))}%"


@register.filter
def same(value, other):
    """Compare a form value (often a string) with a number without caring about the type."""
    return str(value) == str(other)


@register.filter
def sum_jp(records):
    """Total JP of already-fetched learning records."""
    return sum((record.jp for record in records), start=0)
