"""The yearly JP duty per employment status, written once: as a number for a person and as a
database expression for a query (both read the same table of targets)."""

from decimal import Decimal

from django.conf import settings
from django.db.models import Case, DecimalField, Value, When

from programs.models import Employee

MONEY = DecimalField(max_digits=8, decimal_places=2)


def _targets():
    """{status: target} for the statuses with their own target, and the default (PNS and CPNS)."""
    config = settings.BANGKOM
    return {Employee.Status.PPPK: Decimal(config["JP_TARGET_PPPK"])}, Decimal(config["JP_TARGET_PNS"])


def jp_target(status):
    """The yearly JP duty for an employment status (PNS/CPNS 20, PPPK configurable)."""
    special, default = _targets()
    return special.get(status, default)


def target_for_status(prefix=""):
    """jp_target as an expression over the employee reached through `prefix` (e.g. "employee__")."""
    special, default = _targets()
    return Case(
        *(When(**{f"{prefix}status": status}, then=Value(target)) for status, target in special.items()),
        default=Value(default),
        output_field=MONEY,
    )
