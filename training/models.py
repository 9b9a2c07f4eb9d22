from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, FilteredRelation, Q, Sum, Value
from django.db.models.functions import Coalesce, ExtractMonth, Greatest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.access import access_for
from core.formats import clock_range, long_date
from programs.models import (
    Competency,
    DevelopmentForm,
    Employee,
    OrgUnit,
    PlanItem,
    Position,
    StatusEvent,
    StatusFlow,
)
from programs.nip import format_nip
from programs.signatories import SignatureBlock

from . import ledger_sql
from .targets import MONEY, target_for_status

# An agreement this close to its end date is flagged as expiring.
AGREEMENT_WARNING_DAYS = 60


class Provider(models.Model):
    """A training provider or partner: an internal unit, BPSDM/LAN, a university, an NGO, a company."""

    class Kind(models.TextChoices):
        INTERNAL = "internal", _("Unit internal")
        BPSDM_LAN = "bpsdm_lan", _("BPSDM/LAN")
        UNIVERSITY = "university", _("Perguruan tinggi")
        NGO = "ngo", _("LSM/organisasi masyarakat")
        PRIVATE = "private", _("Swasta")
        OTHER = "other", _("Lainnya")

    name = models.CharField(_("nama"), max_length=255, unique=True)
    kind = models.CharField(_("jenis"), max_length=12, choices=Kind.choices)
    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("unit internal")
    )
    contact_person = models.CharField(_("narahubung"), max_length=200, blank=True)
    phone = models.CharField(_("telepon"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.TextField(_("alamat"), blank=True)
    website = models.URLField(_("situs web"), blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("penyelenggara")
        verbose_name_plural = _("penyelenggara")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("training:provider_detail", args=[self.pk])


class Agreement(models.Model):
    """A cooperation agreement (MoU or PKS) with a provider."""

    class Kind(models.TextChoices):
        MOU = "mou", _("Nota kesepahaman (MoU)")
        PKS = "pks", _("Perjanjian kerja sama (PKS)")

    class State(models.TextChoices):
        ACTIVE = "active", _("Berlaku")
        EXPIRING = "expiring", _("Segera berakhir")
        EXPIRED = "expired", _("Berakhir")
        NOT_STARTED = "not_started", _("Belum berlaku")

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="agreements")
    kind = models.CharField(_("jenis"), max_length=4, choices=Kind.choices, default=Kind.PKS)
    number = models.CharField(_("nomor"), max_length=100)
    subject = models.CharField(_("perihal"), max_length=255)
    starts_on = models.DateField(_("mulai berlaku"))
    ends_on = models.DateField(_("berakhir"))

    class Meta:
        verbose_name = _("perjanjian kerja sama")
        verbose_name_plural = _("perjanjian kerja sama")
        ordering = ["-ends_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="agreement_dates_in_order",
                violation_error_message=_("Tanggal berakhir tidak boleh sebelum tanggal mulai."),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.number}"

    def state_on(self, day):
        if day < self.starts_on:
            return self.State.NOT_STARTED
        if day > self.ends_on:
            return self.State.EXPIRED
        if (self.ends_on - day).days <= AGREEMENT_WARNING_DAYS:
            return self.State.EXPIRING
        return self.State.ACTIVE

    @property
    def state(self):
        return self.state_on(timezone.localdate())

    @property
    def state_label(self):
        return self.State(self.state).label


class Instructor(models.Model):
    """A widyaiswara, facilitator, coach or mentor."""

    name = models.CharField(_("nama"), max_length=200)
    institution = models.CharField(_("instansi/lembaga"), max_length=255, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telepon"), max_length=50, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("pengajar/fasilitator")
        verbose_name_plural = _("pengajar/fasilitator")
        ordering = ["name", "id"]

    def __str__(self):
        return f"{self.name} ({self.institution})" if self.institution else self.name


class Course(models.Model):
    """An entry of the catalogue: every form of development LAN recognises, with its JP."""

    code = models.CharField(_("kode"), max_length=30, unique=True)
    title = models.CharField(_("judul"), max_length=255)
    description = models.TextField(_("deskripsi"), blank=True)
    development_form = models.ForeignKey(
        DevelopmentForm, on_delete=models.PROTECT, related_name="courses", verbose_name=_("bentuk pengembangan")
    )
    jp = models.DecimalField(
        _("JP"), max_digits=6, decimal_places=2, help_text=_("Jam pelajaran program (1 JP = 45 menit).")
    )
    competencies = models.ManyToManyField(Competency, through="CourseCompetency", related_name="courses", blank=True)
    target_position_kinds = models.JSONField(_("jenis jabatan sasaran"), default=list, blank=True)
    default_provider = models.ForeignKey(
        Provider,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="courses",
        verbose_name=_("penyelenggara utama"),
    )
    prerequisites = models.TextField(_("prasyarat"), blank=True)
    requires_post_test = models.BooleanField(_("wajib lulus post-test"), default=False)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("program pelatihan")
        verbose_name_plural = _("katalog pelatihan")
        ordering = ["title", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(jp__gt=0),
                name="course_jp_positive",
                violation_error_message=_("JP harus lebih dari 0."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("training:course_detail", args=[self.pk])

    def get_target_position_kinds_display(self):
        labels = dict(Position.Kind.choices)
        return [labels.get(kind, kind) for kind in self.target_position_kinds]


class CourseCompetency(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="course_competencies")
    competency = models.ForeignKey(Competency, on_delete=models.PROTECT, related_name="+")
    target_level = models.PositiveSmallIntegerField(_("level sasaran"), default=2)

    class Meta:
        verbose_name = _("kompetensi program")
        verbose_name_plural = _("kompetensi program")
        constraints = [
            models.UniqueConstraint(fields=["course", "competency"], name="coursecompetency_unique"),
            models.CheckConstraint(
                condition=models.Q(target_level__gte=1, target_level__lte=5), name="coursecompetency_level_range"
            ),
        ]

    def __str__(self):
        return f"{self.course}: {self.competency} (level {self.target_level})"


class SessionQuerySet(models.QuerySet):
    def for_user(self, user):
        """Sessions are public to every logged-in user except drafts, which only their organisers see."""
        access = access_for(user)
        if access.is_admin:
            return self
        return self.exclude(status=Session.Status.DRAFT) | self.filter(
            access.unit_q("organiser_unit__", editable=True), status=Session.Status.DRAFT
        )

    def editable_by(self, user):
        return self.filter(access_for(user).unit_q("organiser_unit__", editable=True))

    def organised_in_scope(self, user):
        """Sessions organised by a unit the user reads: the ones whose figures are theirs to see."""
        return self.filter(access_for(user).unit_q("organiser_unit__"))


class Session(StatusFlow, models.Model):
    """A batch (angkatan) of a course on given days."""

    class Mode(models.TextChoices):
        IN_PERSON = "tatap_muka", _("Tatap muka")
        ONLINE = "daring", _("Daring")
        BLENDED = "blended", _("Campuran (blended)")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf/usulan")
        OPEN = "open", _("Pendaftaran dibuka")
        CLOSED = "closed", _("Pendaftaran ditutup")
        RUNNING = "running", _("Berlangsung")
        FINISHED = "finished", _("Selesai")
        CANCELLED = "cancelled", _("Dibatalkan")

    # Who may make each move, and when a session may be finished: training/session_flow.py.
    TRANSITIONS = {
        Status.DRAFT: [Status.OPEN, Status.CANCELLED],
        Status.OPEN: [Status.CLOSED, Status.DRAFT, Status.FINISHED, Status.CANCELLED],
        Status.CLOSED: [Status.OPEN, Status.RUNNING, Status.FINISHED, Status.CANCELLED],
        Status.RUNNING: [Status.FINISHED, Status.CANCELLED],
        Status.FINISHED: [],
        Status.CANCELLED: [],
    }

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("program"))
    name = models.CharField(_("angkatan"), max_length=100, help_text=_("Misalnya: Angkatan I"))
    provider = models.ForeignKey(
        Provider, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("penyelenggara")
    )
    organiser_unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("unit pengusul"),
        help_text=_("Unit yang mengusulkan dan mengelola angkatan ini."),
    )
    mode = models.CharField(_("moda"), max_length=12, choices=Mode.choices, default=Mode.IN_PERSON)
    venue = models.CharField(_("tempat"), max_length=255, blank=True)
    meeting_link = models.URLField(_("tautan rapat daring"), blank=True)
    capacity = models.PositiveIntegerField(_("kapasitas"))
    registration_opens_on = models.DateField(_("pendaftaran dibuka"), null=True, blank=True)
    registration_closes_on = models.DateField(_("pendaftaran ditutup"), null=True, blank=True)
    instructors = models.ManyToManyField(Instructor, blank=True, related_name="sessions", verbose_name=_("pengajar"))
    cost = models.DecimalField(_("biaya (Rp)"), max_digits=15, decimal_places=0, default=0)
    plan_item = models.ForeignKey(
        PlanItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sessions",
        verbose_name=_("butir rencana yang direalisasikan"),
    )
    is_international = models.BooleanField(_("internasional"), default=False)
    jp = models.DecimalField(_("JP yang diakui"), max_digits=6, decimal_places=2)
    min_attendance_percent = models.PositiveSmallIntegerField(
        _("kehadiran minimal (%)"), default=80, help_text=_("Syarat kelulusan: persentase hari hadir.")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    # First and last day, kept by the service that saves the days: the calendar filters on them.
    starts_on = models.DateField(_("mulai"), null=True, blank=True, editable=False)
    ends_on = models.DateField(_("selesai"), null=True, blank=True, editable=False)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("angkatan")
        verbose_name_plural = _("angkatan")
        ordering = ["starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(capacity__gte=1),
                name="session_capacity_positive",
                violation_error_message=_("Kapasitas minimal 1 peserta."),
            ),
            models.CheckConstraint(condition=models.Q(jp__gte=0), name="session_jp_not_negative"),
            models.CheckConstraint(
                condition=models.Q(registration_closes_on__isnull=True)
                | models.Q(registration_opens_on__isnull=True)
                | models.Q(registration_closes_on__gte=models.F("registration_opens_on")),
                name="session_registration_window_in_order",
                violation_error_message=_("Pendaftaran tidak dapat ditutup sebelum dibuka."),
            ),
        ]
        indexes = [
            # The calendar and the schedule select sessions overlapping a date range.
            models.Index(fields=["starts_on", "ends_on"], name="session_dates_idx"),
        ]

    def __str__(self):
        return f"{self.course.title} — {self.name}"

    def get_absolute_url(self):
        return reverse("training:session_detail", args=[self.pk])


class SessionDay(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="days")
    date = models.DateField(_("tanggal"))
    starts_at = models.TimeField(_("jam mulai"))
    ends_at = models.TimeField(_("jam selesai"))

    class Meta:
        verbose_name = _("hari pelaksanaan")
        verbose_name_plural = _("hari pelaksanaan")
        ordering = ["date", "starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["session", "date"], name="sessionday_one_per_date"),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="sessionday_ends_after_start",
                violation_error_message=_("Jam selesai harus setelah jam mulai."),
            ),
        ]
        indexes = [
            # Double-booking checks look for other sessions on the same date.
            models.Index(fields=["date"], name="sessionday_date_idx"),
        ]

    def __str__(self):
        return f"{self.session}: {long_date(self.date)} {clock_range(self.starts_at, self.ends_at)}"


class SessionEvent(StatusEvent):
    """A row of a session's status history."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=10, choices=Session.Status.choices, blank=True)
    to_status = models.CharField(max_length=10, choices=Session.Status.choices)
    reason = models.TextField(_("alasan"), blank=True)

    class Meta(StatusEvent.Meta):
        verbose_name = _("riwayat angkatan")
        verbose_name_plural = _("riwayat angkatan")

    @property
    def subject(self):
        return self.session


class SeatReservation(models.Model):
    """Seats of a session kept for the staff of a unit (and its subtree), for equal access."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="reservations")
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    seats = models.PositiveIntegerField(_("kursi"))

    class Meta:
        verbose_name = _("kuota kursi unit")
        verbose_name_plural = _("kuota kursi unit")
        constraints = [
            models.UniqueConstraint(fields=["session", "unit"], name="seatreservation_unique"),
            models.CheckConstraint(condition=models.Q(seats__gte=1), name="seatreservation_seats_positive"),
        ]

    def __str__(self):
        return f"{self.session}: {self.unit} ({self.seats})"


class EnrolmentQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(access_for(user).employee_q("employee__"))

    def awaiting_decision_by(self, user):
        """Registrations waiting for this user's decision: their direct reports', and for HR those of
        the units they manage (admin: all); never their own."""
        access = access_for(user)
        mine = models.Q(employee__supervisor_id=access.employee_id) if access.employee_id else models.Q(pk__in=[])
        if access.is_admin:
            mine = models.Q()  # an empty Q() would vanish from an OR and leave only the supervisor's part
        elif access.is_operator:
            mine |= access.unit_q("employee__unit__", editable=True)
        return self.filter(mine, status=Enrolment.Status.PENDING).exclude(employee_id=access.employee_id or 0)

    def seated(self):
        """The enrolments holding a seat (Enrolment.SEATED): every count of a session's seats."""
        return self.filter(status__in=Enrolment.SEATED)


class Enrolment(models.Model):
    """One employee in one session. Seats are allocated under a lock on the session row, so
    `capacity` holds under concurrent requests; the rest wait in order."""

    class Source(models.TextChoices):
        NOMINATED = "nominated", _("Dinominasikan")
        SELF = "self", _("Mendaftar sendiri")
        NEEDS = "needs", _("Dari analisis kebutuhan")

    class Status(models.TextChoices):
        PENDING = "pending", _("Menunggu persetujuan")
        REJECTED = "rejected", _("Ditolak")
        WAITLISTED = "waitlisted", _("Daftar tunggu")
        CONFIRMED = "confirmed", _("Terkonfirmasi")
        COMPLETED = "completed", _("Lulus/selesai")
        NOT_COMPLETED = "not_completed", _("Tidak selesai")
        WITHDRAWN = "withdrawn", _("Mengundurkan diri")

    ACTIVE = [Status.PENDING, Status.WAITLISTED, Status.CONFIRMED]
    # The people a session has taken: confirmed, and once it is finished completed or not. They hold
    # its seats before and after the finish, so a finished session still shows how full it was.
    SEATED = [Status.CONFIRMED, Status.COMPLETED, Status.NOT_COMPLETED]

    session = models.ForeignKey(
        Session, on_delete=models.PROTECT, related_name="enrolments", verbose_name=_("angkatan")
    )
    employee = models.ForeignKey(
        "programs.Employee", on_delete=models.PROTECT, related_name="enrolments", verbose_name=_("pegawai")
    )
    source = models.CharField(_("sumber"), max_length=10, choices=Source.choices)
    status = models.CharField(_("status"), max_length=14, choices=Status.choices, default=Status.PENDING)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    # The waitlist is served in this order; set when the person joins it.
    waitlisted_at = models.DateTimeField(null=True, blank=True)
    reserved_for = models.ForeignKey(
        SeatReservation, on_delete=models.SET_NULL, null=True, blank=True, related_name="enrolments"
    )
    post_test_passed = models.BooleanField(
        _("lulus post-test"),
        null=True,
        blank=True,
        help_text=_("Diisi dari hasil evaluasi bila program mensyaratkannya."),
    )
    note = models.TextField(_("catatan"), blank=True)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("peserta")
        verbose_name_plural = _("peserta")
        ordering = ["session", "employee__name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "employee"],
                name="enrolment_one_per_session",
                violation_error_message=_("Pegawai ini sudah terdaftar pada angkatan ini."),
            ),
        ]
        indexes = [
            # Seat counts and waitlist order per session and status.
            models.Index(fields=["session", "status", "waitlisted_at"], name="enrolment_session_status_idx"),
            # An employee's history and conflict checks.
            models.Index(fields=["employee", "status"], name="enrolment_employee_status_idx"),
        ]

    def __str__(self):
        return f"{self.employee.name} — {self.session}"

    def get_absolute_url(self):
        return reverse("training:enrolment_detail", args=[self.pk])


class ProposalQuerySet(models.QuerySet):
    def for_user(self, user):
        """The proposing unit's staff sees its proposals (as it sees its people), the ASN their own,
        and the session's organisers every proposal to their sessions."""
        access = access_for(user)
        return self.filter(access.employee_q("employee__") | access.unit_q("session__organiser_unit__", editable=True))

    def taking_quota(self):
        """Proposals that hold a place of their unit's quota: waiting, or accepted and still taking part
        (an accepted person who withdrew, or was later turned away, frees the place)."""
        return self.filter(
            models.Q(status=Proposal.Status.PROPOSED)
            | models.Q(status=Proposal.Status.ACCEPTED, enrolment__status__in=Proposal.TAKING_PART)
        )


class Proposal(models.Model):
    """A unit's proposal (usulan peserta) of one of its staff for a session another unit runs. The
    session's organisers accept it (the person is then placed: a seat, or the waitlist) or decline it
    with a reason. Proposals take no seat; only the enrolment made on acceptance does."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Diusulkan")
        ACCEPTED = "accepted", _("Diterima")
        DECLINED = "declined", _("Ditolak")

    class Source(models.TextChoices):
        STAFF = "staff", _("Daftar pegawai unit")
        BELOW_JP = "below_jp", _("Belum 20 JP")
        GAP = "gap", _("Kesenjangan kompetensi")

    # A place still asked for or held (the waitlist included), or a session taken part in.
    TAKING_PART = [*Enrolment.ACTIVE, Enrolment.Status.COMPLETED, Enrolment.Status.NOT_COMPLETED]

    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="proposals", verbose_name=_("angkatan"))
    employee = models.ForeignKey(
        "programs.Employee", on_delete=models.PROTECT, related_name="proposals", verbose_name=_("pegawai")
    )
    # The unit whose quota the proposal counts against: the unit of the seat reservation covering the
    # person, else their perangkat daerah (OPD or kecamatan).
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit pengusul"))
    source = models.CharField(_("sumber"), max_length=10, choices=Source.choices, default=Source.STAFF)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(_("diusulkan pada"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("diputuskan pada"), null=True, blank=True)
    reason = models.TextField(_("alasan"), blank=True)
    enrolment = models.OneToOneField(
        Enrolment, on_delete=models.SET_NULL, null=True, blank=True, related_name="proposal"
    )

    objects = ProposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("usulan peserta")
        verbose_name_plural = _("usulan peserta")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "employee"],
                name="proposal_one_per_person_per_session",
                violation_error_message=_("Pegawai ini sudah diusulkan pada angkatan ini."),
            ),
            models.CheckConstraint(
                condition=~models.Q(status="declined") | ~models.Q(reason=""),
                name="proposal_declined_with_reason",
                violation_error_message=_("Tuliskan alasan penolakan usulan."),
            ),
            models.CheckConstraint(
                condition=models.Q(status="proposed", decided_at__isnull=True)
                | (~models.Q(status="proposed") & models.Q(decided_at__isnull=False, decided_by__isnull=False)),
                name="proposal_decided_when_not_waiting",
            ),
        ]
        indexes = [
            # The quota count: a session's proposals per unit and status.
            models.Index(fields=["session", "unit", "status"], name="proposal_session_unit_idx"),
        ]

    def __str__(self):
        return f"{self.employee.name} — {self.session}"


class EnrolmentEvent(StatusEvent):
    """A row of a participant's status history."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=14, choices=Enrolment.Status.choices, blank=True)
    to_status = models.CharField(max_length=14, choices=Enrolment.Status.choices)
    reason = models.TextField(_("alasan"), blank=True)

    class Meta(StatusEvent.Meta):
        verbose_name = _("riwayat peserta")
        verbose_name_plural = _("riwayat peserta")

    @property
    def subject(self):
        return self.enrolment


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", _("Hadir")
        EXCUSED = "excused", _("Izin")
        ABSENT = "absent", _("Tidak hadir")

    class Method(models.TextChoices):
        ROSTER = "roster", _("Daftar hadir")
        QR = "qr", _("Pindai QR")

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attendances")
    day = models.ForeignKey(SessionDay, on_delete=models.CASCADE, related_name="attendances")
    status = models.CharField(_("kehadiran"), max_length=8, choices=Status.choices)
    method = models.CharField(max_length=8, choices=Method.choices, default=Method.ROSTER)
    marked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    marked_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("kehadiran")
        verbose_name_plural = _("kehadiran")
        constraints = [models.UniqueConstraint(fields=["enrolment", "day"], name="attendance_one_per_day")]

    def __str__(self):
        return f"{self.enrolment} {long_date(self.day.date)}: {self.status}"


class CheckinCode(models.Model):
    """The code behind a day's QR self check-in; valid only during that day's time window."""

    day = models.OneToOneField(SessionDay, on_delete=models.CASCADE, related_name="checkin")
    token = models.CharField(max_length=40, unique=True)

    class Meta:
        verbose_name = _("kode presensi QR")
        verbose_name_plural = _("kode presensi QR")

    def __str__(self):
        return f"{self.day}"


class CertificateSequence(models.Model):
    """The last certificate number issued in a year (locked while a number is taken)."""

    year = models.PositiveSmallIntegerField(unique=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("nomor urut sertifikat")
        verbose_name_plural = _("nomor urut sertifikat")

    def __str__(self):
        return f"{self.year}: {self.last}"


class Certificate(models.Model):
    """A certificate (sertifikat/STTPP) for a completed enrolment, verifiable by its public code."""

    enrolment = models.OneToOneField(Enrolment, on_delete=models.PROTECT, related_name="certificate")
    number = models.CharField(_("nomor"), max_length=100, unique=True)
    issued_on = models.DateField(_("tanggal terbit"))
    jp = models.DecimalField(_("JP"), max_digits=6, decimal_places=2)
    verification_code = models.CharField(_("kode verifikasi"), max_length=32, unique=True)
    signatory_name = models.CharField(_("penandatangan"), max_length=200)
    signatory_title = models.CharField(_("jabatan penandatangan"), max_length=200)
    signatory_nip = models.CharField(_("NIP penandatangan"), max_length=18, blank=True)
    # The rest of the signature block as it was at issue (a.n./Plt./Plh. lines, rank, place), so a
    # certificate printed again later still shows who signed it then.
    signatory_office_lines = models.JSONField(_("baris jabatan penandatangan"), default=list, blank=True)
    signatory_pangkat = models.CharField(_("pangkat penandatangan"), max_length=100, blank=True)
    signed_place = models.CharField(_("tempat penandatanganan"), max_length=100, blank=True)
    revoked = models.BooleanField(_("dicabut"), default=False)

    class Meta:
        verbose_name = _("sertifikat")
        verbose_name_plural = _("sertifikat")
        ordering = ["-issued_on", "-id"]

    def __str__(self):
        return self.number

    def get_absolute_url(self):
        return reverse("training:certificate_pdf", args=[self.pk])

    @property
    def signature(self):
        """The signature block as snapshotted at issue (older certificates: the title as one line)."""
        lines = self.signatory_office_lines or [f"{self.signatory_title},"]
        return SignatureBlock(
            office_lines=tuple(lines),
            name=self.signatory_name,
            pangkat=self.signatory_pangkat,
            nip=format_nip(self.signatory_nip),
            place=self.signed_place,
            date=self.issued_on,
        )


class LearningRecordQuerySet(models.QuerySet):
    """The JP ledger's figures: every sum of JP, every "below target" and every count of who reached
    their target goes through these methods (their own SQL is in training/ledger_sql.py)."""

    def for_user(self, user):
        return self.filter(access_for(user).employee_q("employee__"))

    def in_year(self, year):
        return self.filter(year=year)

    def jp_total(self):
        """The JP of these records (e.g. one person's in one year), 0 without any."""
        return self.order_by().aggregate(jp=Coalesce(Sum("jp"), Value(Decimal(0)), output_field=MONEY))["jp"]

    def jp_by_person(self):
        """{employee id: JP} over these records."""
        return dict(self.order_by().values_list("employee_id").annotate(total=Sum("jp")))

    def jp_by_year(self):
        """{year: JP} over these records."""
        return dict(self.order_by().values_list("year").annotate(total=Sum("jp")))

    def jp_by_month(self, year):
        """[JP of January, …, JP of December] of `year` over these records, by the month each ended."""
        totals = dict(
            self.filter(year=year)
            .order_by()
            .annotate(month=ExtractMonth("ends_on"))
            .values_list("month")
            .annotate(total=Sum("jp"))
        )
        return [totals.get(month, Decimal(0)) for month in range(1, 13)]

    def _per_person(self, year, people=None):
        ledger = self.filter(year=year)
        if people is not None:
            ledger = ledger.filter(employee__in=people.values("pk"))
        return ledger.order_by().values("employee_id").annotate(jp=Sum("jp"))

    def with_jp(self, people, year):
        """`people` annotated with jp (their JP in `year`), target and missing (never negative). JP is
        summed through a join restricted to the year, so filtering and sorting on it cost one grouped
        pass instead of a subquery per person for every place it appears."""
        this_year = FilteredRelation("learning_records", condition=Q(learning_records__year=year))
        return (
            people.annotate(this_year=this_year)
            .annotate(
                jp=Coalesce(Sum("this_year__jp"), Value(Decimal(0)), output_field=MONEY),
                target=target_for_status(),
            )
            .annotate(missing=Greatest(F("target") - F("jp"), Value(Decimal(0)), output_field=MONEY))
        )

    def per_unit(self, people, year, *, whole_agency=False):
        """[{unit__path, staff, compliant, missing_jp}] for `people`, in one query: the year's ledger
        summed per person, joined to the people with their unit and target, counted per unit. Summing
        the ledger before the join groups the narrow ledger rows instead of every employee with their
        columns (a correlated JP subquery per person was far slower on a province: the benchmark's
        compliance rows record it). With `whole_agency` the ledger is summed for everyone (the join
        keeps the active people), which spares a semi-join that only pays off for a smaller scope."""
        persons = people.order_by().values(person=F("pk"), person_unit=F("unit_id"), target=target_for_status())
        ledger = self._per_person(year, None if whole_agency else people)
        return ledger_sql.per_unit(persons, ledger, OrgUnit._meta.db_table)

    def below_target(self, people, year, *, total=None):
        """The people below their target in `year`, lowest JP first: a sequence to page or stream
        (`total`, when the caller already knows it, spares the count)."""
        return BelowTarget(self, people, year, total)

    def below_target_ids(self, people, year):
        """The same people as a subquery, for a filter: `people.filter(pk__in=...)`."""
        return ledger_sql.as_subquery(*ledger_sql.below_target(*self._below_target_parts(people, year)))

    def _below_target_parts(self, people, year):
        persons = people.order_by().values("name", person=F("pk"), target=target_for_status())
        return persons, self._per_person(year)

    def reached_per_month(self, people, year):
        """{month: how many of `people` reached their target in that month of `year`}."""
        rows = (
            self.filter(year=year, employee__in=people.values("pk"))
            .annotate(target=target_for_status("employee__"))
            .order_by()
            .values("employee_id", "ends_on", "jp", "target")
        )
        return ledger_sql.reached_on(rows)


class BelowTarget:
    """The people below their target, lowest JP first, as a sequence a Paginator can page through and
    an export can stream. Its length is given by the caller when known (the 20 JP page has it from the
    per-unit figures; no count query); a page is one query for its ids (the year's ledger summed once
    and joined to the people), then the page's people are loaded with their JP."""

    CHUNK = 2000

    def __init__(self, ledger, people, year, total=None):
        self.ledger, self.people, self.year, self.total = ledger, people, year, total

    def count(self):
        if self.total is None:
            self.total = self.people.filter(pk__in=self.ledger.below_target_ids(self.people, self.year)).count()
        return self.total

    def __len__(self):
        return self.count()

    def __getitem__(self, window):
        persons, ledger = self.ledger._below_target_parts(self.people, self.year)
        ids = ledger_sql.below_target_page(
            persons,
            ledger,
            offset=window.start or 0,
            limit=None if window.stop is None else window.stop - (window.start or 0),
        )
        return self._load(ids)

    def iterator(self, chunk_size=CHUNK):
        persons, ledger = self.ledger._below_target_parts(self.people, self.year)
        ids = ledger_sql.below_target_page(persons, ledger, offset=0, limit=None)
        for start in range(0, len(ids), chunk_size):
            yield from self._load(ids[start : start + chunk_size])

    def _load(self, ids):
        people = self.ledger.with_jp(Employee.objects.filter(pk__in=ids), self.year)
        found = people.select_related("unit", "position").in_bulk()
        return [found[pk] for pk in ids]


class ExternalClaimQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(access_for(user).employee_q("employee__"))

    def awaiting_verification_by(self, user):
        """Pending claims of staff in the units the user manages (verifying needs edit rights there),
        never their own."""
        access = access_for(user)
        return self.filter(
            access.unit_q("employee__unit__", editable=True), status=ExternalClaim.Status.PENDING
        ).exclude(employee_id=access.employee_id or 0)


class ExternalClaim(models.Model):
    """Learning outside the agency that an ASN asks to have counted; HR verifies it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Menunggu verifikasi")
        VERIFIED = "verified", _("Diverifikasi")
        REJECTED = "rejected", _("Ditolak")

    employee = models.ForeignKey("programs.Employee", on_delete=models.PROTECT, related_name="claims")
    development_form = models.ForeignKey(
        DevelopmentForm, on_delete=models.PROTECT, related_name="+", verbose_name=_("bentuk pengembangan")
    )
    title = models.CharField(_("nama kegiatan"), max_length=255)
    organiser = models.CharField(_("penyelenggara"), max_length=255)
    starts_on = models.DateField(_("mulai"))
    ends_on = models.DateField(_("selesai"))
    days = models.PositiveSmallIntegerField(_("jumlah hari"), default=1)
    sessions = models.PositiveSmallIntegerField(_("jumlah sesi"), default=1)
    program_jp = models.DecimalField(
        _("JP/jam pelajaran menurut sertifikat"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    is_international = models.BooleanField(_("internasional"), default=False)
    evidence = models.FileField(_("bukti (PDF/JPG/PNG)"), upload_to="claims/%Y/")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    jp_credited = models.DecimalField(_("JP diakui"), max_digits=6, decimal_places=2, null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(_("catatan verifikasi"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ExternalClaimQuerySet.as_manager()

    class Meta:
        verbose_name = _("klaim pembelajaran mandiri")
        verbose_name_plural = _("klaim pembelajaran mandiri")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")), name="claim_dates_in_order"),
            # The same activity claimed twice while the first waits (a resend, a double tap without
            # JavaScript, a script) is one claim.
            models.UniqueConstraint(
                fields=["employee", "development_form", "title", "starts_on", "ends_on"],
                condition=models.Q(status="pending"),
                name="claim_once_while_pending",
                violation_error_message=_("Klaim kegiatan ini sudah dikirim dan menunggu verifikasi."),
            ),
        ]

    def __str__(self):
        return f"{self.title} — {self.employee.name}"


class MentorshipQuerySet(models.QuerySet):
    def for_user(self, user):
        """Visible to whoever may see the mentee, and to the mentor."""
        access = access_for(user)
        return self.filter(access.employee_q("mentee__") | models.Q(mentor_id=access.employee_id or 0))


class Mentorship(models.Model):
    """An experienced ASN mentors or coaches another for a period, on a competency."""

    mentor = models.ForeignKey("programs.Employee", on_delete=models.PROTECT, related_name="mentorships_given")
    mentee = models.ForeignKey("programs.Employee", on_delete=models.PROTECT, related_name="mentorships_received")
    competency = models.ForeignKey(Competency, on_delete=models.PROTECT, related_name="+", verbose_name=_("kompetensi"))
    development_form = models.ForeignKey(
        DevelopmentForm,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("bentuk"),
        help_text=_("Mentoring, coaching, atau bimbingan di tempat kerja."),
    )
    starts_on = models.DateField(_("mulai"))
    ends_on = models.DateField(_("selesai"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = MentorshipQuerySet.as_manager()

    class Meta:
        verbose_name = _("mentoring/coaching")
        verbose_name_plural = _("mentoring/coaching")
        ordering = ["-starts_on", "id"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(mentor=models.F("mentee")), name="mentorship_not_self"),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="mentorship_dates_in_order"
            ),
        ]

    def __str__(self):
        return f"{self.mentor.name} → {self.mentee.name}: {self.competency.name}"


class MentoringLog(models.Model):
    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="logs")
    date = models.DateField(_("tanggal"))
    hours = models.DecimalField(_("jam pelajaran"), max_digits=5, decimal_places=2)
    notes = models.TextField(_("catatan"), blank=True)
    logged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("catatan sesi mentoring")
        verbose_name_plural = _("catatan sesi mentoring")
        ordering = ["date", "id"]

    def __str__(self):
        return f"{self.mentorship} {long_date(self.date)}"


class LearningRecord(models.Model):
    """The JP ledger: one row per credited learning activity. The 20 JP duty is summed from here."""

    class Source(models.TextChoices):
        ENROLMENT = "enrolment", _("Pelatihan")
        CLAIM = "claim", _("Klaim pembelajaran mandiri")
        MENTORING = "mentoring", _("Mentoring/coaching")

    employee = models.ForeignKey("programs.Employee", on_delete=models.PROTECT, related_name="learning_records")
    source = models.CharField(_("sumber"), max_length=10, choices=Source.choices)
    enrolment = models.OneToOneField(Enrolment, on_delete=models.CASCADE, null=True, blank=True, related_name="record")
    claim = models.OneToOneField(ExternalClaim, on_delete=models.CASCADE, null=True, blank=True, related_name="record")
    mentoring_log = models.OneToOneField(
        MentoringLog, on_delete=models.CASCADE, null=True, blank=True, related_name="record"
    )
    title = models.CharField(_("kegiatan"), max_length=255)
    development_form = models.ForeignKey(DevelopmentForm, on_delete=models.PROTECT, related_name="+")
    organiser = models.CharField(_("penyelenggara"), max_length=255, blank=True)
    starts_on = models.DateField(_("mulai"))
    ends_on = models.DateField(_("selesai"))
    year = models.PositiveSmallIntegerField(_("tahun"))
    jp = models.DecimalField(_("JP"), max_digits=6, decimal_places=2)
    certificate_number = models.CharField(_("nomor sertifikat"), max_length=100, blank=True)

    objects = LearningRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("catatan pembelajaran")
        verbose_name_plural = _("catatan pembelajaran")
        ordering = ["-ends_on", "-id"]
        constraints = [models.CheckConstraint(condition=models.Q(jp__gte=0), name="learningrecord_jp_not_negative")]
        indexes = [
            # The 20 JP duty sums an employee's JP per year.
            models.Index(fields=["employee", "year"], name="learningrecord_employee_year"),
            # The year's ledger per person in date order, read from the index alone: the
            # per-unit JP summary and the running totals of the monthly trend.
            models.Index(fields=["year", "employee", "ends_on", "jp"], name="learningrecord_year_person"),
        ]

    def __str__(self):
        return f"{self.employee.name}: {self.title} ({self.jp} JP)"
