"""The official documents of a session (naskah dinas): the texts the admin edits per kind, one number
register per kind, year and unit, and each document issued with its number, its revisions and every
copy of it signed electronically (one per revision), each with its file and hash."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import Exact
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from programs.models import DocumentKind, OrgUnit
from training.models import Session

# The kinds that belong to a session (the others — plans, reports, certificates — have their own pages).
SESSION_KINDS = [
    DocumentKind.INVITATION,
    DocumentKind.ASSIGNMENT,
    DocumentKind.INSTRUCTOR_ASSIGNMENT,
    DocumentKind.DECREE,
    DocumentKind.ATTENDANCE,
    DocumentKind.SESSION_REPORT,
]
SESSION_KIND_CHOICES = [(kind.value, kind.label) for kind in SESSION_KINDS]


class DocumentText(models.Model):
    """The editable words of one kind of document. Fields take placeholders such as `{program}` or
    `{tanggal_mulai}` (documents/texts.py lists them); one item a line, paragraphs apart by a blank line."""

    class Sifat(models.TextChoices):
        BIASA = "Biasa", _("Biasa")
        PENTING = "Penting", _("Penting")
        SEGERA = "Segera", _("Segera")

    kind = models.CharField(_("jenis naskah"), max_length=30, choices=SESSION_KIND_CHOICES, unique=True)
    classification = models.CharField(
        _("kode klasifikasi arsip"), max_length=30, help_text=_("Misalnya: 800.2 (pengembangan kompetensi).")
    )
    number_format = models.CharField(
        _("format nomor"),
        max_length=100,
        default="{klasifikasi}/{nomor}/{unit}/{tahun}",
        help_text=_("Bagian: {klasifikasi}, {nomor}, {unit}, {tahun}."),
    )
    sifat = models.CharField(_("sifat"), max_length=10, choices=Sifat.choices, default=Sifat.BIASA)
    subject = models.CharField(_("hal / tentang"), max_length=255)
    menimbang = models.TextField(_("menimbang"), blank=True, help_text=_("Satu butir per baris."))
    mengingat = models.TextField(_("mengingat / dasar"), blank=True, help_text=_("Satu butir per baris."))
    body = models.TextField(_("isi"), blank=True, help_text=_("Paragraf dipisahkan baris kosong."))
    closing = models.TextField(_("penutup"), blank=True)
    tembusan = models.TextField(_("tembusan"), blank=True, help_text=_("Satu penerima per baris."))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("teks naskah")
        verbose_name_plural = _("teks naskah")
        ordering = ["kind"]

    def __str__(self):
        return self.get_kind_display()


class Register(models.Model):
    """The last number taken in one register (a kind of document, a year, an issuing unit)."""

    kind = models.CharField(_("jenis naskah"), max_length=30, choices=DocumentKind.choices)
    year = models.PositiveSmallIntegerField(_("tahun"))
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    last_number = models.PositiveIntegerField(_("nomor terakhir"), default=0)

    class Meta:
        verbose_name = _("register naskah")
        verbose_name_plural = _("register naskah")
        constraints = [models.UniqueConstraint(fields=["kind", "year", "unit"], name="register_one_per_kind_year_unit")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.unit} {self.year}: {self.last_number}"


class IssuedDocumentQuerySet(models.QuerySet):
    def for_user(self, user):
        """The documents of the sessions the user runs: letters name people, so reading one is for the
        organising unit's operators and the admin, not for everyone who may read the schedule."""
        return self.filter(session__in=Session.objects.editable_by(user))


class IssuedDocument(models.Model):
    """A numbered document of a session. Regenerating it keeps its number and records a revision."""

    kind = models.CharField(_("jenis naskah"), max_length=30, choices=SESSION_KIND_CHOICES)
    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="documents", verbose_name=_("angkatan"))
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit penerbit"))
    year = models.PositiveSmallIntegerField(_("tahun"))
    sequence = models.PositiveIntegerField(_("nomor urut"))
    number = models.CharField(_("nomor"), max_length=100)
    issued_on = models.DateField(_("tanggal"))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    revision = models.PositiveSmallIntegerField(_("perubahan ke"), default=0)
    # Who is in it as last issued (employee or instructor ids): a change of participants is a revision.
    people = models.JSONField(default=list)
    # The signature block as issued (a later change of head does not rewrite a signed letter).
    signatory = models.JSONField(default=dict)
    verification_token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = IssuedDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("naskah terbit")
        verbose_name_plural = _("naskah terbit")
        ordering = ["session", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["session", "kind"], name="issueddocument_one_per_session_and_kind"),
            models.UniqueConstraint(
                fields=["kind", "year", "unit", "sequence"], name="issueddocument_number_once_per_register"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.number}"

    def get_absolute_url(self):
        return reverse("documents:document_detail", args=[self.pk])

    def current_copy(self):
        """The signed copy of the revision in force, or None (never signed, or changed since)."""
        return self.signed_copies.filter(revision=self.revision).first()


class Revision(models.Model):
    """One regeneration of an issued document: when, by whom and what changed."""

    document = models.ForeignKey(IssuedDocument, on_delete=models.CASCADE, related_name="revisions")
    revision = models.PositiveSmallIntegerField(_("perubahan ke"))
    changed_at = models.DateTimeField(auto_now_add=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(_("catatan perubahan"))

    class Meta:
        ordering = ["document", "revision"]
        constraints = [models.UniqueConstraint(fields=["document", "revision"], name="revision_once_per_document")]

    def __str__(self):
        return f"{self.document} ({self.revision})"


class SignedCopy(models.Model):
    """A copy of an issued document signed electronically: one per revision, kept when the document is
    revised, so a copy already sent out still verifies (as the revision it is). The signature block is
    the one printed on it."""

    class Level(models.TextChoices):
        BASIC = "b-b", _("PAdES B-B (tanpa cap waktu tepercaya)")
        TIMESTAMPED = "b-t", _("PAdES B-T (dengan cap waktu tepercaya)")

    document = models.ForeignKey(
        IssuedDocument, on_delete=models.PROTECT, related_name="signed_copies", verbose_name=_("naskah")
    )
    revision = models.PositiveSmallIntegerField(_("perubahan ke"))
    file = models.FileField(_("berkas"), upload_to="documents/%Y/")
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    signed_at = models.DateTimeField(_("ditandatangani pada"))
    signatory = models.JSONField(_("penanda tangan"), default=dict)
    level = models.CharField(_("tingkat tanda tangan"), max_length=3, choices=Level.choices, default=Level.BASIC)
    # The time the time-stamping authority vouches for (B-T only).
    timestamp_at = models.DateTimeField(_("cap waktu"), null=True, blank=True)

    class Meta:
        verbose_name = _("salinan bertanda tangan elektronik")
        verbose_name_plural = _("salinan bertanda tangan elektronik")
        ordering = ["document", "revision"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "revision"],
                name="signedcopy_once_per_revision",
                violation_error_message=_("Perubahan naskah ini sudah ditandatangani."),
            ),
            # Also the index of the public check: which copy of this document has the uploaded file's hash.
            models.UniqueConstraint(
                fields=["document", "sha256"],
                name="signedcopy_hash_once_per_document",
                violation_error_message=_("Salinan dengan berkas yang sama sudah tercatat."),
            ),
            models.CheckConstraint(
                condition=Exact(Length("sha256"), 64),
                name="signedcopy_sha256_whole",
                violation_error_message=_("SHA-256 harus 64 digit."),
            ),
            models.CheckConstraint(
                condition=models.Q(level="b-b", timestamp_at__isnull=True)
                | models.Q(level="b-t", timestamp_at__isnull=False),
                name="signedcopy_timestamp_with_level",
                violation_error_message=_("Cap waktu ada tepat pada tanda tangan bertingkat B-T."),
            ),
        ]

    def __str__(self):
        return f"{self.document} ({self.revision})"

    @property
    def is_timestamped(self):
        return self.level == self.Level.TIMESTAMPED
