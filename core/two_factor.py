"""Optional two-step login: a TOTP authenticator app (Google Authenticator, FreeOTP, Aegis…) plus
one-time backup codes, with django-otp's devices, token checks and throttling.

Whether a session still owes its second step is decided once, at login, and kept in the session,
so an ordinary page costs no query for it (django-otp's own middleware would load the device on
every request). `TwoFactorMiddleware` holds a session that owes it on the verification page."""

from django.conf import settings
from django.db import transaction
from django_otp import devices_for_user, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .access import access_for

PENDING_KEY = "_bangkom_2fa_pending"  # logged in with the password, the code still owed
SETUP_KEY = "_bangkom_2fa_setup"  # the code is required of this account and not set up yet
BACKUP_CODE_COUNT = 10
DEVICE_NAME = "Aplikasi autentikator"
BACKUP_NAME = "Kode cadangan"


def is_enabled(user):
    return user_has_device(user, confirmed=True)


def is_required(user):
    """Admins and operators change other people's data: BANGKOM["TWO_FACTOR_REQUIRED"] makes the
    second step compulsory for them; for everyone else it stays a choice."""
    if not settings.BANGKOM["TWO_FACTOR_REQUIRED"]:
        return False
    access = access_for(user)
    return access.is_admin or access.is_operator


def start_login(sender, request, user, **kwargs):
    """At login (user_logged_in): a user with a confirmed device owes the code before any page."""
    if request is None or not hasattr(request, "session"):
        return
    if is_enabled(user):
        request.session[PENDING_KEY] = True
    elif is_required(user):
        request.session[SETUP_KEY] = True


def pending_device(user):
    """The unconfirmed authenticator being set up (a new secret if there is none yet)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


@transaction.atomic
def confirm_device(request, device, code):
    """Confirm the authenticator being set up with its first code; returns the backup codes (shown
    once) or None when the code is wrong. Any earlier authenticator is replaced."""
    if not device.verify_token(code):
        return None
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = new_backup_codes(device.user)
    mark_verified(request)
    return codes


@transaction.atomic
def new_backup_codes(user):
    """Replace the user's backup codes with BACKUP_CODE_COUNT fresh ones; each works once."""
    StaticDevice.objects.filter(user=user).delete()
    backup = StaticDevice.objects.create(user=user, name=BACKUP_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=backup, token=code) for code in codes)
    return codes


def backup_codes_left(user):
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def verify(request, code):
    """Check `code` against the user's authenticator, then their backup codes. Returns "ok",
    "wrong" or "wait" (too many wrong codes in a row: django-otp doubles the wait each time)."""
    with transaction.atomic():  # for_verify locks the devices: two tries at once are counted both
        devices = list(devices_for_user(request.user, confirmed=True, for_verify=True))
        if devices and not any(device.verify_is_allowed()[0] for device in devices):
            return "wait"
        for device in devices:
            if device.verify_token(code):
                mark_verified(request)
                return "ok"
    return "wrong"


def mark_verified(request):
    request.session.pop(PENDING_KEY, None)
    request.session.pop(SETUP_KEY, None)
    request.session.cycle_key()  # the verified session gets a new key, as a login does


@transaction.atomic
def disable(user):
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
