"""From a priority need of the recap to an item of the annual plan, once."""

from django.core.exceptions import ValidationError
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


def already_planned(need):
    return ValidationError(
        _("Kebutuhan ini sudah ada dalam rencana: %(title)s (%(program)s). Tidak ditambahkan lagi.")
        % {"title": need.plan_item.title, "program": need.plan_item.program},
        code="planned",
    )


def planned_needs(survey, user):
    """{(unit_id, competency_id): plan item} for the campaign's needs already in a plan (1 query)."""
    needs = (
        Need.objects.for_user(user).filter(survey=survey, plan_item__isnull=False).select_related("plan_item__program")
    )
    return {(need.unit_id, need.competency_id): need.plan_item for need in needs}


@transaction.atomic
def plan_need(*, survey, cell, unit, competency, **fields):
    """A plan item for the need of `unit` in `competency` (a cell of the recap), aimed at that unit,
    and the need recorded with its figures and the item that answers it. A need already in a plan
    is refused: its row (one per campaign, unit and competency, a database constraint) is locked
    first, so a second sending, even at the same moment, finds the item the first one made."""
    need, _created = Need.objects.get_or_create(survey=survey, unit=unit, competency=competency)
    need = Need.objects.select_for_update(of=("self",)).select_related("plan_item__program").get(pk=need.pk)
    if need.plan_item_id:
        raise already_planned(need)
    item = PlanItem.objects.create(
        competency=competency,
        target_description=_("%(count)d pegawai dengan kesenjangan di %(unit)s")
        % {"count": cell.with_gap, "unit": unit.name},
        **{name: fields[name] for name in PLAN_FIELDS},
    )
    item.target_units.add(unit)
    need.people_with_gap = cell.with_gap
    need.people_assessed = cell.assessed
    need.mean_gap = cell.mean_gap
    need.priority = cell.priority
    need.plan_item = item
    need.save()
    return item
