"""Import of a SIASN employee export (siasn-export-columns.txt): all or nothing.

`plan_import` reads and checks every row and works out what would change; `apply_import` writes
that plan in one transaction. A plan with any row error is never applied. Employees are matched
by NIP, units by SIASN unor/satuan-kerja id, positions by SIASN jabatan id (else by name).
"""

import datetime
import re
from collections import Counter
from dataclasses import dataclass, field

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.access import access_for
from core.formats import long_date
from core.xlsx import SpreadsheetError, cell_text, open_uploaded_workbook

from .models import Employee, Golongan, OrgUnit, Position
from .nip import normalize_nip, parse_nip
from .standards import apply_default_standard

REQUIRED_COLUMNS = ["nip_baru", "nama", "tanggal_lahir", "jenis_kelamin", "jabatan_nama", "unor_nama"]
PPPK_KEDUDUKAN = {"71", "72"}
# Fields an import may set on an employee; the rest (supervisor, login, active) belong to Bangkom.
IMPORTED_FIELDS = [
    "name",
    "gelar_depan",
    "gelar_belakang",
    "status",
    "golongan",
    "email",
    "phone",
    "siasn_pns_id",
    "unit_id",
    "position_id",
]
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII"]
JENJANG_WORDS = [
    ("ahli utama", "ahli_utama"),
    ("ahli madya", "ahli_madya"),
    ("ahli muda", "ahli_muda"),
    ("ahli pertama", "ahli_pertama"),
    ("penyelia", "penyelia"),
    ("mahir", "mahir"),
    ("terampil", "terampil"),
    ("pemula", "pemula"),
]


@dataclass
class RowError:
    row: int
    column: str
    value: str
    message: str


@dataclass
class ParsedRow:
    row: int
    nip: str
    values: dict
    unit_key: tuple  # (siasn id or "", name)
    parent_key: tuple | None  # the satuan kerja above the unor, when it differs
    position_key: tuple  # (siasn id or "", name, jenis_jabatan_id, eselon)


@dataclass
class PersonChange:
    """One person the import adds (`is_new`) or updates: NIP, name and (field, old, new) per changed field."""

    row: int
    nip: str
    name: str
    is_new: bool
    fields: list


@dataclass
class ImportPlan:
    rows: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    file_error: str = ""
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    new_units: list = field(default_factory=list)
    new_positions: list = field(default_factory=list)
    # Who the import adds and what it changes for whom, for the preview: [PersonChange], file order.
    changes: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.file_error and not self.errors and bool(self.rows)


def _parse_date(value):
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = cell_text(value)
    for pattern in ("%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def _golongan(value, *, pppk):
    text = cell_text(value).upper()
    if not text:
        return ""
    if pppk:
        if text in ROMAN:
            return f"p{ROMAN.index(text) + 1:02d}"
        if text.isdigit() and 1 <= int(text) <= 17:
            return f"p{int(text):02d}"
        return None
    return text if text in Golongan.values and not text.startswith("P") else None


def position_kind(name, jenis_jabatan_id, eselon):
    """SIASN's jenis jabatan (1 struktural, 2 fungsional tertentu, 4 fungsional umum) -> our kind."""
    lowered = name.lower()
    if jenis_jabatan_id == "2" or any(word in lowered for word, _grade in JENJANG_WORDS):
        for word, grade in JENJANG_WORDS:
            if word in lowered:
                keahlian = grade.startswith("ahli")
                kind = Position.Kind.FUNGSIONAL_KEAHLIAN if keahlian else Position.Kind.FUNGSIONAL_KETERAMPILAN
                return kind, grade
        return Position.Kind.FUNGSIONAL_KEAHLIAN, "ahli_pertama"
    if jenis_jabatan_id == "1":
        eselon = eselon.upper()
        if eselon.startswith("I.") or eselon == "I":
            return Position.Kind.JPT_MADYA, ""
        if eselon.startswith("II"):
            if eselon.startswith("III"):
                return Position.Kind.ADMINISTRATOR, ""
            return Position.Kind.JPT_PRATAMA, ""
        if eselon.startswith("IV"):
            return Position.Kind.PENGAWAS, ""
        if lowered.startswith(("kepala seksi", "kepala sub", "kasubbag", "kasi", "lurah")):
            return Position.Kind.PENGAWAS, ""
        if lowered.startswith(("kepala dinas", "kepala badan", "sekretaris daerah", "asisten")):
            return Position.Kind.JPT_PRATAMA, ""
        return Position.Kind.ADMINISTRATOR, ""
    return Position.Kind.PELAKSANA, ""


def _unit_key(siasn_id, name):
    return (siasn_id, "" if siasn_id else name.casefold())


def _position_key(siasn_id, name):
    return (siasn_id, "" if siasn_id else re.sub(r"\s+", " ", name).casefold())


def read_rows(uploaded, progress=None):
    """Yield (row number, {column: value}) from the first sheet; raise SpreadsheetError for the file.
    `progress(share)` hears how far the reading is (0-1) every few thousand rows, when the sheet says its size."""
    workbook = open_uploaded_workbook(uploaded)
    try:
        sheet = workbook.worksheets[0]
        size = sheet.max_row if isinstance(sheet.max_row, int) and sheet.max_row > 1 else None
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, None)
        if not header:
            raise SpreadsheetError(_("Berkas kosong: baris pertama harus berisi nama kolom SIASN."))
        columns = [cell_text(name).lower() for name in header]
        missing = [name for name in REQUIRED_COLUMNS if name not in columns]
        if missing:
            raise SpreadsheetError(
                _("Kolom wajib tidak ditemukan: %(columns)s. Pastikan berkas adalah ekspor pegawai SIASN.")
                % {"columns": ", ".join(missing)}
            )
        for number, values in enumerate(rows, start=2):
            if progress is not None and size and number % 5000 == 0:
                progress(min(number / size, 1))
            if values is None or all(value in (None, "") for value in values):
                continue
            yield number, {name: value for name, value in zip(columns, values, strict=False) if name}
    finally:
        workbook.close()


def plan_import(uploaded, *, user=None, progress=None):
    """Read and check the whole file; return an ImportPlan (never raises for bad content).
    `progress(percent, step)` (a background job's) hears how far it is."""
    plan = ImportPlan()

    def reading(share):
        progress(int(70 * share), _("Membaca baris berkas"))

    try:
        raw_rows = list(read_rows(uploaded, progress=reading if progress else None))
    except SpreadsheetError as error:
        plan.file_error = str(error)
        return plan
    except Exception as error:  # a malformed workbook can fail deep inside openpyxl
        plan.file_error = _("Berkas Excel tidak dapat dibaca (%(reason)s).") % {"reason": error.__class__.__name__}
        return plan
    if not raw_rows:
        plan.file_error = _("Berkas tidak berisi baris data pegawai.")
        return plan

    if progress is not None:
        progress(70, _("Memeriksa %(count)d baris") % {"count": len(raw_rows)})
    seen = Counter(normalize_nip(values.get("nip_baru")) for _number, values in raw_rows)
    for number, values in raw_rows:
        parsed = _parse_row(number, values, plan.errors, seen)
        if parsed:
            plan.rows.append(parsed)
    if progress is not None:
        progress(85, _("Mencocokkan dengan data Bangkom"))
    _resolve(plan, user)
    return plan


def _parse_row(number, values, errors, seen):
    def error(column, message):
        errors.append(RowError(number, column, cell_text(values.get(column)), str(message)))

    before = len(errors)
    kedudukan = cell_text(values.get("kedudukan_hukum_id"))
    pppk = kedudukan in PPPK_KEDUDUKAN
    nip = normalize_nip(values.get("nip_baru"))
    parts = None
    try:
        parts = parse_nip(nip, pppk=pppk)
    except ValidationError as problem:
        error("nip_baru", problem.messages[0])
    if nip and seen[nip] > 1:
        error("nip_baru", _("NIP ini muncul lebih dari sekali dalam berkas."))
    name = cell_text(values.get("nama"))
    if not name:
        error("nama", _("Nama wajib diisi."))
    birth_date = _parse_date(values.get("tanggal_lahir"))
    if birth_date is None:
        error("tanggal_lahir", _("Tanggal lahir harus berformat DD-MM-YYYY."))
    elif parts and birth_date != parts.birth_date:
        error(
            "tanggal_lahir",
            _("Tanggal lahir tidak sama dengan tanggal lahir pada NIP (%(date)s).")
            % {"date": long_date(parts.birth_date)},
        )
    gender = cell_text(values.get("jenis_kelamin")).upper()
    gender_value = {"M": "l", "L": "l", "F": "p", "P": "p"}.get(gender)
    if gender_value is None:
        error("jenis_kelamin", _("Jenis kelamin harus M atau F."))
    elif parts and gender_value != parts.gender:
        error("jenis_kelamin", _("Jenis kelamin tidak sesuai dengan digit ke-15 NIP."))
    status_code = cell_text(values.get("status_cpns_pns")).upper()
    if pppk:
        status = Employee.Status.PPPK
    elif status_code in ("", "P"):
        status = Employee.Status.PNS
    elif status_code == "C":
        status = Employee.Status.CPNS
    else:
        error("status_cpns_pns", _("Status harus C (CPNS) atau P (PNS)."))
        status = None
    golongan = _golongan(values.get("gol_akhir_id"), pppk=pppk)
    if golongan is None:
        error("gol_akhir_id", _("Kode golongan tidak dikenal."))
    email = cell_text(values.get("email_gov")) or cell_text(values.get("email"))
    if email:
        try:
            validate_email(email)
        except ValidationError:
            error("email", _("Alamat e-mail tidak valid."))
    position_name = cell_text(values.get("jabatan_nama"))
    if not position_name:
        error("jabatan_nama", _("Nama jabatan wajib diisi."))
    unit_name = cell_text(values.get("unor_nama"))
    if not unit_name:
        error("unor_nama", _("Nama unit organisasi (unor) wajib diisi."))
    if len(errors) > before:
        return None

    unit_id = cell_text(values.get("unor_id"))
    satker_id = cell_text(values.get("satuan_kerja_kerja_id"))
    satker_name = cell_text(values.get("satuan_kerja_kerja_nama"))
    parent_key = None
    if satker_name and _unit_key(satker_id, satker_name) != _unit_key(unit_id, unit_name):
        parent_key = (satker_id, satker_name)
    return ParsedRow(
        row=number,
        nip=nip,
        values={
            "name": name[:200],
            "gelar_depan": cell_text(values.get("gelar_depan"))[:50],
            "gelar_belakang": cell_text(values.get("gelar_belakang"))[:100],
            "status": status,
            "golongan": golongan,
            "email": email[:254],
            "phone": cell_text(values.get("nomor_hp"))[:30],
            "siasn_pns_id": cell_text(values.get("pns_id")) or None,
            "birth_date": parts.birth_date,
            "gender": parts.gender,
        },
        unit_key=(unit_id, unit_name),
        parent_key=parent_key,
        position_key=(
            cell_text(values.get("jabatan_id")),
            position_name,
            cell_text(values.get("jenis_jabatan_id")),
            cell_text(values.get("eselon_nama")) or cell_text(values.get("eselon_id")),
        ),
    )


def _resolve(plan, user):
    """Match rows to existing units, positions and employees; count what would change."""
    units_by_key = {}
    for unit in OrgUnit.objects.only("id", "path", "depth", "name", "siasn_unor_id"):
        units_by_key.setdefault(_unit_key(unit.siasn_unor_id or "", unit.name), unit)
        if unit.siasn_unor_id:
            units_by_key[_unit_key(unit.siasn_unor_id, "")] = unit
    positions_by_key = {}
    for position in Position.objects.only("id", "name", "siasn_jabatan_id"):
        positions_by_key.setdefault(_position_key("", position.name), position)
        if position.siasn_jabatan_id:
            positions_by_key[_position_key(position.siasn_jabatan_id, "")] = position
    access = access_for(user) if user is not None else None
    existing = {
        employee.nip: employee
        for employee in Employee.objects.filter(nip__in=[row.nip for row in plan.rows]).select_related(
            "unit", "position"
        )
    }
    new_units, new_positions = {}, {}
    for row in plan.rows:
        unit = units_by_key.get(_unit_key(*row.unit_key))
        if unit is None:
            if access is not None and not access.is_admin:
                plan.errors.append(
                    RowError(
                        row.row,
                        "unor_nama",
                        row.unit_key[1],
                        _("Unit ini belum ada di Bangkom; hanya admin yang dapat membuat unit lewat impor."),
                    )
                )
                continue
            new_units.setdefault(_unit_key(*row.unit_key), (row.unit_key, row.parent_key))
        elif access is not None and not access.can_edit_unit(unit):
            plan.errors.append(RowError(row.row, "unor_nama", row.unit_key[1], _("Unit ini di luar cakupan Anda.")))
            continue
        current = existing.get(row.nip)
        if current is not None and access is not None and not access.can_edit_unit(current.unit):
            plan.errors.append(
                # Worded so it does not confirm that the NIP belongs to someone in another unit.
                RowError(
                    row.row,
                    "nip_baru",
                    row.nip,
                    _("Baris ini tidak dapat Anda impor; mintalah admin BKPSDM (misalnya untuk pegawai pindahan)."),
                )
            )
            continue
        position_id, position_name = row.position_key[0], row.position_key[1]
        key = _position_key(position_id, position_name)
        if key not in positions_by_key and _position_key("", position_name) in positions_by_key:
            key = _position_key("", position_name)
        if key not in positions_by_key:
            new_positions.setdefault(key, row.position_key)
        row.unit_lookup = _unit_key(*row.unit_key)
        row.position_lookup = key
        position = positions_by_key.get(key)
        if current is None:
            plan.created += 1
            plan.changes.append(
                PersonChange(row.row, row.nip, row.values["name"], True, _described(None, row, unit, position))
            )
        elif unit is None or position is None or _changes(current, row, unit.pk, position.pk):
            plan.updated += 1
            plan.changes.append(
                PersonChange(row.row, row.nip, current.name, False, _described(current, row, unit, position))
            )
        else:
            plan.unchanged += 1
    plan.new_units = list(new_units.values())
    plan.new_positions = list(new_positions.values())
    plan.new_position_map = new_positions
    plan._units_by_key = units_by_key
    plan._positions_by_key = positions_by_key
    plan._existing = existing


def _changes(employee, row, unit_id, position_id):
    wanted = dict(row.values, unit_id=unit_id, position_id=position_id)
    return {
        name: (getattr(employee, name), wanted[name])
        for name in IMPORTED_FIELDS
        if getattr(employee, name) != wanted[name]
    }


def _label(name):
    return str(capfirst(Employee._meta.get_field(name).verbose_name))


def _shown(name, value):
    """A field's value as the preview shows it: a choice's label, a unit's or position's name."""
    if value in (None, ""):
        return ""
    if name in ("status", "golongan"):
        return str(dict(Employee._meta.get_field(name).flatchoices).get(value, value))
    return str(value)


def _described(current, row, unit, position):
    """[(field label, old, new)] for what the import sets on `current` (None: a new person: every field
    it fills). A unit or position the import creates is named by the file."""
    unit_name = unit.name if unit is not None else row.unit_key[1]
    position_name = position.name if position is not None else row.position_key[1]
    wanted = [(name, row.values[name]) for name in IMPORTED_FIELDS if name not in ("unit_id", "position_id")]
    fields = []
    for name, new in wanted:
        old = getattr(current, name) if current is not None else None
        if current is None and new in (None, ""):
            continue
        if old != new:
            fields.append((_label(name), _shown(name, old), _shown(name, new)))
    old_unit = current.unit.name if current is not None else ""
    old_position = current.position.name if current is not None and current.position else ""
    if current is None or unit is None or current.unit_id != unit.pk:
        fields.append((_label("unit"), old_unit, unit_name))
    if current is None or position is None or current.position_id != position.pk:
        fields.append((_label("position"), old_position, position_name))
    return fields


def _json(value):
    return value if value is None or isinstance(value, str | int) else str(value)


@transaction.atomic
def apply_import(plan, *, by=None, remote_addr=None):
    """Write a checked plan: everything or nothing. Returns (created, updated, unchanged)."""
    if not plan.ok:
        raise ValueError("An import plan with errors cannot be applied.")
    units_by_key = plan._units_by_key
    positions_by_key = plan._positions_by_key
    _create_units(plan, units_by_key)
    for key, (siasn_id, name, jenis, eselon) in plan.new_position_map.items():
        kind, jenjang = position_kind(name, jenis, eselon)
        position = Position.objects.create(
            name=name[:255], kind=kind, jenjang=jenjang, siasn_jabatan_id=siasn_id or None
        )
        apply_default_standard(position)
        positions_by_key[key] = position

    to_create, to_update, log_entries = [], [], []
    employee_type = ContentType.objects.get_for_model(Employee)
    for row in plan.rows:
        unit = units_by_key[row.unit_lookup]
        position = positions_by_key[row.position_lookup]
        current = plan._existing.get(row.nip)
        if current is None:
            to_create.append(Employee(nip=row.nip, unit=unit, position=position, **row.values))
            continue
        changes = _changes(current, row, unit.pk, position.pk)
        if not changes:
            continue
        for name, (_old, new) in changes.items():
            setattr(current, name, new)
        to_update.append(current)
        log_entries.append(
            LogEntry(
                content_type=employee_type,
                object_pk=str(current.pk),
                object_id=current.pk,
                object_repr=str(current)[:200],
                action=LogEntry.Action.UPDATE,
                actor=by,
                remote_addr=remote_addr,
                changes={name: [_json(old), _json(new)] for name, (old, new) in changes.items()},
                additional_data={"source": "siasn_import"},
            )
        )
    created = Employee.objects.bulk_create(to_create, batch_size=1000)
    if to_update:
        Employee.objects.bulk_update(to_update, IMPORTED_FIELDS + ["updated_at"], batch_size=1000)
    # bulk writes skip auditlog's signals, so the import writes its own entries, one per person.
    for employee in Employee.objects.filter(nip__in=[person.nip for person in created]).only(
        "id", "nip", "name", "gelar_depan", "gelar_belakang"
    ):
        log_entries.append(
            LogEntry(
                content_type=employee_type,
                object_pk=str(employee.pk),
                object_id=employee.pk,
                object_repr=str(employee)[:200],
                action=LogEntry.Action.CREATE,
                actor=by,
                remote_addr=remote_addr,
                changes={"nip": [None, employee.nip], "name": [None, employee.name]},
                additional_data={"source": "siasn_import"},
            )
        )
    LogEntry.objects.bulk_create(log_entries, batch_size=1000)
    return len(to_create), len(to_update), len(plan.rows) - len(to_create) - len(to_update)


def _create_units(plan, units_by_key):
    """Create the units the file names, under their satuan kerja, under the instansi root."""
    root = OrgUnit.objects.get_first_root_node()
    if root is None and plan.new_units:
        root = OrgUnit.objects.add_root({"code": "INSTANSI", "name": _("Instansi"), "kind": OrgUnit.Kind.INSTANSI})
    for (unit_id, unit_name), parent_key in plan.new_units:
        parent = root
        if parent_key is not None:
            parent_lookup = _unit_key(*parent_key)
            parent = units_by_key.get(parent_lookup)
            if parent is None:
                root.refresh_from_db()
                parent = OrgUnit.objects.add_child(
                    root,
                    {
                        "code": _unit_code(parent_key),
                        "name": parent_key[1][:200],
                        "kind": OrgUnit.Kind.OPD,
                        "siasn_unor_id": parent_key[0] or None,
                    },
                )
                units_by_key[parent_lookup] = parent
        kind = OrgUnit.Kind.OPD if parent.depth == 1 else OrgUnit.Kind.BIDANG
        # add_child reads the parent's numchild, which earlier additions changed in the database.
        parent.refresh_from_db()
        unit = OrgUnit.objects.add_child(
            parent,
            {
                "code": _unit_code((unit_id, unit_name)),
                "name": unit_name[:200],
                "kind": kind,
                "siasn_unor_id": unit_id or None,
            },
        )
        units_by_key[_unit_key(unit_id, unit_name)] = unit


def _unit_code(key):
    siasn_id, name = key
    if siasn_id:
        code = f"SIASN-{siasn_id}"[:64]
    else:
        code = "SIASN-" + re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-").upper()[:50]
    suffix, candidate = 1, code
    while OrgUnit.objects.filter(code=candidate).exists():
        suffix += 1
        candidate = f"{code[:58]}-{suffix}"
    return candidate


def preview_rows(plan):
    """Every change of the plan, one line per changed field, for the preview's workbook."""
    added, updated = _("Baru"), _("Diperbarui")
    for change in plan.changes:
        for label, old, new in change.fields:
            yield [change.row, change.nip, change.name, added if change.is_new else updated, label, old, new]


PREVIEW_COLUMNS = [
    (gettext_lazy("Baris"), "number"),
    (gettext_lazy("NIP"), "text"),
    (gettext_lazy("Nama"), "text"),
    (gettext_lazy("Perubahan"), "text"),
    (gettext_lazy("Kolom"), "text"),
    (gettext_lazy("Semula"), "text"),
    (gettext_lazy("Menjadi"), "text"),
]


# The template an office can fill by hand: the columns the import reads (a SIASN export has these and
# more), with one example row that passes the checks.
TEMPLATE_COLUMNS = [
    "nip_baru",
    "nama",
    "gelar_depan",
    "gelar_belakang",
    "tanggal_lahir",
    "jenis_kelamin",
    "status_cpns_pns",
    "kedudukan_hukum_id",
    "gol_akhir_id",
    "pns_id",
    "jenis_jabatan_id",
    "jabatan_id",
    "jabatan_nama",
    "eselon_nama",
    "unor_id",
    "unor_nama",
    "satuan_kerja_kerja_id",
    "satuan_kerja_kerja_nama",
    "email_gov",
    "nomor_hp",
]
TEMPLATE_EXAMPLE = {
    "nip_baru": "198503142010012007",
    "nama": "Siti Rahmawati",
    "gelar_belakang": "S.E.",
    "tanggal_lahir": "14-03-1985",
    "jenis_kelamin": "F",
    "status_cpns_pns": "P",
    "kedudukan_hukum_id": "01",
    "gol_akhir_id": "32",
    "jenis_jabatan_id": "4",
    "jabatan_nama": "Pengadministrasi Perkantoran",
    "unor_nama": "Kelurahan Contoh",
    "satuan_kerja_kerja_nama": "Kecamatan Contoh",
    "email_gov": "siti.rahmawati@example.go.id",
    "nomor_hp": "081234567890",
}


def template_sheets():
    """The import template as (title, columns, rows) for core.xlsx: every cell text, so NIPs and
    dates stay as typed."""
    columns = [(name, "text") for name in TEMPLATE_COLUMNS]
    return [(_("Pegawai"), columns, [[TEMPLATE_EXAMPLE.get(name, "") for name in TEMPLATE_COLUMNS]])]


def error_report_rows(plan):
    for error in plan.errors:
        yield [error.row, error.column, error.value, error.message]


ERROR_REPORT_COLUMNS = [
    (gettext_lazy("Baris"), "number"),
    (gettext_lazy("Kolom"), "text"),
    (gettext_lazy("Nilai"), "text"),
    (gettext_lazy("Masalah"), "text"),
]
