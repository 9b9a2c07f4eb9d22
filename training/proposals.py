"""Units propose their people (usulan peserta) for sessions other units run; the organisers accept or
decline each proposal.

Quotas. A unit's quota on a session is its seat reservation (the "kuota kursi unit" the organisers set
on the participants page): a unit with a reservation of N seats may have N proposals waiting or
accepted, and a declined proposal, or an accepted person who withdrew, frees its place for another. A
unit without a reservation (its perangkat daerah, the OPD or kecamatan) may have as many proposals
waiting as the session has general seats free now (capacity less the reserved seats less those already
seated outside a reservation): it cannot ask for more people than could be seated, and once the
session is full only units with a quota may still propose (their people go to the waitlist if
accepted). Proposals take no seat; only acceptance places the person (a seat or the waitlist).

Every proposal and every decision runs with the session row locked (SELECT ... FOR UPDATE on
PostgreSQL; SQLite's immediate transactions serialise writers), so a quota holds under concurrent
submits and a proposal is decided once.
"""

from collections import Counter
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from core.access import access_for
from programs.models import OrgUnit

from . import enrolment as enrolment_service
from .models import Enrolment, Proposal, Session
from .participation import can_manage

Status = Proposal.Status
# Where an accepted proposal's enrolment says it came from.
ENROLMENT_SOURCE = {
    Proposal.Source.STAFF: Enrolment.Source.NOMINATED,
    Proposal.Source.BELOW_JP: Enrolment.Source.NOMINATED,
    Proposal.Source.GAP: Enrolment.Source.NEEDS,
}


def can_propose(user, session):
    """Operators propose for sessions they do not run (those they run, they fill directly)."""
    access = access_for(user)
    return access.is_operator and not can_manage(user, session)


@dataclass
class Quota:
    unit: OrgUnit
    limit: int  # proposals the unit may have holding a place
    used: int
    reserved: bool  # a seat reservation of the unit, rather than the general seats

    @property
    def left(self):
        return max(self.limit - self.used, 0)


class Quotas:
    """The quota of every unit on one session, read in three queries: the reservations, the seats
    taken outside them, and the proposals holding a place per unit."""

    def __init__(self, session):
        self.session = session
        # Deepest first: a person in a reserved sub-unit counts against that sub-unit's quota.
        self.reservations = sorted(session.reservations.select_related("unit"), key=lambda r: -len(r.unit.path))
        seated_outside = session.enrolments.seated().filter(reserved_for=None).count()
        self.general_free = max(session.capacity - sum(r.seats for r in self.reservations) - seated_outside, 0)
        reserved_units = [r.unit_id for r in self.reservations]
        counted = session.proposals.taking_quota().filter(unit__in=reserved_units) | session.proposals.filter(
            status=Status.PROPOSED
        ).exclude(unit__in=reserved_units)
        self.used = Counter(dict(counted.order_by().values_list("unit").annotate(n=Count("pk"))))
        self._units = {}

    def unit_for(self, employee):
        """The unit whose quota a proposal of `employee` counts against."""
        return self.unit_of(employee.unit)

    def unit_of(self, unit):
        """The unit whose quota covers `unit`: the deepest reservation over it, else its perangkat
        daerah (the ancestor under the instansi, as the invitation letters are addressed)."""
        for reservation in self.reservations:
            if unit.path.startswith(reservation.unit.path):
                return reservation.unit
        path = unit.path[: 2 * OrgUnit.steplen]
        if path == unit.path:
            return unit
        if path not in self._units:
            self._units[path] = OrgUnit.objects.get(path=path)
        return self._units[path]

    def of(self, unit):
        for reservation in self.reservations:
            if reservation.unit_id == unit.pk:
                return Quota(unit, reservation.seats, self.used[unit.pk], reserved=True)
        return Quota(unit, self.general_free, self.used[unit.pk], reserved=False)

    def take(self, unit):
        self.used[unit.pk] += 1


def quotas_of(session, units):
    """The Quota of each of `units` (e.g. the operator's) on `session`, for the proposal page."""
    quotas = Quotas(session)
    covering = {quota_unit.pk: quota_unit for quota_unit in (quotas.unit_of(unit) for unit in units)}
    return [quotas.of(unit) for unit in covering.values()]


def _lock(session):
    return Session.objects.select_for_update().get(pk=session.pk)


def propose(*, session, employees, by, source):
    """Propose `employees` (already fetched through the proposer's scope) for `session`. Returns
    (proposals made, [(employee, why not)]). Someone already proposed or in the session is left as is,
    so sending the same list twice makes nothing twice."""
    if source not in Proposal.Source.values:
        raise ValidationError(_("Sumber usulan tidak dikenal."))
    access = access_for(by)
    if not can_propose(by, session):
        raise PermissionDenied
    for employee in employees:
        if not access.can_edit_unit(employee.unit):
            raise PermissionDenied  # the view fetched outside the proposer's units: never propose them
    try:
        with transaction.atomic():
            session = _lock(session)
            why = enrolment_service.closed_reason(session)
            if why:
                raise ValidationError(why)
            ids = [employee.pk for employee in employees]
            proposed = dict(
                Proposal.objects.filter(session=session, employee_id__in=ids).values_list("employee_id", "status")
            )
            enrolled = set(
                session.enrolments.filter(employee_id__in=ids, status__in=Proposal.TAKING_PART).values_list(
                    "employee_id", flat=True
                )
            )
            quotas = Quotas(session)
            made, refused = [], []
            for employee in employees:
                if employee.pk in proposed:
                    refused.append(
                        (employee, _("sudah diusulkan (%(status)s).") % {"status": Status(proposed[employee.pk]).label})
                    )
                    continue
                if employee.pk in enrolled:
                    refused.append((employee, _("sudah terdaftar pada angkatan ini.")))
                    continue
                if not employee.is_active:
                    refused.append((employee, _("pegawai tidak aktif.")))
                    continue
                unit = quotas.unit_for(employee)
                quota = quotas.of(unit)
                if quota.left <= 0:
                    refused.append((employee, _quota_message(quota)))
                    continue
                made.append(Proposal(session=session, employee=employee, unit=unit, source=source, proposed_by=by))
                quotas.take(unit)
            Proposal.objects.bulk_create(made)
            return made, refused
    except IntegrityError:
        # An identical submission raced past the check and won: it made the proposals.
        return [], [(employee, _("sudah diusulkan.")) for employee in employees]


def _quota_message(quota):
    if quota.reserved:
        return _("kuota %(unit)s sudah habis (%(limit)d orang).") % {"unit": quota.unit.name, "limit": quota.limit}
    return _("kursi angkatan yang tersisa untuk %(unit)s sudah habis.") % {"unit": quota.unit.name}


def decide(*, session, proposal_ids, by, accept, reason=""):
    """Accept (place each person: a seat, else the waitlist) or decline (with a reason) the waiting
    proposals `proposal_ids` of `session`, oldest first. Returns (decided, [(proposal, why not)])."""
    if not can_manage(by, session):
        raise PermissionDenied
    reason = reason.strip()
    if not accept and not reason:
        raise ValidationError(_("Tuliskan alasan penolakan usulan."))
    with transaction.atomic():
        session = _lock(session)
        proposals = list(
            session.proposals.filter(pk__in=proposal_ids, status=Status.PROPOSED)
            .select_related("employee__unit", "unit")
            .order_by("proposed_at", "id")
        )
        decided, failed = [], []
        now = timezone.now()
        for proposal in proposals:
            if accept:
                try:
                    with transaction.atomic():
                        proposal.enrolment = enrolment_service.place(
                            session=session,
                            employee=proposal.employee,
                            by=by,
                            source=ENROLMENT_SOURCE[proposal.source],
                            reason=_("Usulan %(unit)s diterima") % {"unit": proposal.unit.name},
                        )
                except ValidationError as error:
                    failed.append((proposal, error.messages[0]))
                    continue
            proposal.status = Status.ACCEPTED if accept else Status.DECLINED
            proposal.decided_by, proposal.decided_at, proposal.reason = by, now, reason
            proposal.save(update_fields=["status", "decided_by", "decided_at", "reason", "enrolment"])
            decided.append(proposal)
        return decided, failed
