from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "evaluation"
    verbose_name = _("Evaluasi")

    def ready(self):
        from auditlog.registry import auditlog

        from . import sections  # noqa: F401 - registers the page sections
        from .models import Distribution, Question, Questionnaire

        # Responses and answers are deliberately not audited: an anonymous answer must leave no trace.
        for model in (Questionnaire, Question, Distribution):
            auditlog.register(model)
