"""The annual plan's status flow: draft -> submitted (by HR) -> approved (by the head), with history."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.access import access_for

from .models import DevelopmentProgram, ProgramEvent

Status = DevelopmentProgram.Status


def approves_own_submission(user, program, to):
    """Separation of duties: whoever submitted a plan never approves it, whatever else their roles
    (an admin or a superuser included); another person, the head or another admin, does."""
    return to == Status.APPROVED and program.submitted_by_id is not None and program.submitted_by_id == user.pk


def can_move(user, program, to):
    access = access_for(user)
    if not program.can_move_to(to) or approves_own_submission(user, program, to):
        return False
    if to == Status.SUBMITTED:
        return access.can_edit_unit(program.unit)
    # Approving, or sending back, is the head's (pimpinan of the unit or above) or the admin's.
    is_head = any(program.unit.path.startswith(path) for path in access.pimpinan_paths)
    if program.status == Status.APPROVED:
        return access.is_admin
    return access.is_admin or is_head


@transaction.atomic
def move_program(*, program, to, by, note=""):
    program = DevelopmentProgram.objects.select_for_update(of=("self",)).select_related("unit").get(pk=program.pk)
    if not program.can_move_to(to):
        raise ValidationError(
            _("Rencana berstatus %(status)s tidak dapat diubah menjadi %(to)s.")
            % {"status": program.get_status_display(), "to": Status(to).label}
        )
    if approves_own_submission(by, program, to):
        raise ValidationError(
            _(
                "Anda yang mengajukan rencana ini, sehingga tidak dapat menetapkannya sendiri: rencana "
                "ditetapkan oleh pimpinan atau admin lain (pemisahan tugas)."
            )
        )
    if not can_move(by, program, to):
        raise PermissionDenied
    if to == Status.SUBMITTED and not program.items.exists():
        raise ValidationError(_("Rencana tanpa butir tidak dapat diajukan."))
    ProgramEvent.objects.create(program=program, from_status=program.status, to_status=to, by=by, note=note)
    program.status = to
    now = timezone.now()
    if to == Status.SUBMITTED:
        program.submitted_by, program.submitted_at = by, now
    elif to == Status.APPROVED:
        program.approved_by, program.approved_at = by, now
    else:
        program.approved_by = program.approved_at = None
    program.save()
    return program
