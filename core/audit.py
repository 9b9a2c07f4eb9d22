"""The audit trail: django-auditlog records every create/update/delete of the registered models
(with the actor and address from its middleware); `record_export` adds exports of personal data
to the same log, so one table answers "who saw or changed what, when, from where"."""

import datetime

from auditlog.context import set_actor
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import addresses
from .formats import date_time


def register_accounts():
    """The accounts and their two-step devices; each app registers its own models (AppConfig.ready)."""
    from django.contrib.auth import get_user_model
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    auditlog.register(get_user_model(), exclude_fields=["password", "last_login"])
    # Turning the two-step login on or off is logged; the secrets never are.
    auditlog.register(TOTPDevice, include_fields=["user", "name", "confirmed"])
    auditlog.register(StaticDevice, include_fields=["user", "name"])


def client_address(request):
    return addresses.client_address(request)


def record_export(request, *, model, description, rows, filters=None):
    """Log that `request.user` exported `rows` records of `model` (e.g. an employee list to Excel)."""
    return LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(model),
        object_pk="",
        object_repr=str(description)[:200],
        action=LogEntry.Action.ACCESS,
        actor=request.user if request.user.is_authenticated else None,
        remote_addr=client_address(request),
        additional_data={"export": str(description), "rows": rows, "filters": filters or {}},
        changes={},
    )


__all__ = ["record_export", "register_accounts", "set_actor"]


# auditlog names its actions and many-to-many operations in English and ships no Indonesian.
ACTIONS = {
    LogEntry.Action.CREATE: gettext_lazy("Dibuat"),
    LogEntry.Action.UPDATE: gettext_lazy("Diubah"),
    LogEntry.Action.DELETE: gettext_lazy("Dihapus"),
    LogEntry.Action.ACCESS: gettext_lazy("Dibuka/diekspor"),
}
M2M_OPERATIONS = {"add": gettext_lazy("ditambah"), "delete": gettext_lazy("dikurangi")}
BLANK = "∅"


def action_label(entry):
    return ACTIONS.get(entry.action, entry.get_action_display())


def action_choices():
    return list(ACTIONS.items())


def _field(model, name):
    """The model's field called `name`, or None when there is none (a field removed since)."""
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _value(field, value):
    """A stored value as people read it: a choice's label, yes/no, ∅ for nothing."""
    if value in (None, "", "None"):
        return BLANK
    choices = dict(field.flatchoices) if field is not None and field.choices else {}
    if choices:
        return str(choices.get(value, value))
    kind = field.get_internal_type() if field is not None else ""
    if kind == "BooleanField":
        return str({"True": _("ya"), "False": _("tidak")}.get(value, value))
    if kind == "DateTimeField":  # auditlog keeps it naive, in UTC
        try:
            moment = datetime.datetime.fromisoformat(str(value))
        except ValueError:
            return str(value)
        return date_time(moment.replace(tzinfo=datetime.UTC) if moment.tzinfo is None else moment)
    return str(value)


def changes_of(entry):
    """An entry's changes as (field, text) pairs: the field's own name (its verbose name), then
    `before → after` for a value or `operation objects` for a many-to-many change. A record made when an
    object is created or deleted also lists the relations pointing at it, with the manager's repr
    ('api.ApiToken.None') as the value: those are not the object's data, so they are left out.
    Read in Python: in a template `changes_dict.items` would take a field named "items" for the dict's method."""
    model = entry.content_type.model_class() if entry.content_type_id else None
    pairs = []
    for name, change in (entry.changes_dict or {}).items():
        field = _field(model, name)
        if field is not None and field.auto_created and not field.concrete:
            continue
        label = capfirst(field.verbose_name) if field is not None and hasattr(field, "verbose_name") else name
        if isinstance(change, dict):
            operation = M2M_OPERATIONS.get(change.get("operation", ""), change.get("operation", ""))
            text = f"{operation} {', '.join(map(str, change.get('objects', [])))}".strip()
        elif isinstance(change, list | tuple) and len(change) == 2:
            text = f"{_value(field, change[0])} → {_value(field, change[1])}"
        else:
            text = str(change)
        pairs.append((str(label), text))
    return pairs


def changes_text(entry):
    """The same changes on one line, for the trail's Excel."""
    return "; ".join(f"{name}: {text}" for name, text in changes_of(entry))
