from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("API")

    def ready(self):
        from auditlog.registry import auditlog

        from . import schema  # noqa: F401 - registers the token's OpenAPI scheme
        from .models import ApiToken

        # Who issued and revoked which token is audited; the digest never is.
        auditlog.register(ApiToken, exclude_fields=["digest", "last_used_at", "last_used_from"])
