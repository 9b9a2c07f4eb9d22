from django import forms
from django.contrib.auth import get_user_model
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.access import access_for
from core.picker import PickerInput

from .models import ApiToken


class TokenForm(forms.ModelForm):
    username = forms.CharField(
        label=_("Nama pengguna"),
        max_length=150,
        help_text=_(
            "Token membaca API sebagai pengguna ini, dengan cakupan perannya (mis. operator satu OPD). "
            "Ketik nama pengguna, atau sebagian nama lalu pilih dari daftar."
        ),
        widget=PickerInput(
            reverse_lazy("api:token_owner_search"),
            hint=_("Ketik sedikitnya {min} huruf nama pengguna, nama, atau NIP."),
        ),
    )

    class Meta:
        model = ApiToken
        fields = ["username", "name", "expires_on"]
        widgets = {"expires_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise forms.ValidationError(_("Tidak ada pengguna aktif dengan nama pengguna itu."))
        if not access_for(user).has_role:
            raise forms.ValidationError(
                _("Pengguna ini belum punya peran; token tanpa peran tidak dapat membaca apa pun.")
            )
        self.user = user
        return username

    def clean_expires_on(self):
        expires_on = self.cleaned_data["expires_on"]
        if expires_on is not None and expires_on < timezone.localdate():
            raise forms.ValidationError(_("Tanggal berlaku sudah lewat."))
        return expires_on
