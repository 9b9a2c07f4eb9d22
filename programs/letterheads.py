"""The letterhead a unit's documents carry: its own lines, and for every empty line the nearest
ancestor's (a kecamatan without an emblem of its own shows the city's). The unit's own name is never
inherited: a document speaks for the unit that issues it."""

import base64
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from core import uploads

from .models import Letterhead, OrgUnit

INHERITED = ("government_line", "address", "postal_code", "phone", "email", "website", "place")


@dataclass(frozen=True)
class Kop:
    government_line: str
    unit_name: str
    short_code: str
    address: str
    postal_code: str
    phone: str
    email: str
    website: str
    place: str
    emblem: bytes = b""
    emblem_type: str = ""

    @property
    def emblem_data_uri(self):
        """The emblem inline (the PDF renderer fetches nothing but our static files)."""
        if not self.emblem:
            return ""
        return f"data:{self.emblem_type};base64,{base64.b64encode(self.emblem).decode('ascii')}"

    @property
    def address_line(self):
        postal = self.postal_code and _("Kode Pos %(code)s") % {"code": self.postal_code}
        return " ".join(filter(None, [self.address, postal]))

    @property
    def contact_line(self):
        parts = [
            self.phone and _("Telepon %(phone)s") % {"phone": self.phone},
            self.email and _("Pos-el %(email)s") % {"email": self.email},
            self.website and _("Laman %(site)s") % {"site": self.website},
        ]
        return " · ".join(filter(None, parts))


def _emblem(letterhead):
    """The stored emblem's bytes and type, read back through the upload allowlist: a file that is not
    a clean PNG or JPEG (an old upload, a swapped file on disk) is left out rather than embedded."""
    if not letterhead.emblem:
        return b"", ""
    try:
        with letterhead.emblem.open("rb") as stored:
            content = stored.read()
    except (FileNotFoundError, OSError):
        return b"", ""
    kind = uploads.sniff(content, uploads.IMAGES)
    return (content, kind.served_type) if kind else (b"", "")


def _nearest_first(unit):
    """The units from `unit` up to the root, each with its Letterhead or None (two queries)."""
    lineage = [*OrgUnit.objects.get_ancestors(unit), unit]
    by_unit = {lh.unit_id: lh for lh in Letterhead.objects.filter(unit__in=lineage)}
    return [(u, by_unit.get(u.pk)) for u in reversed(lineage)]


def letterhead_for(unit):
    """The Kop of `unit` (the instansi's name alone when nobody has filled in a letterhead)."""
    if unit is None:
        instansi, place = settings.BANGKOM["INSTANSI_NAME"].upper(), settings.BANGKOM["REPORT_PLACE"]
        return Kop(instansi, "", "", "", "", "", "", "", place)
    lineage = _nearest_first(unit)
    nearest_first = [lh for _u, lh in lineage if lh is not None]
    values = {
        field: next((getattr(lh, field) for lh in nearest_first if getattr(lh, field)), "") for field in INHERITED
    }
    values["government_line"] = (values["government_line"] or settings.BANGKOM["INSTANSI_NAME"]).upper()
    values["place"] = values["place"] or settings.BANGKOM["REPORT_PLACE"]
    own = lineage[0][1]
    emblem, emblem_type = next(
        (found for found in (_emblem(lh) for lh in nearest_first if lh.emblem) if found[0]), (b"", "")
    )
    return Kop(
        unit_name=((own and own.unit_name) or unit.name).upper(),
        short_code=(own and own.short_code) or unit.code,
        emblem=emblem,
        emblem_type=emblem_type,
        **values,
    )


def letterhead_sources(unit):
    """For the admin's preview: each line of `unit`'s letterhead as (label, value, the unit it comes
    from), the unit being None when the line is the unit's own or Bangkom's default."""
    lineage = _nearest_first(unit)
    rows = []
    for field in ("emblem", *INHERITED):
        source, letterhead = next(((u, lh) for u, lh in lineage if lh is not None and getattr(lh, field)), (None, None))
        value = getattr(letterhead, field) if letterhead else ""
        if field == "emblem" and value:
            value = _("gambar PNG/JPEG tersimpan")
        label = Letterhead._meta.get_field(field).verbose_name
        rows.append((label, value, None if source is None or source.pk == unit.pk else source))
    return rows
