from django import forms, template
from django.utils.html import format_html, format_html_join

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
def same(value, other):
    """Compare a form value (often a string) with a number without caring about the type."""
    return str(value) == str(other)


@register.filter
def filter_field(field):
    """A field of a list page's filter form in Bootstrap's markup (label, control, errors, help),
    drawn in Python: crispy's templates cost a third of the employee list's time on every request.
    Full forms keep crispy."""
    widget = field.field.widget
    if isinstance(widget, forms.CheckboxInput):
        control_class = "form-check-input"
    elif isinstance(widget, forms.Select):
        control_class = "form-select"
    else:
        control_class = "form-control"
    attrs = {"class": " ".join(filter(None, [widget.attrs.get("class", ""), control_class]))}
    input_id = field.id_for_label
    if field.errors:
        attrs["class"] += " is-invalid"
        attrs["aria-invalid"] = "true"
        attrs["aria-describedby"] = f"{input_id}_error"
    elif field.help_text:
        attrs["aria-describedby"] = f"{input_id}_helptext"
    control = field.as_widget(attrs=attrs)
    errors = (
        format_html(
            '<div id="{}_error" class="invalid-feedback">{}</div>',
            input_id,
            format_html_join("", "<p>{}</p>", ((error,) for error in field.errors)),
        )
        if field.errors
        else ""
    )
    help_text = (
        format_html('<div id="{}_helptext" class="form-text">{}</div>', input_id, field.help_text)
        if field.help_text
        else ""
    )
    if control_class == "form-check-input":
        return format_html(
            '<div class="mb-3 form-check">{}<label for="{}" class="form-check-label">{}</label>{}{}</div>',
            control,
            input_id,
            field.label,
            errors,
            help_text,
        )
    return format_html(
        '<div class="mb-3"><label for="{}" class="form-label">{}</label>{}{}{}</div>',
        input_id,
        field.label,
        control,
        errors,
        help_text,
    )


@register.inclusion_tag("includes/jp_progress.html")
def jp_progress(jp, target, css="w-100"):
    """The bar of a person's JP against the target: HTML wants a dot decimal and a value within max
    (21,5 of 20 JP in Indonesian figures would be invalid markup)."""
    target = target or 0
    return {"value": min(jp or 0, target), "max": target, "css": css}
