"""Who signs a document for a unit, and the signature block as tata naskah dinas writes it:

    a.n. Kepala Badan Kepegawaian dan Pengembangan Sumber Daya Manusia
    Sekretaris,
    (space for the signature, or the electronic-signature mark)
    Dr. Siti Aminah, S.E., M.Si.
    Pembina Utama Muda (IV/c)
    NIP 19700101 199503 2 001

The signatory of a kind of document is the unit's rule for that kind, else the unit's head; a unit with
neither asks its parent (a bidang's documents are signed at its OPD). A rule whose person has since been
deactivated (retired, moved away) is passed over: nobody signs in the name of someone who has left."""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from core.formats import long_date

from .letterheads import letterhead_for
from .models import OrgUnit, Signatory


@dataclass(frozen=True)
class SignatureBlock:
    office_lines: tuple
    name: str
    pangkat: str
    nip: str
    place: str
    date: object
    employee_id: int | None = None

    @property
    def place_date(self):
        return f"{self.place}, {long_date(self.date)}" if self.place else long_date(self.date)

    @property
    def is_blank(self):
        return self.employee_id is None


def head_office(unit, head=None):
    """The office of `unit`'s head as documents name it: the head's recorded office, else `Kepala <unit>`."""
    return head.office if head is not None else _("Kepala %(unit)s") % {"unit": unit.name}


def head_offices(units):
    """{unit id: the office of its head} for `units`, in one query."""
    heads = {rule.unit_id: rule for rule in Signatory.objects.filter(unit__in=units, kind="")}
    return {unit.pk: head_office(unit, heads.get(unit.pk)) for unit in units}


def _office_lines(rule, head):
    if rule.capacity == Signatory.Capacity.ATAS_NAMA:
        return (f"a.n. {head_office(rule.unit, head)}", f"{rule.office},")
    if rule.capacity:
        return (f"{rule.capacity} {rule.office},",)
    return (f"{rule.office},",)


def _block(rules, lineage, kind, place, on):
    for candidate in lineage:
        rule = next(
            (
                found
                for found in (rules.get((candidate.pk, kind)), rules.get((candidate.pk, "")))
                if found is not None and found.employee.is_active
            ),
            None,
        )
        if rule is None:
            continue
        person = rule.employee
        return SignatureBlock(
            office_lines=_office_lines(rule, rules.get((candidate.pk, ""))),
            name=person.full_name,
            pangkat=person.golongan_pangkat,
            nip=person.nip_display,
            place=place,
            date=on,
            employee_id=person.pk,
        )
    office = head_office(lineage[0]) if lineage else _("Pimpinan")
    return SignatureBlock((f"{office},",), "(" + "." * 48 + ")", "", "", place, on)


def signatures_for(unit, kinds, *, on=None, place=""):
    """{kind: SignatureBlock} of `kinds` for `unit` (two queries for all of them), dated `on` (today) at
    `place`. Without any signatory up the tree a block has the head's office of the unit and a dotted
    line for the name."""
    on = on or timezone.localdate()
    lineage = list(reversed([*OrgUnit.objects.get_ancestors(unit), unit])) if unit is not None else []
    rules = (
        {
            (rule.unit_id, rule.kind): rule
            for rule in Signatory.objects.filter(unit__in=lineage, kind__in=[*kinds, ""]).select_related(
                "employee", "unit"
            )
        }
        if lineage
        else {}
    )
    return {kind: _block(rules, lineage, kind, place, on) for kind in kinds}


def signature_for(unit, kind, *, on=None, place=""):
    """The SignatureBlock of `kind` for `unit` (see signatures_for)."""
    return signatures_for(unit, [kind], on=on, place=place)[kind]


def letterhead_and_signature(unit, kind, *, on=None):
    """What a document `unit` issues carries: its letterhead (programs.letterheads) and the signature
    block of `kind`, placed where the letterhead says and dated `on` (today)."""
    kop = letterhead_for(unit)
    return kop, signature_for(unit, kind, on=on, place=kop.place)
