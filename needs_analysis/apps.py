from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NeedsAnalysisConfig(AppConfig):
    name = "needs_analysis"
    verbose_name = _("Analisis kebutuhan")

    def ready(self):
        from auditlog.registry import auditlog

        from . import sections  # noqa: F401 - registers the profile section
        from .models import Assessment, NeedsSurvey

        auditlog.register(NeedsSurvey)
        auditlog.register(Assessment)
