import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from programs.access import access_for
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

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="questions")
    section = models.ForeignKey(Section, on_delete=models.SET_NULL, null=True, blank=True, related_name="questions")
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


class Distribution(models.Model):
    """A questionnaire sent to a session's participants, or to alumni and their supervisors later."""

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

    def get_absolute_url(self):
        return reverse("evaluation:distribution_detail", args=[self.pk])

    @property
    def is_open(self):
        return self.opens_at <= timezone.now() <= self.closes_at


class InvitationQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(access_for(user).employee_q("employee__"))


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

    class Meta:
        verbose_name = _("jawaban kuesioner")
        verbose_name_plural = _("jawaban kuesioner")

    def __str__(self):
        return f"{self.distribution} ({self.pk})"

    @property
    def percent(self):
        if self.score is None or not self.max_score:
            return None
        return self.score * 100 / self.max_score


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
