from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = _("Naskah dinas")

    def ready(self):
        from auditlog.registry import auditlog

        from . import sections  # noqa: F401 - registers the session page's section
        from .models import DocumentText, IssuedDocument

        auditlog.register(DocumentText)
        auditlog.register(IssuedDocument)
