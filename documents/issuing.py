"""Issuing a session's documents: a preview without a number, the issue that takes the next number of
the register, and the revision when the people change (the number kept, the change noted)."""

from dataclasses import asdict

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.blocks import Document
from core.formats import long_date
from programs.letterheads import letterhead_for
from programs.models import DocumentKind, Employee
from programs.signatories import SignatureBlock, letterhead_and_signature
from training.models import Instructor, Session

from .compose import compose, current_people
from .models import IssuedDocument, Revision
from .numbering import draft_number, format_number, take_number
from .texts import text_for


def preview(session, kind, *, on=None):
    """The document as it would be issued now, marked KONSEP, with `…` where the number will be."""
    on = on or timezone.localdate()
    kop = letterhead_for(session.organiser_unit)
    number = draft_number(text_for(kind), unit_code=kop.short_code, year=on.year)
    people = current_people(session, kind)
    return compose(kind, session, people=people, number=number, issued_on=on, draft=True, kop=kop)


def issue(session, kind, *, by, on=None):
    """Issue `kind` for `session`: the next number of its register, the people and the signatory as
    they are now. Issuing a kind that exists returns the existing document (a double submit)."""
    on = on or timezone.localdate()
    try:
        with transaction.atomic():
            session = Session.objects.select_related("organiser_unit").get(pk=session.pk)
            existing = IssuedDocument.objects.filter(session=session, kind=kind).first()
            if existing:
                return existing, False
            unit = session.organiser_unit
            kop, signature = letterhead_and_signature(unit, kind, on=on)
            sequence = take_number(kind, unit, on.year)
            document = IssuedDocument.objects.create(
                kind=kind,
                session=session,
                unit=unit,
                year=on.year,
                sequence=sequence,
                number=format_number(text_for(kind), sequence=sequence, unit_code=kop.short_code, year=on.year),
                issued_on=on,
                issued_by=by,
                people=current_people(session, kind),
                signatory=_signature_snapshot(signature),
            )
    except IntegrityError:
        # Somebody issued the same kind for this session a moment earlier: theirs stands, and this
        # transaction's number was rolled back with it, so the register has no gap.
        return IssuedDocument.objects.get(session=session, kind=kind), False
    return document, True


def _signature_snapshot(signature):
    snapshot = asdict(signature)
    snapshot["date"] = signature.date.isoformat()
    snapshot["office_lines"] = list(signature.office_lines)
    return snapshot


def _signature_of(document):
    data = dict(document.signatory)
    data["date"] = document.issued_on
    data["office_lines"] = tuple(data.get("office_lines", ()))
    return SignatureBlock(**data)


def _differences(document, now):
    issued, current = set(document.people), set(now)
    return [pk for pk in now if pk not in issued], [pk for pk in document.people if pk not in current]


def people_changed(document, now):
    """Whether `now` (the ids the document would name today) differs from the people it was issued with."""
    return any(_differences(document, now))


def people_change(document):
    """(added, removed) names since the document was last issued; both empty when nothing changed."""
    added_ids, removed_ids = _differences(document, current_people(document.session, document.kind))
    model = Instructor if document.kind == DocumentKind.INSTRUCTOR_ASSIGNMENT else Employee
    names = dict(model.objects.filter(pk__in=added_ids + removed_ids).values_list("pk", "name"))
    return [names.get(pk, "?") for pk in added_ids], [names.get(pk, "?") for pk in removed_ids]


def refresh(document, *, by):
    """Regenerate `document` with the session's people now: same number, a revision that notes who
    joined and who left. The revision in force is unsigned until signed again; the copies signed of
    earlier revisions are kept, so one already sent out still verifies as what it is (superseded)."""
    with transaction.atomic():
        document = IssuedDocument.objects.select_for_update().get(pk=document.pk)
        added, removed = people_change(document)
        if not added and not removed:
            return None
        parts = []
        if added:
            parts.append(_("ditambah: %(names)s") % {"names": ", ".join(added)})
        if removed:
            parts.append(_("dikurangi: %(names)s") % {"names": ", ".join(removed)})
        document.revision += 1
        document.people = current_people(document.session, document.kind)
        document.save()
        return Revision.objects.create(
            document=document,
            revision=document.revision,
            changed_by=by,
            note=_("Perubahan peserta: ") + "; ".join(parts),
        )


def footer_of(document):
    last = document.revisions.order_by("-revision").first()
    if last is None:
        return ""
    return _("Perubahan ke-%(n)s, %(date)s. %(note)s") % {
        "n": last.revision,
        "date": long_date(last.changed_at),
        "note": last.note,
    }


def build(document, *, verification_url=""):
    """The Document of an issued document: its number, date, people and signatory as issued."""
    composed: Document = compose(
        document.kind,
        document.session,
        people=document.people,
        number=document.number,
        issued_on=document.issued_on,
        signature=_signature_of(document),
        footer=footer_of(document),
    )
    composed.verification_url = verification_url
    return composed
