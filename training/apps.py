from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = _("Pelatihan")

    def ready(self):
        from auditlog.registry import auditlog

        from . import sections  # noqa: F401 - registers the profile section
        from .models import Agreement, Certificate, Course, Enrolment, ExternalClaim, Provider, Session

        for model in (Provider, Agreement, Course, Session, Enrolment, Certificate, ExternalClaim):
            auditlog.register(model)
