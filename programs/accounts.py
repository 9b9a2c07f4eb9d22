"""Logins for ASN: an employee gets a user named after their NIP and sets their own password
through the e-mailed link, so no password ever passes through HR staff."""

from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _


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
