"""From a priority need of the recap to an item of the annual plan."""

from django.db import transaction
from django.utils.translation import gettext as _

from programs.models import PlanItem

from .models import Need

PLAN_FIELDS = (
    "program",
    "title",
    "planned_participants",
    "planned_jp",
    "development_form",
    "provider",
    "quarter",
    "budget",
)


@transaction.atomic
def plan_need(*, survey, cell, unit, competency, **fields):
    """A plan item for the need of `unit` in `competency` (a cell of the recap), aimed at that unit,
    and the need recorded with its figures and the item that answers it."""
    item = PlanItem.objects.create(
        competency=competency,
        target_description=_("%(count)d pegawai dengan kesenjangan di %(unit)s")
        % {"count": cell.with_gap, "unit": unit.name},
        **{name: fields[name] for name in PLAN_FIELDS},
    )
    item.target_units.add(unit)
    Need.objects.update_or_create(
        survey=survey,
        unit=unit,
        competency=competency,
        defaults={
            "people_with_gap": cell.with_gap,
            "people_assessed": cell.assessed,
            "mean_gap": cell.mean_gap,
            "priority": cell.priority,
            "plan_item": item,
        },
    )
    return item
