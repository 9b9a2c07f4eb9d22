from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Length
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from core.access import Role, access_for

from .nip import GENDER_FEMALE, GENDER_MALE, format_nip, normalize_nip, parse_nip

models.CharField.register_lookup(Length)

LEVEL_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]


class OrgUnitQuerySet(MP_NodeQuerySet):
    def for_user(self, user):
        """Units the user may see: everything for an admin, the subtrees of their operator/pimpinan units."""
        return self.filter(access_for(user).unit_q())

    def editable_by(self, user):
        return self.filter(access_for(user).unit_q(editable=True))

    def subtree_of(self, unit):
        # One indexed range query on the materialized path (PostgreSQL uses the path's *_like index).
        return self.filter(path__startswith=unit.path)


class OrgUnitManager(MP_NodeManager.from_queryset(OrgUnitQuerySet)):
    def get_queryset(self):
        return OrgUnitQuerySet(self.model, using=self._db).order_by("path")


class OrgUnit(MP_Node):
    """A unit of the instansi's organisation tree, stored as a materialized path (django-treebeard)."""

    class Kind(models.TextChoices):
        INSTANSI = "instansi", _("Instansi")
        OPD = "opd", _("Perangkat daerah (OPD)")
        KECAMATAN = "kecamatan", _("Kecamatan")
        BIDANG = "bidang", _("Bidang/Bagian")
        KELURAHAN = "kelurahan", _("Kelurahan")
        UPT = "upt", _("UPT")
        OTHER = "lainnya", _("Lainnya")

    code = models.CharField(_("kode"), max_length=64, unique=True)
    name = models.CharField(_("nama"), max_length=200)
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)
    is_service_unit = models.BooleanField(
        _("unit layanan publik"), default=False, help_text=_("Melayani masyarakat dan wajib menyelenggarakan SKM.")
    )
    siasn_unor_id = models.CharField(_("ID unor SIASN"), max_length=64, null=True, blank=True, unique=True)

    node_order_by = ["name"]
    objects = OrgUnitManager()

    class Meta:
        verbose_name = _("unit organisasi")
        verbose_name_plural = _("unit organisasi")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("programs:orgunit_detail", args=[self.pk])

    @property
    def parent_path(self):
        return self.path[: -self.steplen] if self.depth > 1 else ""


GRANTED_ROLES = [Role.ADMIN, Role.OPERATOR, Role.PIMPINAN]


class RoleAssignment(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments", verbose_name=_("pengguna")
    )
    role = models.CharField(_("peran"), max_length=20, choices=[(role.value, role.label) for role in GRANTED_ROLES])
    unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="role_assignments",
        verbose_name=_("unit"),
        help_text=_("Operator dan pimpinan melihat unit ini beserta seluruh sub-unitnya."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("penugasan peran")
        verbose_name_plural = _("penugasan peran")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "unit"],
                name="roleassignment_unique",
                violation_error_message=_("Pengguna sudah memiliki peran ini pada unit tersebut."),
            ),
            models.CheckConstraint(
                condition=models.Q(role="admin") | models.Q(unit__isnull=False),
                name="roleassignment_unit_required",
                violation_error_message=_("Operator dan pimpinan harus memiliki unit."),
            ),
        ]

    def __str__(self):
        if self.unit_id:
            return f"{self.user} — {self.get_role_display()} ({self.unit})"
        return f"{self.user} — {self.get_role_display()}"


class Competency(models.Model):
    class Type(models.TextChoices):
        MANAJERIAL = "manajerial", _("Manajerial")
        SOSIAL_KULTURAL = "sosial_kultural", _("Sosial kultural")
        TEKNIS = "teknis", _("Teknis")

    code = models.CharField(_("kode"), max_length=20, unique=True)
    name = models.CharField(_("nama"), max_length=200)
    type = models.CharField(_("jenis"), max_length=20, choices=Type.choices)
    definition = models.TextField(_("definisi"), blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("kompetensi")
        verbose_name_plural = _("kompetensi")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.name}"

    def get_absolute_url(self):
        return reverse("programs:competency_detail", args=[self.pk])


class CompetencyLevel(models.Model):
    competency = models.ForeignKey(Competency, on_delete=models.CASCADE, related_name="levels")
    level = models.PositiveSmallIntegerField(_("level"), validators=LEVEL_VALIDATORS)
    description = models.TextField(_("deskripsi"))
    indicators = models.TextField(_("indikator perilaku"), blank=True, help_text=_("Satu indikator per baris."))

    class Meta:
        verbose_name = _("level kompetensi")
        verbose_name_plural = _("level kompetensi")
        ordering = ["competency", "level"]
        constraints = [
            models.UniqueConstraint(fields=["competency", "level"], name="competencylevel_unique"),
            models.CheckConstraint(condition=models.Q(level__gte=1, level__lte=5), name="competencylevel_range"),
        ]

    def __str__(self):
        return f"{self.competency.code} — {_('level')} {self.level}"


class Grade(models.TextChoices):
    """Where a position sits for the default required level: the kind, or the jenjang of a fungsional."""

    JPT_UTAMA = "jpt_utama", _("JPT utama")
    JPT_MADYA = "jpt_madya", _("JPT madya")
    JPT_PRATAMA = "jpt_pratama", _("JPT pratama")
    ADMINISTRATOR = "administrator", _("Administrator")
    PENGAWAS = "pengawas", _("Pengawas")
    PELAKSANA = "pelaksana", _("Pelaksana")
    AHLI_UTAMA = "ahli_utama", _("Ahli utama")
    AHLI_MADYA = "ahli_madya", _("Ahli madya")
    AHLI_MUDA = "ahli_muda", _("Ahli muda")
    AHLI_PERTAMA = "ahli_pertama", _("Ahli pertama")
    PENYELIA = "penyelia", _("Penyelia")
    MAHIR = "mahir", _("Mahir")
    TERAMPIL = "terampil", _("Terampil")
    PEMULA = "pemula", _("Pemula")


class DefaultRequiredLevel(models.Model):
    """Editable mapping grade -> required level used to seed a new position's standard
    (gap-analysis.md: common in practice, unconfirmed)."""

    grade = models.CharField(_("jenjang"), max_length=20, choices=Grade.choices, unique=True)
    required_level = models.PositiveSmallIntegerField(_("level yang dipersyaratkan"), validators=LEVEL_VALIDATORS)

    class Meta:
        verbose_name = _("level baku per jenjang")
        verbose_name_plural = _("level baku per jenjang")
        ordering = ["grade"]

    def __str__(self):
        return f"{self.get_grade_display()}: {self.required_level}"


class Position(models.Model):
    class Kind(models.TextChoices):
        JPT_UTAMA = "jpt_utama", _("JPT utama")
        JPT_MADYA = "jpt_madya", _("JPT madya")
        JPT_PRATAMA = "jpt_pratama", _("JPT pratama")
        ADMINISTRATOR = "administrator", _("Administrator")
        PENGAWAS = "pengawas", _("Pengawas")
        PELAKSANA = "pelaksana", _("Pelaksana")
        FUNGSIONAL_KEAHLIAN = "fungsional_keahlian", _("Fungsional keahlian")
        FUNGSIONAL_KETERAMPILAN = "fungsional_keterampilan", _("Fungsional keterampilan")

    JENJANG_BY_KIND = {
        Kind.FUNGSIONAL_KEAHLIAN: [Grade.AHLI_UTAMA, Grade.AHLI_MADYA, Grade.AHLI_MUDA, Grade.AHLI_PERTAMA],
        Kind.FUNGSIONAL_KETERAMPILAN: [Grade.PENYELIA, Grade.MAHIR, Grade.TERAMPIL, Grade.PEMULA],
    }

    name = models.CharField(_("nama jabatan"), max_length=255)
    kind = models.CharField(_("jenis jabatan"), max_length=30, choices=Kind.choices)
    jenjang = models.CharField(
        _("jenjang"),
        max_length=20,
        blank=True,
        choices=[(g.value, g.label) for grades in JENJANG_BY_KIND.values() for g in grades],
        help_text=_("Hanya untuk jabatan fungsional."),
    )
    siasn_jabatan_id = models.CharField(_("ID jabatan SIASN"), max_length=64, null=True, blank=True, unique=True)
    competencies = models.ManyToManyField(Competency, through="CompetencyRequirement", related_name="positions")

    class Meta:
        verbose_name = _("jabatan")
        verbose_name_plural = _("jabatan")
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__startswith="fungsional", jenjang__gt="")
                | (~models.Q(kind__startswith="fungsional") & models.Q(jenjang="")),
                name="position_jenjang_only_for_fungsional",
                violation_error_message=_("Jenjang wajib untuk jabatan fungsional dan kosong untuk yang lain."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("programs:position_detail", args=[self.pk])

    def clean(self):
        allowed = self.JENJANG_BY_KIND.get(self.kind)
        if allowed is None and self.jenjang:
            raise ValidationError({"jenjang": _("Jenjang hanya untuk jabatan fungsional.")})
        if allowed is not None and self.jenjang not in allowed:
            raise ValidationError({"jenjang": _("Pilih jenjang yang sesuai dengan jenis jabatan fungsional.")})

    @property
    def grade(self):
        return self.jenjang or self.kind


class CompetencyRequirement(models.Model):
    """One line of a position's competency standard (standar kompetensi jabatan)."""

    position = models.ForeignKey(Position, on_delete=models.CASCADE, related_name="requirements")
    competency = models.ForeignKey(Competency, on_delete=models.PROTECT, related_name="requirements")
    required_level = models.PositiveSmallIntegerField(_("level yang dipersyaratkan"), validators=LEVEL_VALIDATORS)

    class Meta:
        verbose_name = _("standar kompetensi")
        verbose_name_plural = _("standar kompetensi")
        ordering = ["position", "competency__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["position", "competency"],
                name="competencyrequirement_unique",
                violation_error_message=_("Kompetensi ini sudah ada pada standar jabatan."),
            ),
            models.CheckConstraint(
                condition=models.Q(required_level__gte=1, required_level__lte=5),
                name="competencyrequirement_level_range",
                violation_error_message=_("Level harus antara 1 dan 5."),
            ),
        ]

    def __str__(self):
        return f"{self.position}: {self.competency.code} ≥ {self.required_level}"


class Gender(models.TextChoices):
    """The two values the NIP encodes; the public SKM form asks citizens the same question."""

    MALE = GENDER_MALE, _("Laki-laki")
    FEMALE = GENDER_FEMALE, _("Perempuan")


class Golongan(models.TextChoices):
    """Golongan/ruang with the SIASN code as the stored value; PPPK golongan I-XVII after them."""

    I_A = "11", "I/a"
    I_B = "12", "I/b"
    I_C = "13", "I/c"
    I_D = "14", "I/d"
    II_A = "21", "II/a"
    II_B = "22", "II/b"
    II_C = "23", "II/c"
    II_D = "24", "II/d"
    III_A = "31", "III/a"
    III_B = "32", "III/b"
    III_C = "33", "III/c"
    III_D = "34", "III/d"
    IV_A = "41", "IV/a"
    IV_B = "42", "IV/b"
    IV_C = "43", "IV/c"
    IV_D = "44", "IV/d"
    IV_E = "45", "IV/e"
    PPPK_I = "p01", "I (PPPK)"
    PPPK_II = "p02", "II (PPPK)"
    PPPK_III = "p03", "III (PPPK)"
    PPPK_IV = "p04", "IV (PPPK)"
    PPPK_V = "p05", "V (PPPK)"
    PPPK_VI = "p06", "VI (PPPK)"
    PPPK_VII = "p07", "VII (PPPK)"
    PPPK_VIII = "p08", "VIII (PPPK)"
    PPPK_IX = "p09", "IX (PPPK)"
    PPPK_X = "p10", "X (PPPK)"
    PPPK_XI = "p11", "XI (PPPK)"
    PPPK_XII = "p12", "XII (PPPK)"
    PPPK_XIII = "p13", "XIII (PPPK)"
    PPPK_XIV = "p14", "XIV (PPPK)"
    PPPK_XV = "p15", "XV (PPPK)"
    PPPK_XVI = "p16", "XVI (PPPK)"
    PPPK_XVII = "p17", "XVII (PPPK)"


PANGKAT = {
    "11": "Juru Muda",
    "12": "Juru Muda Tingkat I",
    "13": "Juru",
    "14": "Juru Tingkat I",
    "21": "Pengatur Muda",
    "22": "Pengatur Muda Tingkat I",
    "23": "Pengatur",
    "24": "Pengatur Tingkat I",
    "31": "Penata Muda",
    "32": "Penata Muda Tingkat I",
    "33": "Penata",
    "34": "Penata Tingkat I",
    "41": "Pembina",
    "42": "Pembina Tingkat I",
    "43": "Pembina Utama Muda",
    "44": "Pembina Utama Madya",
    "45": "Pembina Utama",
}


class EmployeeQuerySet(models.QuerySet):
    def for_user(self, user):
        """The one scoping entry point for people: admin all, operator/pimpinan their subtree,
        atasan their direct reports, everyone themself."""
        return self.filter(access_for(user).employee_q())

    def editable_by(self, user):
        return self.filter(access_for(user).employee_q(editable=True))

    def in_units_of(self, user):
        """The staff of the units the user reads (for an atasan, not their reports: the unit tree's counts)."""
        return self.filter(access_for(user).unit_q("unit__"))

    def active(self):
        return self.filter(is_active=True)

    def in_subtree(self, unit):
        return self.filter(unit__path__startswith=unit.path)

    def search(self, text):
        """By a part of the name, or the start of the NIP (spaces allowed, as NIPs are written)."""
        digits = normalize_nip(text)
        query = models.Q(name__icontains=text.strip())
        if digits.isdigit():
            query |= models.Q(nip__startswith=digits)
        return self.filter(query)


class Employee(models.Model):
    """An ASN. Birth date and gender are derived from the NIP on save and must agree with it."""

    class Status(models.TextChoices):
        PNS = "pns", _("PNS")
        CPNS = "cpns", _("CPNS")
        PPPK = "pppk", _("PPPK")

    Gender = Gender

    nip = models.CharField(_("NIP"), max_length=18, unique=True)
    name = models.CharField(_("nama"), max_length=200)
    gelar_depan = models.CharField(_("gelar depan"), max_length=50, blank=True)
    gelar_belakang = models.CharField(_("gelar belakang"), max_length=100, blank=True)
    birth_date = models.DateField(_("tanggal lahir"), editable=False)
    gender = models.CharField(_("jenis kelamin"), max_length=1, choices=Gender.choices, editable=False)
    status = models.CharField(_("status kepegawaian"), max_length=10, choices=Status.choices, default=Status.PNS)
    golongan = models.CharField(_("golongan/ruang"), max_length=3, choices=Golongan.choices, blank=True)
    position = models.ForeignKey(
        Position, on_delete=models.PROTECT, null=True, blank=True, related_name="employees", verbose_name=_("jabatan")
    )
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="employees", verbose_name=_("unit kerja"))
    supervisor = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="direct_reports",
        verbose_name=_("atasan langsung"),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("nomor HP"), max_length=30, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="employee",
        verbose_name=_("akun login"),
    )
    siasn_pns_id = models.CharField(_("ID PNS SIASN"), max_length=64, null=True, blank=True, unique=True)
    is_active = models.BooleanField(_("aktif"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EmployeeQuerySet.as_manager()

    class Meta:
        verbose_name = _("pegawai")
        verbose_name_plural = _("pegawai")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(nip__length=18),
                name="employee_nip_18_digits",
                violation_error_message=_("NIP harus 18 digit."),
            ),
            models.CheckConstraint(
                condition=~models.Q(supervisor=models.F("id")),
                name="employee_not_own_supervisor",
                violation_error_message=_("Pegawai tidak dapat menjadi atasannya sendiri."),
            ),
        ]
        indexes = [
            # The employee list orders by name within a scope.
            models.Index(fields=["name"], name="employee_name_idx"),
        ]

    def __str__(self):
        return f"{self.full_name} ({self.nip_display})"

    def save(self, *args, **kwargs):
        self.apply_nip()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("programs:employee_detail", args=[self.pk])

    def apply_nip(self):
        """Normalise the NIP and take birth date and gender from it (raises ValidationError)."""
        parts = parse_nip(self.nip, pppk=self.status == self.Status.PPPK)
        self.nip = parts.nip
        self.birth_date = parts.birth_date
        self.gender = parts.gender
        return parts

    def clean(self):
        try:
            self.apply_nip()
        except ValidationError as error:
            raise ValidationError({"nip": error.messages}) from error
        if self.supervisor_id and self.pk and self.supervisor_id == self.pk:
            raise ValidationError({"supervisor": _("Pegawai tidak dapat menjadi atasannya sendiri.")})
        if self.golongan:
            is_pppk_golongan = self.golongan.startswith("p")
            if is_pppk_golongan != (self.status == self.Status.PPPK):
                raise ValidationError({"golongan": _("Golongan tidak sesuai dengan status kepegawaian.")})

    @property
    def full_name(self):
        """Printed the Indonesian way: ``Dr. Siti Aminah, S.E., M.Si.``"""
        name = f"{self.gelar_depan} {self.name}".strip()
        return f"{name}, {self.gelar_belakang}" if self.gelar_belakang else name

    @property
    def nip_display(self):
        return format_nip(self.nip)

    @property
    def pangkat(self):
        return PANGKAT.get(self.golongan, "")

    @property
    def golongan_pangkat(self):
        if not self.golongan:
            return ""
        label = self.get_golongan_display()
        return f"{self.pangkat} ({label})" if self.pangkat else label


class DevelopmentForm(models.Model):
    """A form of competency development recognised by LAN (Peraturan LAN 10/2018) and its JP rule.
    Seeded from forms-of-development.csv; the values come from secondary copies, so they stay editable."""

    class Jalur(models.TextChoices):
        KLASIKAL = "klasikal", _("Klasikal")
        NONKLASIKAL = "nonklasikal", _("Nonklasikal")

    class JpRule(models.TextChoices):
        PROGRAM = "program", _("Sesuai JP program")
        PER_DAY = "per_day", _("Per hari")
        PER_DAY_MAX = "per_day_max", _("Per hari, dengan batas maksimum")
        PER_ACTIVITY = "per_activity", _("Per kegiatan")
        PER_SESSION = "per_session", _("Per sesi")

    code = models.CharField(_("kode"), max_length=10, unique=True)
    jalur = models.CharField(_("jalur"), max_length=12, choices=Jalur.choices)
    name = models.CharField(_("nama"), max_length=200)
    siasn_jenis_diklat_id = models.PositiveSmallIntegerField(_("ID jenis diklat SIASN"), null=True, blank=True)
    jp_rule = models.CharField(_("aturan JP"), max_length=20, choices=JpRule.choices, default=JpRule.PROGRAM)
    jp_national = models.DecimalField(_("JP (nasional)"), max_digits=6, decimal_places=2, null=True, blank=True)
    jp_international = models.DecimalField(
        _("JP (internasional)"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    international_uplift_percent = models.DecimalField(
        _("tambahan internasional (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Dipakai bila JP internasional tidak ditetapkan sebagai angka, misalnya +20%."),
    )
    note = models.CharField(_("catatan"), max_length=200, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("bentuk pengembangan kompetensi")
        verbose_name_plural = _("bentuk pengembangan kompetensi")
        ordering = ["code"]

    def __str__(self):
        return f"{self.name} ({self.get_jalur_display()})"


class StatusFlow:
    """Mixin for models with a `status` and a TRANSITIONS map {status: [allowed next statuses]}."""

    TRANSITIONS = {}

    def can_move_to(self, status):
        return status in self.TRANSITIONS.get(self.status, [])


class StatusEvent(models.Model):
    """A row of a status history: who moved the subject, when, from what to what. Subclasses add the
    subject (a foreign key), the from/to fields with their choices, and the text saying why."""

    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.subject}: {self.from_status} → {self.to_status}"


class DevelopmentProgramQuerySet(models.QuerySet):
    def for_user(self, user):
        """Plans of units the user reads (admin: all)."""
        return self.filter(access_for(user).unit_q("unit__"))

    def editable_by(self, user):
        return self.filter(access_for(user).unit_q("unit__", editable=True))

    def awaiting_approval_by(self, user):
        """Submitted plans this user is to approve: of the units they head (admin: all), never one
        they submitted themselves (programs.plans.approves_own_submission)."""
        return self.filter(access_for(user).head_q("unit__"), status=DevelopmentProgram.Status.SUBMITTED).exclude(
            submitted_by=user
        )


class DevelopmentProgram(StatusFlow, models.Model):
    """The annual competency development plan (rencana pengembangan kompetensi) of an instansi or unit."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        SUBMITTED = "submitted", _("Diajukan")
        APPROVED = "approved", _("Ditetapkan")

    TRANSITIONS = {
        Status.DRAFT: [Status.SUBMITTED],
        Status.SUBMITTED: [Status.APPROVED, Status.DRAFT],
        Status.APPROVED: [Status.DRAFT],
    }

    year = models.PositiveSmallIntegerField(_("tahun"))
    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="development_programs", verbose_name=_("unit")
    )
    title = models.CharField(_("judul"), max_length=255)
    notes = models.TextField(_("catatan"), blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ditetapkan oleh"),
    )
    approved_at = models.DateTimeField(_("ditetapkan pada"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DevelopmentProgramQuerySet.as_manager()

    class Meta:
        verbose_name = _("rencana pengembangan kompetensi")
        verbose_name_plural = _("rencana pengembangan kompetensi")
        ordering = ["-year", "unit__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "unit"],
                name="developmentprogram_one_per_unit_year",
                violation_error_message=_("Unit ini sudah memiliki rencana untuk tahun tersebut."),
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.year})"

    def get_absolute_url(self):
        return reverse("programs:plan_detail", args=[self.pk])


class ProgramEvent(StatusEvent):
    """A row of the plan's status history."""

    program = models.ForeignKey(DevelopmentProgram, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=12, choices=DevelopmentProgram.Status.choices)
    to_status = models.CharField(max_length=12, choices=DevelopmentProgram.Status.choices)
    note = models.TextField(blank=True)

    class Meta(StatusEvent.Meta):
        verbose_name = _("riwayat rencana")
        verbose_name_plural = _("riwayat rencana")

    @property
    def subject(self):
        return self.program


class PlanItem(models.Model):
    """One line of the plan, holding the seven items of PP 11/2017 Pasal 207."""

    class Quarter(models.IntegerChoices):
        Q1 = 1, _("Triwulan I")
        Q2 = 2, _("Triwulan II")
        Q3 = 3, _("Triwulan III")
        Q4 = 4, _("Triwulan IV")

    program = models.ForeignKey(DevelopmentProgram, on_delete=models.CASCADE, related_name="items")
    # 1. jenis kompetensi
    competency = models.ForeignKey(
        Competency, on_delete=models.PROTECT, related_name="plan_items", verbose_name=_("kompetensi")
    )
    title = models.CharField(_("nama kegiatan"), max_length=255)
    # 2. target PNS
    target_units = models.ManyToManyField(
        OrgUnit, blank=True, related_name="plan_items", verbose_name=_("unit sasaran")
    )
    target_positions = models.ManyToManyField(
        Position, blank=True, related_name="plan_items", verbose_name=_("jabatan sasaran")
    )
    target_description = models.CharField(_("sasaran peserta"), max_length=255, blank=True)
    planned_participants = models.PositiveIntegerField(_("rencana jumlah peserta"), default=0)
    # 3. jenis dan jalur pengembangan
    development_form = models.ForeignKey(
        DevelopmentForm, on_delete=models.PROTECT, related_name="plan_items", verbose_name=_("bentuk dan jalur")
    )
    planned_jp = models.PositiveSmallIntegerField(_("rencana JP per peserta"), default=0)
    # 4. penyelenggara
    provider = models.CharField(_("penyelenggara"), max_length=255, blank=True)
    # 5. jadwal
    quarter = models.PositiveSmallIntegerField(_("jadwal (triwulan)"), choices=Quarter.choices, null=True, blank=True)
    # 6. kesesuaian dengan standar kurikulum instansi pembina
    curriculum_fit = models.CharField(_("kesesuaian dengan standar kurikulum"), max_length=255, blank=True)
    # 7. anggaran
    budget = models.DecimalField(_("anggaran (Rp)"), max_digits=15, decimal_places=0, default=0)
    notes = models.TextField(_("catatan"), blank=True)

    class Meta:
        verbose_name = _("butir rencana")
        verbose_name_plural = _("butir rencana")
        ordering = ["program", "quarter", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(budget__gte=0),
                name="planitem_budget_not_negative",
                violation_error_message=_("Anggaran tidak boleh negatif."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("programs:planitem_edit", args=[self.pk])


class Letterhead(models.Model):
    """A unit's kop naskah dinas. An empty line is taken from the parent unit's letterhead (a kecamatan
    shows the city's emblem and government line with its own name and address); programs/letterheads.py
    resolves it."""

    unit = models.OneToOneField(
        OrgUnit, on_delete=models.CASCADE, related_name="letterhead", verbose_name=_("unit organisasi")
    )
    emblem = models.FileField(
        _("lambang daerah (PNG/JPEG)"),
        upload_to="letterheads/",
        blank=True,
        help_text=_("PNG atau JPEG, paling besar 1 MB."),
    )
    government_line = models.CharField(
        _("baris pemerintah daerah"), max_length=200, blank=True, help_text=_("Misalnya: PEMERINTAH KOTA SEMARANG")
    )
    unit_name = models.CharField(
        _("nama unit pada kop"), max_length=255, blank=True, help_text=_("Kosong: nama unit organisasi.")
    )
    short_code = models.CharField(
        _("kode unit pada nomor naskah"),
        max_length=30,
        blank=True,
        help_text=_("Misalnya: BKPSDM (dalam 800.2/123/BKPSDM/2026)."),
    )
    address = models.CharField(_("alamat"), max_length=255, blank=True)
    postal_code = models.CharField(_("kode pos"), max_length=10, blank=True)
    phone = models.CharField(_("telepon/faksimile"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.CharField(_("laman"), max_length=200, blank=True)
    place = models.CharField(
        _("tempat penandatanganan"),
        max_length=100,
        blank=True,
        help_text=_('Misalnya: Semarang (dalam "Semarang, 5 Desember 2026").'),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("kop naskah dinas")
        verbose_name_plural = _("kop naskah dinas")

    def __str__(self):
        return str(self.unit)


class DocumentKind(models.TextChoices):
    """What Bangkom prints and somebody signs; each kind has its signatory per unit."""

    CERTIFICATE = "sertifikat", _("Sertifikat")
    PLAN = "rencana", _("Rencana pengembangan kompetensi")
    ANNUAL_REPORT = "laporan_tahunan", _("Laporan tahunan")
    NEEDS_SUMMARY = "ringkasan_akpk", _("Ringkasan analisis kebutuhan")
    IKM_REPORT = "laporan_ikm", _("Laporan SKM/IKM")
    SCHEDULE = "jadwal", _("Jadwal pelatihan")
    INVITATION = "undangan", _("Surat undangan peserta")
    ASSIGNMENT = "surat_tugas", _("Surat tugas peserta")
    INSTRUCTOR_ASSIGNMENT = "surat_tugas_pengajar", _("Surat tugas pengajar")
    DECREE = "keputusan", _("Keputusan penetapan peserta")
    ATTENDANCE = "daftar_hadir", _("Daftar hadir")
    SESSION_REPORT = "laporan_pelaksanaan", _("Laporan pelaksanaan")


class Signatory(models.Model):
    """Who signs for a unit: its head (kind empty) and, per kind of document, whoever signs it instead,
    possibly on the head's behalf (a.n.) or as acting head (Plt./Plh.)."""

    class Capacity(models.TextChoices):
        OWN = "", _("Atas nama sendiri")
        ATAS_NAMA = "a.n.", _("a.n. (atas nama pimpinan)")
        PLT = "Plt.", _("Plt. (pelaksana tugas)")
        PLH = "Plh.", _("Plh. (pelaksana harian)")

    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="signatories", verbose_name=_("unit"))
    kind = models.CharField(
        _("jenis naskah"), max_length=30, choices=DocumentKind.choices, blank=True, help_text=_("Kosong: kepala unit.")
    )
    employee = models.ForeignKey(
        Employee, on_delete=models.PROTECT, related_name="signs_for", verbose_name=_("penandatangan")
    )
    office = models.CharField(
        _("jabatan penandatangan"),
        max_length=255,
        help_text=_("Misalnya: Kepala Badan Kepegawaian dan Pengembangan Sumber Daya Manusia, atau Sekretaris."),
    )
    capacity = models.CharField(_("kedudukan"), max_length=5, choices=Capacity.choices, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("penandatangan")
        verbose_name_plural = _("penandatangan")
        ordering = ["unit", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "kind"], name="signatory_one_per_unit_and_kind"),
            # The head signs in their own name, or as Plt./Plh.; a.n. is for somebody signing for the head.
            models.CheckConstraint(
                condition=~models.Q(kind="", capacity="a.n."),
                name="signatory_head_not_on_behalf",
                violation_error_message=_("Kepala unit tidak menandatangani a.n. dirinya sendiri."),
            ),
        ]

    def __str__(self):
        return f"{self.unit} · {self.get_kind_display() or _('Kepala unit')}: {self.employee}"
