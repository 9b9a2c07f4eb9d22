"""Logins for ASN: an employee gets a user named after their NIP and sets their own password
through the e-mailed link, so no password ever passes through HR staff."""

import datetime
import functools
import time
from urllib.parse import urlencode

from auditlog.models import LogEntry
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _

from .addresses import client_address


@transaction.atomic
def create_login(*, employee, request):
    """Create and link a login for `employee` and e-mail them the link to set a password."""
    User = get_user_model()
    if employee.user_id:
        raise ValidationError(_("Pegawai ini sudah memiliki akun login."))
    if not employee.email:
        raise ValidationError(
            _("Isi alamat e-mail pegawai terlebih dahulu; tautan pembuatan kata sandi dikirim ke sana.")
        )
    if User.objects.filter(username=employee.nip).exists():
        raise ValidationError(_("Sudah ada akun dengan nama pengguna %(nip)s.") % {"nip": employee.nip})
    user = User(username=employee.nip, email=employee.email, first_name=employee.full_name[:150])
    # A random password nobody knows: the reset link below is the only way in.
    user.set_password(get_random_string(40))
    user.save()
    employee.user = user
    employee.save(update_fields=["user", "updated_at"])
    form = PasswordResetForm({"email": employee.email})
    if form.is_valid():
        form.save(
            request=request,
            use_https=request.is_secure(),
            subject_template_name="registration/account_created_subject.txt",
            email_template_name="registration/account_created_email.html",
        )
    return user


# Granting power asks for the password again when it was last typed this long ago: a session left open,
# or a page of someone else's running in it (a hostile upload, a forged request), cannot grant a role.
PASSWORD_FRESH_SECONDS = 15 * 60
CONFIRMED_AT_KEY = "_bangkom_confirmed_at"  # when the password was last typed


def note_password_entry(sender=None, request=None, user=None, **kwargs):
    """At login (user_logged_in) and at each re-confirmation: the password was typed just now."""
    if request is not None and hasattr(request, "session"):
        request.session[CONFIRMED_AT_KEY] = int(time.time())


def password_is_recent(request):
    return time.time() - request.session.get(CONFIRMED_AT_KEY, 0) <= PASSWORD_FRESH_SECONDS


def ask_for_password(request):
    """Off to re-confirm the password, then back to this page (a POST's data is not carried: the
    page is shown again, so nothing is done on the strength of the stale session)."""
    messages.info(request, _("Untuk memberi atau mengubah hak akses, masukkan kata sandi Anda sekali lagi."))
    return redirect(f"{reverse('password_confirm')}?{urlencode({'next': request.get_full_path()})}")


def recent_password_required(view):
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not password_is_recent(request):
            return ask_for_password(request)
        return view(request, *args, **kwargs)

    return wrapped


# Password-reset mails: at most this many per account and requests per address in an hour (an attacker
# can otherwise fill someone's mailbox, or the mail server's quota). The page answers the same either way,
# so it still tells no one whether an address has an account. The requests are kept in the audit trail.
RESET_MAILS_PER_ACCOUNT = 3
RESET_REQUESTS_PER_ADDRESS = 10
RESET_WINDOW = datetime.timedelta(hours=1)


class ThrottledPasswordResetForm(PasswordResetForm):
    def save(self, *, request=None, **kwargs):
        self.address = client_address(request) if request is not None else None
        since = timezone.now() - RESET_WINDOW
        with transaction.atomic():
            # Counting and recording happen one request at a time, or a burst sent at once (several
            # workers answering together) reads the same counts and mails past the limits. Resets
            # are rare, so one lock for them all costs nothing: the user model's content-type row.
            ContentType.objects.select_for_update().filter(pk=_user_type().pk).first()
            requests = _reset_entries("requested").filter(remote_addr=self.address, timestamp__gte=since)
            too_many = requests.count() >= RESET_REQUESTS_PER_ADDRESS
            _record_reset("requested", address=self.address)
            self.allowed = [] if too_many else list(self._under_the_limit(self.cleaned_data["email"], since))
        # The mails go out after the lock is released.
        if self.allowed:
            super().save(request=request, **kwargs)

    def _under_the_limit(self, email, since):
        for user in super().get_users(email):
            if _reset_entries("sent").filter(object_pk=str(user.pk), timestamp__gte=since).count() < (
                RESET_MAILS_PER_ACCOUNT
            ):
                _record_reset("sent", address=self.address, user=user)
                yield user

    def get_users(self, email):
        return iter(self.allowed)


def _user_type():
    return ContentType.objects.get_for_model(get_user_model())


def _reset_entries(what):
    return LogEntry.objects.filter(
        action=LogEntry.Action.ACCESS,
        content_type=_user_type(),
        additional_data__password_reset=what,
    )


def _record_reset(what, *, address, user=None):
    LogEntry.objects.create(
        content_type=_user_type(),
        object_pk=str(user.pk) if user is not None else "",
        object_repr=str(user or "")[:200],
        action=LogEntry.Action.ACCESS,
        remote_addr=address,
        additional_data={"password_reset": what},
        changes={},
    )
