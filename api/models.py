from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.access import access_for


class ApiTokenQuerySet(models.QuerySet):
    def for_user(self, user):
        """Tokens are the BKPSDM admin's business alone (issuing one hands out a user's scope)."""
        return self if access_for(user).is_admin else self.none()


class ApiToken(models.Model):
    """A key with which another system reads the API as one user, with that user's scope. Only the
    SHA-256 digest of the key is kept: the key itself is shown once, when it is issued."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("pengguna")
    )
    name = models.CharField(_("keperluan"), max_length=100, help_text=_("Misalnya: Dasbor provinsi, SIMPEG."))
    prefix = models.CharField(_("awalan"), max_length=12, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    expires_on = models.DateField(
        _("berlaku sampai"), null=True, blank=True, help_text=_("Kosongkan bila berlaku sampai dicabut.")
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("dibuat oleh")
    )
    last_used_at = models.DateTimeField(_("terakhir dipakai"), null=True, blank=True, editable=False)
    last_used_from = models.GenericIPAddressField(_("dipakai dari"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("dicabut"), null=True, blank=True, editable=False)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("dicabut oleh"),
    )

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("token API")
        verbose_name_plural = _("token API")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | Q(revoked_by__isnull=False),
                name="api_token_revoked_by_someone",
            ),
            models.CheckConstraint(condition=~Q(name=""), name="api_token_named"),
        ]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_expired(self):
        return self.expires_on is not None and self.expires_on < timezone.localdate()
