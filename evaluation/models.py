import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.access import access_for
from core.formats import date_time, long_date
from programs.models import Gender
from training.models import Session

LIKERT_LABELS = {
    4: [_("Sangat kurang"), _("Kurang"), _("Baik"), _("Sangat baik")],
    5: [_("Sangat kurang"), _("Kurang"), _("Cukup"), _("Baik"), _("Sangat baik")],
}


class Questionnaire(models.Model):
    """A reusable template. Once it has answers it is locked; changes go into a copy (a new version)."""

    class Kind(models.TextChoices):
        REACTION = "reaction", _("Reaksi (level 1)")
        TEST = "test", _("Tes pembelajaran (level 2)")
        BEHAVIOUR = "behaviour", _("Tindak lanjut perilaku (level 3)")
        OTHER = "other", _("Lainnya")

    title = models.CharField(_("judul"), max_length=255)
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    description = models.TextField(_("petunjuk"), blank=True)
    version = models.PositiveSmallIntegerField(_("versi"), default=1)
    copied_from = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="copies")
    is_active = models.BooleanField(_("aktif"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kuesioner")
        verbose_name_plural = _("kuesioner")
        ordering = ["kind", "title", "-version"]

    def __str__(self):
        return f"{self.title} (v{self.version})"

    def get_absolute_url(self):
        return reverse("evaluation:questionnaire_detail", args=[self.pk])

    @property
    def is_locked(self):
        """Answers exist, so questions may no longer change under them."""
        return Response.objects.filter(distribution__questionnaire=self).exists()


class Section(models.Model):
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="sections")
    title = models.CharField(_("judul bagian"), max_length=200)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("bagian")
        verbose_name_plural = _("bagian")
        ordering = ["questionnaire", "order", "id"]

    def __str__(self):
        return self.title


class Question(models.Model):
    class Type(models.TextChoices):
        LIKERT4 = "likert4", _("Skala 1–4")
        LIKERT5 = "likert5", _("Skala 1–5")
        SINGLE = "single", _("Pilihan tunggal")
        MULTIPLE = "multiple", _("Pilihan ganda (boleh lebih dari satu)")
        NUMBER = "number", _("Angka")
        SHORT_TEXT = "short_text", _("Teks singkat")
        LONG_TEXT = "long_text", _("Teks panjang")

    SCALES = {Type.LIKERT4: 4, Type.LIKERT5: 5}
    LIKERT_TYPES = (Type.LIKERT4, Type.LIKERT5)

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="questions")
    section = models.ForeignKey(
        Section,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions",
        verbose_name=_("bagian"),
    )
    text = models.TextField(_("pertanyaan"))
    type = models.CharField(_("jenis"), max_length=12, choices=Type.choices)
    choices = models.JSONField(_("pilihan"), default=list, blank=True, help_text=_("Satu pilihan per baris."))
    required = models.BooleanField(_("wajib"), default=True)
    order = models.PositiveSmallIntegerField(default=0)
    # Tests (level 2): the indexes of the right choices and what a right answer is worth.
    correct_choices = models.JSONField(_("kunci jawaban"), default=list, blank=True)
    points = models.DecimalField(_("poin"), max_digits=6, decimal_places=2, default=0)

    class Meta:
        verbose_name = _("pertanyaan")
        verbose_name_plural = _("pertanyaan")
        ordering = ["questionnaire", "order", "id"]

    def __str__(self):
        return self.text[:80]

    @property
    def scale(self):
        return self.SCALES.get(self.type)

    @property
    def options(self):
        """(value, label) pairs a respondent chooses from."""
        if self.scale:
            labels = self.choices or LIKERT_LABELS[self.scale]
            return [(index + 1, f"{index + 1} — {label}") for index, label in enumerate(labels)]
        return list(enumerate(self.choices))

    @property
    def is_scored(self):
        return bool(self.correct_choices) and self.points > 0


class DistributionQuerySet(models.QuerySet):
    def update(self, **kwargs):
        # A bulk update skips save(): it may not touch what an anonymous distribution with answers keeps.
        if (
            set(kwargs) & set(Distribution.LOCKED_FIELDS + ("closes_at",))
            and self.filter(is_anonymous=True, responses__isnull=False).exists()
        ):
            raise ValidationError(Distribution.LOCKED_MESSAGE)
        return super().update(**kwargs)


class Distribution(models.Model):
    """A questionnaire sent to a session's participants, or to alumni and their supervisors later.

    Once an anonymous distribution has answers it cannot be reopened, made to close later, or stop being
    anonymous, by any path (our pages, Django admin, a bulk update): otherwise an admin could read the
    results, reopen it, watch one named person leave the "not yet answered" list, close it again and
    read that person's answers as the one new response. More answers need a new distribution."""

    LOCKED_FIELDS = ("session_id", "questionnaire_id", "purpose", "opens_at", "is_anonymous")
    ORDER_MESSAGE = _(
        "Pre-test dan post-test tidak boleh dibuka bersamaan: pre-test harus ditutup sebelum post-test dibuka "
        "(pre-test ditutup %(pre_closes)s, post-test dibuka %(post_opens)s)."
    )
    LOCKED_MESSAGE = _(
        "Distribusi anonim yang sudah berisi jawaban tidak dapat dibuka kembali, diperpanjang, atau diubah "
        "anonimitasnya; agar jawabannya tetap tidak dapat dikenali. Untuk jawaban baru, buat distribusi baru."
    )

    class Purpose(models.TextChoices):
        PRE_TEST = "pre_test", _("Pre-test")
        POST_TEST = "post_test", _("Post-test")
        REACTION = "reaction", _("Evaluasi penyelenggaraan (reaksi)")
        FOLLOW_UP = "follow_up", _("Tindak lanjut pasca pelatihan (alumni dan atasan)")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="distributions")
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.PROTECT, related_name="distributions")
    purpose = models.CharField(_("tujuan"), max_length=10, choices=Purpose.choices)
    opens_at = models.DateTimeField(_("dibuka"))
    closes_at = models.DateTimeField(_("ditutup"))
    is_anonymous = models.BooleanField(
        _("anonim"), default=False, help_text=_("Jawaban tidak dapat dihubungkan dengan pengisinya.")
    )
    months_after = models.PositiveSmallIntegerField(_("bulan setelah pelatihan"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = DistributionQuerySet.as_manager()

    class Meta:
        verbose_name = _("distribusi kuesioner")
        verbose_name_plural = _("distribusi kuesioner")
        ordering = ["session", "opens_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "purpose"], name="distribution_one_per_purpose"),
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="distribution_dates_in_order",
                violation_error_message=_("Waktu tutup harus setelah waktu buka."),
            ),
        ]

    def __str__(self):
        return f"{self.get_purpose_display()} — {self.session}"

    def save(self, *args, **kwargs):
        if self.locked_changes():
            raise ValidationError(self.LOCKED_MESSAGE)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("evaluation:distribution_detail", args=[self.pk])

    def clean(self):
        if changed := self.locked_changes():
            raise ValidationError({name.removesuffix("_id"): self.LOCKED_MESSAGE for name in changed})
        if self.test_overlapped() is not None:
            # Not tied to a field: Django admin shows a locked distribution's times read-only.
            raise ValidationError(self.order_message(), code="test_order")

    @property
    def is_open(self):
        return self.opens_at <= timezone.now() <= self.closes_at

    @property
    def is_locked(self):
        """An anonymous distribution with answers: see the class's note."""
        return self.pk is not None and self.is_anonymous and self.responses.exists()

    def test_sibling(self):
        """The other test of this session: the post-test of a pre-test, the pre-test of a post-test."""
        other = {self.Purpose.PRE_TEST: self.Purpose.POST_TEST, self.Purpose.POST_TEST: self.Purpose.PRE_TEST}
        if self.purpose not in other or self.session_id is None:
            return None
        return (
            type(self)
            .objects.filter(session_id=self.session_id, purpose=other[self.purpose])
            .exclude(pk=self.pk)
            .first()
        )

    def test_overlapped(self):
        """The sibling test whose window this one's overlaps, or None. The rule: a post-test opens only once
        the pre-test of its session has closed, so nobody takes the post-test before the pre-test, or takes
        the pre-test knowing the post-test's questions (they are usually the same)."""
        sibling = self.test_sibling()
        if sibling is None or self.opens_at is None or self.closes_at is None:
            return None
        pre, post = (self, sibling) if self.purpose == self.Purpose.PRE_TEST else (sibling, self)
        return sibling if post.opens_at < pre.closes_at else None

    def order_message(self, sibling=None):
        sibling = sibling or self.test_sibling()
        pre, post = (self, sibling) if self.purpose == self.Purpose.PRE_TEST else (sibling, self)
        return self.ORDER_MESSAGE % {"pre_closes": date_time(pre.closes_at), "post_opens": date_time(post.opens_at)}

    def locked_changes(self):
        """The fields this unsaved edit changes that a locked distribution keeps (its closing time may
        only come earlier), judged against the stored row, not against what the editor loaded."""
        if self.pk is None:
            return []
        stored = type(self).objects.filter(pk=self.pk).values(*self.LOCKED_FIELDS, "closes_at").first()
        if stored is None or not stored["is_anonymous"]:
            return []
        if not Response.objects.filter(distribution_id=self.pk).exists():
            return []
        changed = [name for name in self.LOCKED_FIELDS if getattr(self, name) != stored[name]]
        if self.closes_at is None or self.closes_at > stored["closes_at"]:
            changed.append("closes_at")
        return changed


class InvitationQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(access_for(user).employee_q("employee__"))

    def in_units_of(self, user):
        """Invitations of the staff of the units the user reads (not of their direct reports)."""
        return self.filter(access_for(user).unit_q("employee__unit__"))

    def in_answering_order(self):
        """What is left to answer first, the nearest deadline first (a pre-test closes before its post-test
        opens, so it comes first); then what was answered, the latest session first and, within a session,
        in the order the questionnaires opened (pre-test, post-test, reaction, follow-up)."""
        deadline = models.Case(models.When(answered=False, then=models.F("distribution__closes_at")))
        return self.order_by("answered", deadline, "-distribution__session__starts_on", "distribution__opens_at", "pk")


class Invitation(models.Model):
    """Who is asked to answer, and only whether they have. For an anonymous distribution this is the
    whole link between a person and the questionnaire: no time, no response id, just a yes/no."""

    class Role(models.TextChoices):
        PARTICIPANT = "participant", _("Peserta")
        SUPERVISOR = "supervisor", _("Atasan")

    distribution = models.ForeignKey(Distribution, on_delete=models.CASCADE, related_name="invitations")
    employee = models.ForeignKey("programs.Employee", on_delete=models.PROTECT, related_name="invitations")
    role = models.CharField(_("sebagai"), max_length=12, choices=Role.choices, default=Role.PARTICIPANT)
    about = models.ForeignKey(
        "programs.Employee",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tentang alumni"),
    )
    answered = models.BooleanField(_("sudah menjawab"), default=False)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("undangan mengisi")
        verbose_name_plural = _("undangan mengisi")
        constraints = [
            # Once per person and distribution; a supervisor once per alumnus they are asked about.
            models.UniqueConstraint(
                fields=["distribution", "employee"], condition=models.Q(about__isnull=True), name="invitation_once"
            ),
            models.UniqueConstraint(
                fields=["distribution", "employee", "about"],
                condition=models.Q(about__isnull=False),
                name="invitation_once_per_alumnus",
            ),
        ]

    def __str__(self):
        return f"{self.employee.name}: {self.distribution}"


class ResponseQuerySet(models.QuerySet):
    def organised_in_scope(self, user):
        """Answers about sessions organised by a unit the user reads."""
        return self.filter(access_for(user).unit_q("distribution__session__organiser_unit__"))


class Response(models.Model):
    """A submitted questionnaire. Anonymous ones carry a random id, no respondent, no invitation and
    no time, so nothing stored leads back to the person; named ones keep all three."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    distribution = models.ForeignKey(Distribution, on_delete=models.CASCADE, related_name="responses")
    invitation = models.OneToOneField(
        Invitation, on_delete=models.CASCADE, null=True, blank=True, related_name="response"
    )
    role = models.CharField(max_length=12, choices=Invitation.Role.choices, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    score = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    max_score = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    # Its Likert answers summed as percentages of their scales, and how many there were, written
    # with the answers: scores per session, course and provider then add up responses instead of
    # re-reading every answer (a province has millions).
    likert_total = models.DecimalField(max_digits=9, decimal_places=2, default=0)
    likert_answers = models.PositiveSmallIntegerField(default=0)

    objects = ResponseQuerySet.as_manager()

    class Meta:
        verbose_name = _("jawaban kuesioner")
        verbose_name_plural = _("jawaban kuesioner")

    def __str__(self):
        return f"{self.distribution} ({self.pk})"

    @property
    def share(self):
        """The score as a share of the maximum (0.75), for the `percent` format."""
        if self.score is None or not self.max_score:
            return None
        return self.score / self.max_score


class Answer(models.Model):
    # Random keys here too: a counter would give away the order in which people answered.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    number = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    text = models.TextField(blank=True)
    choices = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("jawaban")
        verbose_name_plural = _("jawaban")
        constraints = [models.UniqueConstraint(fields=["response", "question"], name="answer_once_per_question")]
        indexes = [
            # Results aggregate per question.
            models.Index(fields=["question", "number"], name="answer_question_number_idx"),
        ]

    def __str__(self):
        return f"{self.question}: {self.number or self.text or self.choices}"


UNSUR = [
    # (number, name, labels for scores 1..4) — skm-ikm.md, in the regulation's order
    (1, _("Persyaratan"), [_("Tidak sesuai"), _("Kurang sesuai"), _("Sesuai"), _("Sangat sesuai")]),
    (2, _("Sistem, Mekanisme, dan Prosedur"), [_("Tidak mudah"), _("Kurang mudah"), _("Mudah"), _("Sangat mudah")]),
    (3, _("Waktu Penyelesaian"), [_("Tidak cepat"), _("Kurang cepat"), _("Cepat"), _("Sangat cepat")]),
    (4, _("Biaya/Tarif"), [_("Sangat mahal"), _("Cukup mahal"), _("Murah"), _("Gratis")]),
    (
        5,
        _("Produk Spesifikasi Jenis Pelayanan"),
        [_("Tidak sesuai"), _("Kurang sesuai"), _("Sesuai"), _("Sangat sesuai")],
    ),
    (6, _("Kompetensi Pelaksana"), [_("Tidak kompeten"), _("Kurang kompeten"), _("Kompeten"), _("Sangat kompeten")]),
    (
        7,
        _("Perilaku Pelaksana"),
        [_("Tidak sopan dan ramah"), _("Kurang sopan dan ramah"), _("Sopan dan ramah"), _("Sangat sopan dan ramah")],
    ),
    (
        8,
        _("Penanganan Pengaduan, Saran dan Masukan"),
        [_("Tidak ada"), _("Ada tetapi tidak berfungsi"), _("Berfungsi kurang maksimal"), _("Dikelola dengan baik")],
    ),
    (9, _("Sarana dan Prasarana"), [_("Buruk"), _("Cukup"), _("Baik"), _("Sangat baik")]),
]
UNSUR_FIELDS = [f"u{number}" for number, _name, _labels in UNSUR]


class ServiceSurveyQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(access_for(user).unit_q("unit__"))


class ServiceSurvey(models.Model):
    """A community satisfaction survey (SKM) of one service unit for one period (a semester by default)."""

    unit = models.ForeignKey(
        "programs.OrgUnit", on_delete=models.PROTECT, related_name="service_surveys", verbose_name=_("unit layanan")
    )
    title = models.CharField(_("judul"), max_length=255)
    starts_on = models.DateField(_("periode mulai"))
    ends_on = models.DateField(_("periode selesai"))
    population = models.PositiveIntegerField(
        _("jumlah pengguna layanan dalam periode"),
        default=0,
        help_text=_("Untuk menghitung sampel minimal (Krejcie–Morgan)."),
    )
    service_types = models.JSONField(_("jenis layanan"), default=list, help_text=_("Satu jenis layanan per baris."))
    code = models.SlugField(_("kode tautan"), max_length=16, unique=True)
    is_open = models.BooleanField(_("menerima jawaban"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # At the end of their retention the raw responses go; the report's figures stay in `summary`.
    raw_deleted_on = models.DateField(_("data mentah dihapus"), null=True, blank=True)
    summary = models.JSONField(_("ringkasan"), null=True, blank=True, editable=False)

    objects = ServiceSurveyQuerySet.as_manager()

    class Meta:
        verbose_name = _("survei kepuasan masyarakat")
        verbose_name_plural = _("survei kepuasan masyarakat")
        ordering = ["-starts_on", "unit__path", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="servicesurvey_period_in_order",
                violation_error_message=_("Periode selesai tidak boleh sebelum periode mulai."),
            ),
            models.CheckConstraint(
                condition=models.Q(raw_deleted_on__isnull=True) | models.Q(summary__isnull=False),
                name="servicesurvey_pruned_has_summary",
            ),
        ]

    def __str__(self):
        return f"{self.unit} — {self.title}"

    def get_absolute_url(self):
        return reverse("evaluation:skm_detail", args=[self.pk])


class ServiceResponse(models.Model):
    """One citizen's questionnaire. Anonymous: no name, no address, only the day it came in."""

    Gender = Gender

    class Education(models.TextChoices):
        SD = "sd", _("SD atau lebih rendah")
        SMP = "smp", _("SMP")
        SMA = "sma", _("SMA/SMK")
        D3 = "d3", _("Diploma")
        S1 = "s1", _("S1")
        S2 = "s2", _("S2 atau lebih tinggi")

    class Occupation(models.TextChoices):
        ASN = "asn", _("PNS/ASN/TNI/Polri")
        PRIVATE = "private", _("Pegawai swasta")
        SELF = "self", _("Wiraswasta/usahawan")
        STUDENT = "student", _("Pelajar/mahasiswa")
        OTHER = "other", _("Lainnya")

    class Source(models.TextChoices):
        ONLINE = "online", _("Formulir daring")
        PAPER = "paper", _("Kuesioner kertas")

    survey = models.ForeignKey(ServiceSurvey, on_delete=models.CASCADE, related_name="responses")
    u1 = models.PositiveSmallIntegerField(null=True, blank=True)
    u2 = models.PositiveSmallIntegerField(null=True, blank=True)
    u3 = models.PositiveSmallIntegerField(null=True, blank=True)
    u4 = models.PositiveSmallIntegerField(null=True, blank=True)
    u5 = models.PositiveSmallIntegerField(null=True, blank=True)
    u6 = models.PositiveSmallIntegerField(null=True, blank=True)
    u7 = models.PositiveSmallIntegerField(null=True, blank=True)
    u8 = models.PositiveSmallIntegerField(null=True, blank=True)
    u9 = models.PositiveSmallIntegerField(null=True, blank=True)
    gender = models.CharField(_("jenis kelamin"), max_length=1, choices=Gender.choices, blank=True)
    age = models.PositiveSmallIntegerField(_("usia"), null=True, blank=True)
    education = models.CharField(_("pendidikan terakhir"), max_length=8, choices=Education.choices, blank=True)
    occupation = models.CharField(_("pekerjaan"), max_length=8, choices=Occupation.choices, blank=True)
    service_type = models.CharField(_("jenis layanan yang diterima"), max_length=200, blank=True)
    suggestion = models.TextField(_("saran"), blank=True)
    source = models.CharField(max_length=6, choices=Source.choices, default=Source.ONLINE)
    received_on = models.DateField(_("tanggal"))

    class Meta:
        verbose_name = _("jawaban SKM")
        verbose_name_plural = _("jawaban SKM")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(**{f"{name}__isnull": True}) | models.Q(**{f"{name}__gte": 1, f"{name}__lte": 4}),
                name=f"serviceresponse_{name}_range",
            )
            for name in UNSUR_FIELDS
        ] + [
            models.CheckConstraint(
                condition=models.Q(age__isnull=True) | models.Q(age__gte=10, age__lte=110),
                name="serviceresponse_age_range",
            )
        ]
        indexes = [
            # Reports aggregate a survey's responses (by period when comparing).
            models.Index(fields=["survey", "received_on"], name="serviceresponse_survey_idx"),
        ]

    def __str__(self):
        return f"{self.survey} ({long_date(self.received_on)})"


class RejectedSubmission(models.Model):
    """A public submission refused as abuse: counted, never silently dropped, with no personal data."""

    class Reason(models.TextChoices):
        RATE_LIMIT = "rate_limit", _("Terlalu banyak dari alamat yang sama")
        HONEYPOT = "honeypot", _("Diisi oleh robot")
        TOO_FAST = "too_fast", _("Dikirim terlalu cepat")
        DUPLICATE = "duplicate", _("Kiriman ganda")
        REPLAYED = "replayed", _("Formulir yang sama dikirim ulang")

    survey = models.ForeignKey(ServiceSurvey, on_delete=models.CASCADE, related_name="rejections")
    reason = models.CharField(max_length=12, choices=Reason.choices)
    received_on = models.DateField()

    class Meta:
        verbose_name = _("kiriman ditolak")
        verbose_name_plural = _("kiriman ditolak")

    def __str__(self):
        return f"{self.survey}: {self.reason}"


class SkmAttempt(models.Model):
    """A public SKM form that passed the honeypot and timing checks: the guards' memory, shared by every
    server process. It holds a salted hash of the sender's address, a hash of the answers and the form's
    one-time token (only on the attempt that was stored), names no one, points at no response, and is
    deleted after an hour, when the rate limit no longer needs it."""

    survey = models.ForeignKey(ServiceSurvey, on_delete=models.CASCADE, related_name="+")
    address = models.CharField(max_length=24)
    fingerprint = models.CharField(max_length=24)
    token_digest = models.CharField(max_length=64, null=True, blank=True)
    attempted_at = models.DateTimeField()

    class Meta:
        verbose_name = _("percobaan kiriman SKM")
        verbose_name_plural = _("percobaan kiriman SKM")
        constraints = [
            # A form is stored once, however often (or however concurrently) it is sent.
            models.UniqueConstraint(
                fields=["token_digest"], condition=models.Q(token_digest__isnull=False), name="skm_attempt_token_once"
            ),
        ]
        indexes = [
            # The rate limit and duplicate checks: one address's attempts at one survey in the last hour.
            models.Index(fields=["survey", "address", "attempted_at"], name="skm_attempt_by_address"),
            # The hourly clean-up.
            models.Index(fields=["attempted_at"], name="skm_attempt_by_time"),
        ]

    def __str__(self):
        return f"{self.survey_id} {self.attempted_at:%Y-%m-%d %H:%M}"


class UnsurCompetency(models.Model):
    """Which competencies of the unit's staff a weak unsur points to (editable; seeded from gap-analysis.md)."""

    unsur = models.PositiveSmallIntegerField(_("unsur"), choices=[(number, name) for number, name, _labels in UNSUR])
    competency = models.ForeignKey(
        "programs.Competency", on_delete=models.CASCADE, related_name="+", verbose_name=_("kompetensi")
    )

    class Meta:
        verbose_name = _("kompetensi terkait unsur")
        verbose_name_plural = _("kompetensi terkait unsur")
        constraints = [models.UniqueConstraint(fields=["unsur", "competency"], name="unsurcompetency_unique")]

    def __str__(self):
        return f"U{self.unsur} → {self.competency}"


class CommunityInputQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(access_for(user).unit_q("unit__"))


class CommunityInput(models.Model):
    """Aspirations and complaints from forums, musrenbang and complaint channels."""

    class Channel(models.TextChoices):
        FORUM = "forum", _("Forum warga")
        MUSRENBANG = "musrenbang", _("Musrenbang")
        COMPLAINT = "complaint", _("Kanal pengaduan (SP4N-LAPOR!, kotak saran)")
        SOCIAL = "social", _("Media sosial")
        OTHER = "other", _("Lainnya")

    class Status(models.TextChoices):
        OPEN = "open", _("Baru")
        IN_PROGRESS = "in_progress", _("Ditindaklanjuti")
        DONE = "done", _("Selesai")

    unit = models.ForeignKey(
        "programs.OrgUnit", on_delete=models.PROTECT, related_name="community_inputs", verbose_name=_("unit")
    )
    date = models.DateField(_("tanggal"))
    channel = models.CharField(_("kanal"), max_length=12, choices=Channel.choices)
    summary = models.TextField(_("ringkasan"))
    expectation = models.TextField(_("harapan masyarakat"), blank=True)
    follow_up = models.TextField(_("tindak lanjut"), blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.OPEN)
    competencies = models.ManyToManyField(
        "programs.Competency", blank=True, related_name="+", verbose_name=_("kompetensi terkait")
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = CommunityInputQuerySet.as_manager()

    class Meta:
        verbose_name = _("masukan masyarakat")
        verbose_name_plural = _("masukan masyarakat")
        ordering = ["-date", "-id"]

    def __str__(self):
        return f"{self.unit}: {self.summary[:60]}"
