from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Platform")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from . import accounts, audit, checks, two_factor  # noqa: F401 - checks registers itself
        from .middleware import start_session_clock

        audit.register_accounts()
        # Login is Django's view: the session's clock starts with it, in the session login saves.
        user_logged_in.connect(start_session_clock, dispatch_uid="bangkom_session_clock")
        # ...and whether it still owes the second step of a two-step login.
        user_logged_in.connect(two_factor.start_login, dispatch_uid="bangkom_two_factor")
        # ...and when its password was last typed (granting roles asks again after a while).
        user_logged_in.connect(accounts.note_password_entry, dispatch_uid="bangkom_password_entry")
