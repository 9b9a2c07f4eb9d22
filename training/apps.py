from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = _("Pelatihan")

    def ready(self):
        from auditlog.registry import auditlog

        from .models import Agreement, Course, Provider, Session

        for model in (Provider, Agreement, Course, Session):
            auditlog.register(model)
