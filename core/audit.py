"""The audit trail: django-auditlog records every create/update/delete of the registered models
(with the actor and address from its middleware); `record_export` adds exports of personal data
to the same log, so one table answers "who saw or changed what, when, from where"."""

from auditlog.context import set_actor
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.contenttypes.models import ContentType

from . import addresses


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


def changes_of(entry):
    """An entry's changes as (field, text) pairs: `before → after` for a value, `operation objects` for a
    many-to-many change. Read in Python: in a template `changes_dict.items` would take a field named
    "items" for the dict's method."""
    pairs = []
    for name, change in (entry.changes_dict or {}).items():
        if isinstance(change, dict):
            text = f"{change.get('operation', '')} {', '.join(map(str, change.get('objects', [])))}".strip()
        elif isinstance(change, list | tuple) and len(change) == 2:
            text = f"{change[0] if change[0] not in (None, '', 'None') else '∅'} → "
            text += f"{change[1] if change[1] not in (None, '', 'None') else '∅'}"
        else:
            text = str(change)
        pairs.append((name, text))
    return pairs
