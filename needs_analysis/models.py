from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.access import access_for
from programs.models import Competency, DevelopmentForm, Employee, OrgUnit, PlanItem, Position

LEVEL_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]


class NeedsSurveyQuerySet(models.QuerySet):
    def for_user(self, user):
        """Campaigns run by a unit the user reads, or holding an assessment of someone they may see."""
        access = access_for(user)
        if access.is_admin:
            return self
        visible = Assessment.objects.filter(survey=OuterRef("pk")).filter(access.employee_q("employee__"))
        return self.filter(access.unit_q("owner_unit__") | models.Q(Exists(visible)))

    def with_answers_of(self, user):
        """Each campaign with `people` (its assessments of people the user may see) and `answered`
        (of those, the submitted or validated ones)."""
        in_scope = access_for(user).employee_q("assessments__employee__")
        answered = in_scope & models.Q(assessments__status__in=["submitted", "validated"])
        return self.annotate(
            people=models.Count("assessments", filter=in_scope), answered=models.Count("assessments", filter=answered)
        )


class NeedsSurvey(models.Model):
    """A needs-analysis campaign (AKPK): who is asked, about which competencies, until when."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        OPEN = "open", _("Dibuka")
        CLOSED = "closed", _("Ditutup")

    class PreferredTime(models.TextChoices):
        Q1 = "q1", _("Triwulan I")
        Q2 = "q2", _("Triwulan II")
        Q3 = "q3", _("Triwulan III")
        Q4 = "q4", _("Triwulan IV")
        ANY = "any", _("Kapan saja")

    year = models.PositiveSmallIntegerField(_("tahun"))
    title = models.CharField(_("judul"), max_length=255)
    instructions = models.TextField(_("petunjuk pengisian"), blank=True)
    opens_on = models.DateField(_("dibuka"))
    closes_on = models.DateField(_("ditutup"))
    owner_unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit penyelenggara")
    )
    target_units = models.ManyToManyField(
        OrgUnit,
        blank=True,
        related_name="needs_surveys",
        verbose_name=_("unit sasaran"),
        help_text=_("Setiap unit termasuk seluruh sub-unitnya."),
    )
    target_positions = models.ManyToManyField(
        Position,
        blank=True,
        related_name="needs_surveys",
        verbose_name=_("jabatan sasaran"),
        help_text=_("Kosongkan untuk semua jabatan."),
    )
    covers_manajerial = models.BooleanField(_("kompetensi manajerial"), default=True)
    covers_sosial_kultural = models.BooleanField(_("kompetensi sosial kultural"), default=True)
    covers_teknis = models.BooleanField(_("kompetensi teknis"), default=True)
    ask_preferred_forms = models.BooleanField(_("tanyakan bentuk pengembangan yang diminati"), default=True)
    ask_preferred_time = models.BooleanField(_("tanyakan waktu yang diminati"), default=True)
    ask_free_text = models.BooleanField(_("tanyakan kebutuhan pelatihan (isian bebas)"), default=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    opened_at = models.DateTimeField(null=True, blank=True)

    objects = NeedsSurveyQuerySet.as_manager()

    class Meta:
        verbose_name = _("survei analisis kebutuhan")
        verbose_name_plural = _("survei analisis kebutuhan")
        ordering = ["-year", "-opens_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")),
                name="needssurvey_dates_in_order",
                violation_error_message=_("Tanggal tutup tidak boleh sebelum tanggal buka."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("needs_analysis:survey_detail", args=[self.pk])

    @property
    def competency_types(self):
        types = []
        if self.covers_manajerial:
            types.append(Competency.Type.MANAJERIAL)
        if self.covers_sosial_kultural:
            types.append(Competency.Type.SOSIAL_KULTURAL)
        if self.covers_teknis:
            types.append(Competency.Type.TEKNIS)
        return types

    @property
    def is_accepting_answers(self):
        today = timezone.localdate()
        return self.status == self.Status.OPEN and self.opens_on <= today <= self.closes_on


class AssessmentQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(access_for(user).employee_q("employee__"))

    def validated_by_user(self, user):
        """Assessments this user validates (or returns for revision): their direct reports', and for
        HR those in the units they manage whose supervisor is missing or inactive; never their own."""
        access = access_for(user)
        waiting = models.Q(employee__supervisor_id=access.employee_id) if access.employee_id else models.Q(pk__in=[])
        if access.is_operator or access.is_admin:
            orphan = models.Q(employee__supervisor__isnull=True) | models.Q(employee__supervisor__is_active=False)
            waiting |= orphan & access.unit_q("employee__unit__", editable=True)
        return self.filter(waiting).exclude(employee_id=access.employee_id or 0)

    def awaiting_validation_by(self, user):
        """Submitted assessments waiting for this user's validation."""
        return self.validated_by_user(user).filter(status=Assessment.Status.SUBMITTED)

    def returned_by_validator(self, user):
        """Assessments this user validates that wait for the ASN's revision."""
        return self.validated_by_user(user).filter(status=Assessment.Status.RETURNED)


class Assessment(models.Model):
    """One employee's answers in one campaign. Unit and position are snapshots taken when the
    campaign opened, so the recap does not shift when people move."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Belum mengisi")
        DRAFT = "draft", _("Draf")
        SUBMITTED = "submitted", _("Dikirim")
        RETURNED = "returned", _("Dikembalikan untuk diperbaiki")
        VALIDATED = "validated", _("Divalidasi")

    survey = models.ForeignKey(NeedsSurvey, on_delete=models.CASCADE, related_name="assessments")
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="assessments")
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    position = models.ForeignKey(
        Position, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("jabatan")
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.NOT_STARTED)
    preferred_forms = models.ManyToManyField(
        DevelopmentForm, blank=True, related_name="+", verbose_name=_("bentuk pengembangan yang diminati")
    )
    preferred_time = models.CharField(
        _("waktu yang diminati"), max_length=5, choices=NeedsSurvey.PreferredTime.choices, blank=True
    )
    training_wish = models.TextField(_("pelatihan yang Anda butuhkan untuk pekerjaan Anda"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(_("dikirim pada"), null=True, blank=True)
    validated_at = models.DateTimeField(_("divalidasi pada"), null=True, blank=True)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("divalidasi oleh"),
    )
    validation_note = models.TextField(_("catatan validasi"), blank=True)
    # The supervisor's last return for revision: kept after the ASN sends again, so the supervisor
    # reads what was asked beside what came back.
    returned_at = models.DateTimeField(_("dikembalikan pada"), null=True, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dikembalikan oleh"),
    )
    return_note = models.TextField(_("catatan perbaikan"), blank=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("penilaian kompetensi")
        verbose_name_plural = _("penilaian kompetensi")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "employee"],
                name="assessment_one_per_employee",
                violation_error_message=_("Pegawai ini sudah memiliki penilaian dalam survei ini."),
            ),
        ]
        indexes = [
            # Progress and recap group a campaign's assessments by unit and status.
            models.Index(fields=["survey", "unit", "status"], name="assessment_progress_idx"),
        ]

    def __str__(self):
        return f"{self.survey} — {self.employee.name}"

    def get_absolute_url(self):
        return reverse("needs_analysis:assessment_detail", args=[self.pk])

    @property
    def is_editable_by_employee(self):
        return self.status in AWAITING_EMPLOYEE and self.survey.is_accepting_answers


# The states in which the ASN has something to do (fill, finish, revise): the reminders and the
# ASN's home list them.
AWAITING_EMPLOYEE = (Assessment.Status.NOT_STARTED, Assessment.Status.DRAFT, Assessment.Status.RETURNED)


class AssessmentItem(models.Model):
    """One competency of the position's standard: required level (snapshot), self and validated levels."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="items")
    competency = models.ForeignKey(Competency, on_delete=models.PROTECT, related_name="+")
    required_level = models.PositiveSmallIntegerField(_("level dipersyaratkan"), validators=LEVEL_VALIDATORS)
    self_level = models.PositiveSmallIntegerField(
        _("level menurut diri sendiri"), null=True, blank=True, validators=LEVEL_VALIDATORS
    )
    self_comment = models.TextField(_("komentar"), blank=True)
    supervisor_level = models.PositiveSmallIntegerField(
        _("level hasil validasi"), null=True, blank=True, validators=LEVEL_VALIDATORS
    )
    supervisor_note = models.TextField(_("catatan atasan"), blank=True)

    class Meta:
        verbose_name = _("butir penilaian")
        verbose_name_plural = _("butir penilaian")
        ordering = ["assessment", "competency__code"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "competency"], name="assessmentitem_unique"),
            models.CheckConstraint(
                condition=models.Q(self_level__isnull=True) | models.Q(self_level__gte=1, self_level__lte=5),
                name="assessmentitem_self_level_range",
            ),
            models.CheckConstraint(
                condition=models.Q(supervisor_level__isnull=True)
                | models.Q(supervisor_level__gte=1, supervisor_level__lte=5),
                name="assessmentitem_supervisor_level_range",
            ),
        ]

    def __str__(self):
        return f"{self.assessment}: {self.competency.code}"


class NeedQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(access_for(user).unit_q("unit__"))


class Need(models.Model):
    """A priority need recorded from a campaign's recap; the plan item that answers it points here
    from the upper layer (DESIGN.md §1: Need.plan_item)."""

    class Source(models.TextChoices):
        COMPETENCY_GAP = "gap", _("Kesenjangan kompetensi")
        COMMUNITY = "community", _("Masukan masyarakat")
        SKM = "skm", _("Unsur SKM yang lemah")
        EVALUATION = "evaluation", _("Hasil evaluasi")

    source = models.CharField(_("sumber"), max_length=12, choices=Source.choices, default=Source.COMPETENCY_GAP)
    survey = models.ForeignKey(NeedsSurvey, on_delete=models.CASCADE, null=True, blank=True, related_name="needs")
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    competency = models.ForeignKey(Competency, on_delete=models.PROTECT, related_name="+", verbose_name=_("kompetensi"))
    people_with_gap = models.PositiveIntegerField(_("pegawai dengan kesenjangan"), default=0)
    people_assessed = models.PositiveIntegerField(_("pegawai dinilai"), default=0)
    mean_gap = models.DecimalField(_("rata-rata kesenjangan"), max_digits=5, decimal_places=2, default=0)
    priority = models.DecimalField(_("skor prioritas"), max_digits=9, decimal_places=2, default=0)
    plan_item = models.ForeignKey(
        PlanItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="needs",
        verbose_name=_("butir rencana"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = NeedQuerySet.as_manager()

    class Meta:
        verbose_name = _("kebutuhan pengembangan")
        verbose_name_plural = _("kebutuhan pengembangan")
        ordering = ["-priority", "id"]
        constraints = [
            # One need per campaign, unit and competency: the recap adds it to the plan once.
            models.UniqueConstraint(
                fields=["survey", "unit", "competency"],
                name="need_unique_per_survey_unit_competency",
                violation_error_message=_("Kebutuhan ini sudah tercatat untuk survei ini."),
            ),
        ]

    def __str__(self):
        return f"{self.competency.name} — {self.unit}"
