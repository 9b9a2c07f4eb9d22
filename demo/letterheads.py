"""The demo's letterheads and signatories: the city's emblem and government line on the instansi, BKPSDM's
own kop, heads for BKPSDM and a few perangkat daerah and kecamatan (one an acting Plt. camat), and the
certificates signed a.n. the head of BKPSDM by its secretary. Safe to run twice."""

import struct
import zlib

from django.core.files.base import ContentFile

from programs.models import DocumentKind, Employee, Letterhead, OrgUnit, Signatory

from .backbone import ROOT_CODE

LETTERHEADS = {
    ROOT_CODE: {
        "government_line": "PEMERINTAH KOTA SEMARANG (DEMO)",
        "unit_name": "SEKRETARIAT DAERAH",
        "short_code": "SETDA",
        "address": "Jalan Pemuda Nomor 148, Semarang",
        "postal_code": "50132",
        "phone": "(024) 3513366",
        "email": "setda@semarangkota.go.id",
        "website": "semarangkota.go.id",
        "place": "Semarang",
    },
    "BKPSDM": {
        "unit_name": "BADAN KEPEGAWAIAN DAN PENGEMBANGAN SUMBER DAYA MANUSIA",
        "short_code": "BKPSDM",
        "address": "Jalan Pemuda Nomor 148, Gedung Moch. Ichsan Lantai 3, Semarang",
        "postal_code": "50132",
        "phone": "(024) 3584039",
        "email": "bkpsdm@semarangkota.go.id",
        "website": "bkpsdm.semarangkota.go.id",
    },
    "DINKES": {
        "short_code": "DINKES",
        "address": "Jalan Pandanaran Nomor 79, Semarang",
        "postal_code": "50241",
        "phone": "(024) 8318070",
        "email": "dinkes@semarangkota.go.id",
    },
    "KEC-CANDISARI": {
        "short_code": "KEC.CDS",
        "address": "Jalan Sultan Agung Nomor 2, Semarang",
        "postal_code": "50252",
        "phone": "(024) 8314563",
        "email": "kec.candisari@semarangkota.go.id",
    },
}
BKPSDM_HEAD = "Kepala Badan Kepegawaian dan Pengembangan Sumber Daya Manusia"
# (unit code, kind, the head's position in the unit, office, capacity): the heads first, then the rest.
SIGNATORIES = [
    (ROOT_CODE, "", ("SETDA", "Kepala Dinas/Badan"), "Sekretaris Daerah", ""),
    ("BKPSDM", "", ("BKPSDM", "Kepala Dinas/Badan"), BKPSDM_HEAD, ""),
    ("DINKES", "", ("DINKES", "Kepala Dinas/Badan"), "Kepala Dinas Kesehatan", ""),
    ("KEC-CANDISARI", "", ("KEC-CANDISARI", "Camat"), "Camat Candisari", ""),
    # Tembalang has no camat in post: its secretary acts (Plt.).
    ("KEC-TEMBALANG", "", ("KEC-TEMBALANG", "Sekretaris Kecamatan"), "Camat Tembalang", Signatory.Capacity.PLT),
    # Certificates are signed by BKPSDM's secretary on behalf of its head.
    ("BKPSDM", DocumentKind.CERTIFICATE, ("BKPSDM-SEKRE", "Sekretaris"), "Sekretaris", Signatory.Capacity.ATAS_NAMA),
]


def _chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def emblem_png(width=96, height=112):
    """A simple shield (blue, gold rim, white star) as a PNG, drawn without any imaging library."""
    blue, gold, white, clear = b"\x0b\x3d\x91\xff", b"\xe8\xb3\x1c\xff", b"\xff\xff\xff\xff", b"\x00\x00\x00\x00"
    star = [(48, 22), (57, 46), (82, 46), (62, 61), (69, 86), (48, 71), (27, 86), (34, 61), (14, 46), (39, 46)]

    def in_star(x, y):
        inside, j = False, len(star) - 1
        for i, (xi, yi) in enumerate(star):
            xj, yj = star[j]
            if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
                inside = not inside
            j = i
        return inside

    def in_shield(x, y, margin):
        if y < margin or x < margin or x >= width - margin:
            return False
        if y < height * 0.55:
            return True
        # The lower part narrows to a point.
        half = (width / 2 - margin) * (1 - (y - height * 0.55) / (height * 0.45 - margin))
        return abs(x + 0.5 - width / 2) <= half

    rows = []
    for y in range(height):
        row = bytearray(b"\x00")
        for x in range(width):
            if not in_shield(x, y, 2):
                row += clear
            elif not in_shield(x, y, 7):
                row += gold
            else:
                row += white if in_star(x, y) else blue
        rows.append(bytes(row))
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
        + _chunk(b"IEND", b"")
    )


def seed_letterheads():
    units = {unit.code: unit for unit in OrgUnit.objects.filter(code__in={*LETTERHEADS, *[s[0] for s in SIGNATORIES]})}
    made = 0
    for code, lines in LETTERHEADS.items():
        if code not in units:
            continue
        letterhead, created = Letterhead.objects.get_or_create(unit=units[code], defaults=lines)
        made += created
        if code == ROOT_CODE and not letterhead.emblem:
            letterhead.emblem.save("lambang-kota-demo.png", ContentFile(emblem_png()))
    signatories = 0
    for code, kind, (unit_code, position), office, capacity in SIGNATORIES:
        if code not in units or Signatory.objects.filter(unit=units[code], kind=kind).exists():
            continue
        person = Employee.objects.active().filter(unit__code=unit_code, position__name=position).order_by("nip").first()
        if person is None:
            continue
        Signatory.objects.create(unit=units[code], kind=kind, employee=person, office=office, capacity=capacity)
        signatories += 1
    return {"letterheads": made, "signatories": signatories}
