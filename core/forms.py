"""The forms of signing in: the login, the two-step code and the password typed again."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class TwoFactorCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Kode"),
        max_length=20,
        help_text=_("Enam angka dari aplikasi autentikator, atau salah satu kode cadangan."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True, "spellcheck": "false"}
        ),
    )

    def clean_code(self):
        # As typed from a phone or a printed sheet: "123 456", "ABCD EFGH" are the same codes.
        return "".join(self.cleaned_data["code"].split()).lower()


class PasswordConfirmForm(forms.Form):
    password = forms.CharField(
        label=_("Kata sandi Anda"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError(_("Kata sandi salah."))
        return password


class LoginForm(AuthenticationForm):
    # Django's Indonesian catalogue renders its own message as "Masukkan nama pengguna nama pengguna…".
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Nama pengguna atau kata sandi salah. Perhatikan huruf besar dan kecil."),
    }
