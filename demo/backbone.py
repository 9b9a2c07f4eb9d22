"""The demo district: a kota's unit tree, positions with standards, ~2,000 ASN and one login per role.

Deterministic for a given seed and safe to run twice (what exists is left alone)."""

import datetime
import random

from django.contrib.auth import get_user_model
from django.db import transaction

from programs.models import (
    Competency,
    CompetencyLevel,
    CompetencyRequirement,
    Employee,
    OrgUnit,
    Position,
    Role,
    RoleAssignment,
)
from programs.standards import LEVEL_DESCRIPTIONS, apply_default_standard, load_reference_data

DEMO_PASSWORD = "bangkom-demo"  # a development or demo value, not a secret  # nosec B105
ROOT_CODE = "KOTA"

OPDS = [
    # (code, name, service unit?, bidang, UPTs)
    ("SETDA", "Sekretariat Daerah", False, ["Bagian Organisasi", "Bagian Hukum", "Bagian Umum"], []),
    (
        "BKPSDM",
        "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
        False,
        ["Bidang Pengembangan Kompetensi", "Bidang Mutasi dan Promosi", "Bidang Pengadaan dan Informasi"],
        [],
    ),
    ("BAPPEDA", "Badan Perencanaan Pembangunan Daerah", False, ["Bidang Perencanaan", "Bidang Penelitian"], []),
    ("INSP", "Inspektorat", False, ["Inspektur Pembantu Wilayah I", "Inspektur Pembantu Wilayah II"], []),
    ("DISDIK", "Dinas Pendidikan", True, ["Bidang Pembinaan SD", "Bidang Pembinaan SMP"], []),
    (
        "DINKES",
        "Dinas Kesehatan",
        True,
        ["Bidang Pelayanan Kesehatan", "Bidang Pencegahan Penyakit"],
        ["UPT Puskesmas Candilama", "UPT Puskesmas Tembalang", "UPT Puskesmas Banyumanik"],
    ),
    (
        "DISDUKCAPIL",
        "Dinas Kependudukan dan Pencatatan Sipil",
        True,
        ["Bidang Pelayanan Pendaftaran Penduduk", "Bidang Pelayanan Pencatatan Sipil"],
        [],
    ),
    (
        "DPMPTSP",
        "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
        True,
        ["Bidang Pelayanan Perizinan", "Bidang Pengaduan"],
        [],
    ),
    ("DINSOS", "Dinas Sosial", True, ["Bidang Rehabilitasi Sosial", "Bidang Pemberdayaan Sosial"], []),
    ("DPU", "Dinas Pekerjaan Umum", False, ["Bidang Bina Marga", "Bidang Sumber Daya Air"], []),
    ("SATPOLPP", "Satuan Polisi Pamong Praja", True, ["Bidang Ketertiban Umum"], []),
]
KECAMATAN = [
    (
        "CANDISARI",
        "Kecamatan Candisari",
        ["Candi", "Jatingaleh", "Jomblang", "Kaliwiru", "Karanganyar Gunung", "Tegalsari", "Wonotingal"],
    ),
    ("SMGTENGAH", "Kecamatan Semarang Tengah", ["Kembangsari", "Miroto", "Pekunden", "Sekayu", "Pandansari"]),
    ("TEMBALANG", "Kecamatan Tembalang", ["Tembalang", "Bulusan", "Kramas", "Sendangmulyo", "Rowosari"]),
    ("BANYUMANIK", "Kecamatan Banyumanik", ["Banyumanik", "Srondol Wetan", "Padangsari", "Pedalangan"]),
    ("GAJAHMUNGKUR", "Kecamatan Gajahmungkur", ["Bendan Duwur", "Lempongsari", "Petompon", "Sampangan"]),
]
TECHNICAL = [
    ("T.01", "Pelayanan Administrasi Kependudukan"),
    ("T.02", "Pelayanan Kesehatan Masyarakat"),
    ("T.03", "Manajemen SDM Aparatur"),
    ("T.04", "Pengelolaan Keuangan Daerah"),
    ("T.05", "Pelayanan Perizinan Berusaha"),
]
POSITIONS = {
    # key: (name, kind, jenjang, technical competency codes)
    "kepala_opd": ("Kepala Dinas/Badan", "jpt_pratama", "", []),
    "sekretaris": ("Sekretaris", "administrator", "", ["T.04"]),
    "kabid": ("Kepala Bidang", "administrator", "", []),
    "camat": ("Camat", "administrator", "", []),
    "sekcam": ("Sekretaris Kecamatan", "administrator", "", ["T.04"]),
    "lurah": ("Lurah", "pengawas", "", ["T.01"]),
    "kasubbag": ("Kepala Subbagian Umum dan Kepegawaian", "pengawas", "", ["T.03"]),
    "kepala_upt": ("Kepala UPT Puskesmas", "pengawas", "", ["T.02"]),
    "seklur": ("Sekretaris Kelurahan", "pengawas", "", ["T.01"]),
    "analis_kebijakan": ("Analis Kebijakan Ahli Muda", "fungsional_keahlian", "ahli_muda", []),
    "analis_sdm": ("Analis SDM Aparatur Ahli Pertama", "fungsional_keahlian", "ahli_pertama", ["T.03"]),
    "pranata_komputer": ("Pranata Komputer Ahli Pertama", "fungsional_keahlian", "ahli_pertama", []),
    "dokter": ("Dokter Ahli Pertama", "fungsional_keahlian", "ahli_pertama", ["T.02"]),
    "perawat": ("Perawat Terampil", "fungsional_keterampilan", "terampil", ["T.02"]),
    "bidan": ("Bidan Mahir", "fungsional_keterampilan", "mahir", ["T.02"]),
    "auditor": ("Auditor Ahli Muda", "fungsional_keahlian", "ahli_muda", ["T.04"]),
    "pengadministrasi": ("Pengadministrasi Perkantoran", "pelaksana", "", []),
    "pengolah_data": ("Pengolah Data dan Informasi", "pelaksana", "", []),
    "operator_layanan": ("Operator Layanan Operasional", "pelaksana", "", ["T.01"]),
    "bendahara": ("Penata Laporan Keuangan", "pelaksana", "", ["T.04"]),
}
MALE = [
    "Agus",
    "Budi",
    "Slamet",
    "Joko",
    "Hendra",
    "Eko",
    "Bambang",
    "Dwi",
    "Rudi",
    "Teguh",
    "Arif",
    "Yusuf",
    "Wahyu",
    "Heru",
    "Andi",
    "Fajar",
    "Imam",
    "Rizki",
    "Sigit",
    "Bayu",
    "Hadi",
    "Gunawan",
    "Nur",
    "Dedi",
]
FEMALE = [
    "Siti",
    "Sri",
    "Dewi",
    "Rina",
    "Endang",
    "Wulan",
    "Fitri",
    "Ratna",
    "Lestari",
    "Ani",
    "Nurul",
    "Yuni",
    "Dian",
    "Retno",
    "Indah",
    "Puspita",
    "Ayu",
    "Lina",
    "Maya",
    "Tri",
    "Kartika",
    "Novi",
    "Rahma",
    "Eka",
]
LAST = [
    "Santoso",
    "Wibowo",
    "Prasetyo",
    "Setiawan",
    "Susanto",
    "Hidayat",
    "Rahayu",
    "Wulandari",
    "Kurniawan",
    "Purnomo",
    "Saputra",
    "Hartono",
    "Nugroho",
    "Utami",
    "Handayani",
    "Suryani",
    "Lestari",
    "Pratama",
    "Mulyani",
    "Firmansyah",
    "Kusuma",
    "Permana",
    "Maharani",
    "Anggraini",
    "Sulistyo",
    "Widodo",
]
GELAR_BELAKANG = [
    "S.E.",
    "S.H.",
    "S.Sos.",
    "S.Kom.",
    "S.T.",
    "S.Pd.",
    "S.AP.",
    "S.E., M.Si.",
    "S.H., M.H.",
    "S.Kep., Ns.",
    "A.Md.",
    "A.Md.Keb.",
    "S.IP., M.Si.",
    "M.M.",
]
GOLONGAN_BY_KIND = {
    "jpt_pratama": ["41", "42", "43"],
    "administrator": ["34", "41", "42"],
    "pengawas": ["33", "34", "41"],
    "fungsional_keahlian": ["31", "32", "33", "34", "41"],
    "fungsional_keterampilan": ["22", "23", "24", "31"],
    "pelaksana": ["21", "22", "23", "24", "31", "32"],
}


class DemoBuilder:
    def __init__(self, seed=2026):
        self.random = random.Random(seed)  # demo data, not security  # nosec B311
        self.nips = set(Employee.objects.values_list("nip", flat=True))

    # -- people ---------------------------------------------------------------------------------
    def nip(self, *, pppk=False, senior=False):
        r = self.random
        birth = datetime.date(
            r.randint(1966, 1976) if senior else r.randint(1968, 2001), r.randint(1, 12), r.randint(1, 28)
        )
        if pppk:
            middle = f"{r.randint(max(birth.year + 20, 2021), 2025)}{r.choice(['21', '24'])}"
        else:
            year = min(birth.year + r.randint(22, 32), 2025)
            middle = f"{year}{r.randint(1, 12):02d}"
        gender = r.choice("12")
        sequence = 1
        while True:
            nip = f"{birth:%Y%m%d}{middle}{gender}{sequence:03d}"
            if nip not in self.nips:
                self.nips.add(nip)
                return nip
            sequence += 1

    def person(self, unit, position, *, senior=False, pppk=None):
        r = self.random
        if pppk is None:
            pppk = position.kind in ("pelaksana", "fungsional_keterampilan") and r.random() < 0.2
        nip = self.nip(pppk=pppk, senior=senior)
        male = nip[14] == "1"
        name = f"{r.choice(MALE if male else FEMALE)} {r.choice(LAST)}"
        gelar_belakang = "" if position.kind == "pelaksana" and r.random() < 0.5 else r.choice(GELAR_BELAKANG)
        gelar_depan = r.choice(["", "", "", "Dr.", "Ir.", "H."] if senior else ["", "", "", "", "", "H."])
        if gelar_depan == "H." and not male:
            gelar_depan = "Hj."
        status = (
            Employee.Status.PPPK if pppk else (Employee.Status.CPNS if nip[8:12] == "2025" else Employee.Status.PNS)
        )
        golongan = f"p{r.randint(5, 11):02d}" if pppk else r.choice(GOLONGAN_BY_KIND[position.kind])
        employee = Employee(
            nip=nip,
            name=name,
            gelar_depan=gelar_depan,
            gelar_belakang=gelar_belakang,
            status=status,
            golongan=golongan,
            position=position,
            unit=unit,
            phone=f"08{r.randint(1000000000, 9999999999)}",
        )
        employee.email = f"{name.split()[0].lower()}.{nip[-6:]}@semarangkota.go.id"
        employee.apply_nip()
        return employee

    # -- structure ------------------------------------------------------------------------------
    def units(self):
        root = OrgUnit.objects.filter(code=ROOT_CODE).first()
        if root is None:
            root = OrgUnit.objects.add_root(
                {"code": ROOT_CODE, "name": "Pemerintah Kota Semarang", "kind": OrgUnit.Kind.INSTANSI}
            )
        for code, name, service, bidang, upts in OPDS:
            opd = self.child(root, code, name, OrgUnit.Kind.OPD, service)
            self.child(opd, f"{code}-SEKRE", f"Sekretariat {name}", OrgUnit.Kind.BIDANG, False)
            for index, bidang_name in enumerate(bidang, start=1):
                self.child(opd, f"{code}-B{index}", bidang_name, OrgUnit.Kind.BIDANG, False)
            for index, upt_name in enumerate(upts, start=1):
                self.child(opd, f"{code}-UPT{index}", upt_name, OrgUnit.Kind.UPT, True)
        for code, name, kelurahan in KECAMATAN:
            kecamatan = self.child(root, f"KEC-{code}", name, OrgUnit.Kind.KECAMATAN, True)
            for index, kelurahan_name in enumerate(kelurahan, start=1):
                self.child(
                    kecamatan, f"KEC-{code}-K{index}", f"Kelurahan {kelurahan_name}", OrgUnit.Kind.KELURAHAN, True
                )
        return root

    def grow(self, root, opds):
        """More perangkat daerah under `root` (the province's): (name, code, bidang, upt) each, with that
        many bidang and UPT; returns the units made."""
        made = []
        for name, code, bidang, upts in opds:
            if OrgUnit.objects.filter(code=code).exists():
                continue
            opd = self.child(root, code, name, OrgUnit.Kind.OPD, upts > 0)
            made.append(opd)
            for number in range(1, bidang + 1):
                made.append(
                    self.child(opd, f"{code}-B{number:02d}", f"Bidang {number} {name}", OrgUnit.Kind.BIDANG, False)
                )
            for number in range(1, upts + 1):
                made.append(self.child(opd, f"{code}-U{number:03d}", f"UPT {number} {name}", OrgUnit.Kind.UPT, True))
        return made

    def staff(self, units, positions, count):
        """`count` more ASN (unsaved, for bulk inserts) spread over `units` and `positions`."""
        for _index in range(count):
            yield self.person(self.random.choice(units), self.random.choice(positions))

    def child(self, parent, code, name, kind, service):
        existing = OrgUnit.objects.filter(code=code).first()
        if existing:
            return existing
        parent.refresh_from_db()
        return OrgUnit.objects.add_child(parent, {"code": code, "name": name, "kind": kind, "is_service_unit": service})

    def positions(self):
        for code, name in TECHNICAL:
            competency, created = Competency.objects.get_or_create(
                code=code, defaults={"name": name, "type": Competency.Type.TEKNIS}
            )
            if created:
                CompetencyLevel.objects.bulk_create(
                    CompetencyLevel(competency=competency, level=level, description=text)
                    for level, text in LEVEL_DESCRIPTIONS.items()
                )
        technical = {c.code: c for c in Competency.objects.filter(type=Competency.Type.TEKNIS)}
        positions = {}
        for key, (name, kind, jenjang, codes) in POSITIONS.items():
            position, created = Position.objects.get_or_create(name=name, defaults={"kind": kind, "jenjang": jenjang})
            if created:
                level = apply_default_standard(position) and position.requirements.first().required_level
                CompetencyRequirement.objects.bulk_create(
                    CompetencyRequirement(position=position, competency=technical[code], required_level=max(level, 2))
                    for code in codes
                )
            positions[key] = position
        return positions


STAFF_MIX = {
    OrgUnit.Kind.BIDANG: [
        ("analis_kebijakan", 2),
        ("pranata_komputer", 1),
        ("pengadministrasi", 6),
        ("pengolah_data", 4),
        ("bendahara", 1),
        ("analis_sdm", 1),
    ],
    OrgUnit.Kind.UPT: [("dokter", 4), ("perawat", 12), ("bidan", 8), ("pengadministrasi", 4), ("pengolah_data", 2)],
    OrgUnit.Kind.KELURAHAN: [("pengadministrasi", 3), ("operator_layanan", 3), ("pengolah_data", 1)],
    OrgUnit.Kind.KECAMATAN: [
        ("pengadministrasi", 8),
        ("operator_layanan", 6),
        ("pengolah_data", 3),
        ("bendahara", 2),
        ("analis_kebijakan", 1),
    ],
    OrgUnit.Kind.OPD: [("pengadministrasi", 2)],
}
HEAD_OF = {
    OrgUnit.Kind.OPD: "kepala_opd",
    OrgUnit.Kind.KECAMATAN: "camat",
    OrgUnit.Kind.KELURAHAN: "lurah",
    OrgUnit.Kind.UPT: "kepala_upt",
    OrgUnit.Kind.BIDANG: "kabid",
}
# Big OPDs carry more staff per bidang so the district reaches ~2,000 ASN.
BIDANG_SCALE = {"DISDIK": 9, "DINKES": 6, "DISDUKCAPIL": 4, "DPU": 4, "SATPOLPP": 6}


def _people(builder, root, positions):
    units = list(OrgUnit.objects.subtree_of(root))
    by_path = {unit.path: unit for unit in units}
    heads, staff = {}, []
    for unit in units:
        if unit.depth == 1:
            continue
        head_key = HEAD_OF.get(unit.kind)
        if unit.kind == OrgUnit.Kind.BIDANG and unit.code.endswith("-SEKRE"):
            head_key = "sekretaris"
        if head_key:
            head = builder.person(unit, positions[head_key], senior=True, pppk=False)
            heads[unit.path] = head
            staff.append(head)
        opd_code = by_path[unit.path[: 2 * unit.steplen]].code if unit.depth > 2 else unit.code
        scale = BIDANG_SCALE.get(opd_code, 1) if unit.kind == OrgUnit.Kind.BIDANG else 1
        for key, count in STAFF_MIX.get(unit.kind, []):
            for _index in range(count * scale):
                staff.append(builder.person(unit, positions[key]))
        if unit.kind == OrgUnit.Kind.KECAMATAN:
            staff.append(builder.person(unit, positions["sekcam"], senior=True, pppk=False))
        if unit.kind == OrgUnit.Kind.KELURAHAN:
            staff.append(builder.person(unit, positions["seklur"], pppk=False))
    Employee.objects.bulk_create(staff, batch_size=1000)
    saved = {e.nip: e for e in Employee.objects.filter(nip__in=[p.nip for p in staff]).select_related("unit")}
    head_nips = {head.nip for head in heads.values()}
    updates = []
    for person in saved.values():
        path = person.unit.path
        if person.nip in head_nips:
            # A head reports to the head of the unit above.
            path = path[: -person.unit.steplen]
        while path and path not in heads:
            path = path[: -person.unit.steplen]
        supervisor = heads.get(path)
        if supervisor is not None and supervisor.nip != person.nip:
            person.supervisor = saved[supervisor.nip]
            updates.append(person)
    Employee.objects.bulk_update(updates, ["supervisor"], batch_size=1000)
    return len(staff)


def _login(username, *, first_name, employee=None, superuser=False, roles=()):
    User = get_user_model()
    if employee is not None:
        first_name = employee.full_name[:150]
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "first_name": first_name,
            "is_staff": superuser,
            "is_superuser": superuser,
            "email": f"{username}@bangkom.local",
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    for role, unit in roles:
        RoleAssignment.objects.get_or_create(user=user, role=role, unit=unit)
    if employee is not None and employee.user_id is None:
        employee.user = user
        employee.save(update_fields=["user"])
    return user


DEMO_LOGINS = [
    ("admin", "Admin BKPSDM (superuser)"),
    ("operator", "Operator Kecamatan Candisari"),
    ("operator_dinkes", "Operator Dinas Kesehatan (unit lain)"),
    ("pimpinan", "Camat Candisari (pimpinan)"),
    ("atasan", "Lurah Jatingaleh (atasan langsung)"),
    ("pegawai", "Staf Kelurahan Jatingaleh (pegawai)"),
]


@transaction.atomic
def seed_district(seed=2026):
    load_reference_data()
    builder = DemoBuilder(seed)
    root = builder.units()
    positions = builder.positions()
    people = 0
    if not Employee.objects.exists():
        people = _people(builder, root, positions)
    candisari = OrgUnit.objects.get(code="KEC-CANDISARI")
    jatingaleh = OrgUnit.objects.get(code="KEC-CANDISARI-K2")
    camat = Employee.objects.filter(unit=candisari, position=positions["camat"]).first()
    lurah = Employee.objects.filter(unit=jatingaleh, position=positions["lurah"]).first()
    staff = Employee.objects.filter(unit=jatingaleh, supervisor=lurah).order_by("nip").first()
    _login("admin", first_name="Admin BKPSDM", superuser=True, roles=[(Role.ADMIN, None)])
    _login("operator", first_name="Operator Candisari", roles=[(Role.OPERATOR, candisari)])
    _login("operator_dinkes", first_name="Operator Dinkes", roles=[(Role.OPERATOR, OrgUnit.objects.get(code="DINKES"))])
    _login("pimpinan", first_name="Camat Candisari", employee=camat, roles=[(Role.PIMPINAN, candisari)])
    _login("atasan", first_name="Lurah Jatingaleh", employee=lurah)
    _login("pegawai", first_name="Staf Jatingaleh", employee=staff)
    return {"units": OrgUnit.objects.count(), "employees": Employee.objects.count(), "new_employees": people}
