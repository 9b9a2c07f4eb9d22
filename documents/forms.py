from django import forms
from django.utils.translation import gettext_lazy as _

from .models import DocumentText
from .texts import PLACEHOLDERS, unknown_placeholders


class DocumentTextForm(forms.ModelForm):
    class Meta:
        model = DocumentText
        fields = [
            "classification",
            "number_format",
            "sifat",
            "subject",
            "menimbang",
            "mengingat",
            "body",
            "closing",
            "tembusan",
        ]
        widgets = {name: forms.Textarea(attrs={"rows": 5}) for name in ("menimbang", "mengingat", "body", "tembusan")}
        widgets["closing"] = forms.Textarea(attrs={"rows": 2})

    def clean(self):
        cleaned = super().clean()
        for name in self.Meta.fields:
            if name == "number_format":
                unknown = [p for p in unknown_placeholders(cleaned.get(name)) if p not in NUMBER_PARTS]
            else:
                unknown = unknown_placeholders(cleaned.get(name))
            if unknown:
                self.add_error(
                    name,
                    _("Tidak dikenal: %(names)s. Yang tersedia: %(known)s.")
                    % {
                        "names": ", ".join(f"{{{p}}}" for p in unknown),
                        "known": ", ".join(
                            f"{{{p}}}" for p in (NUMBER_PARTS if name == "number_format" else PLACEHOLDERS)
                        ),
                    },
                )
        if "{nomor}" not in (cleaned.get("number_format") or "{nomor}"):
            self.add_error("number_format", _("Format nomor harus memuat {nomor}."))
        return cleaned


NUMBER_PARTS = ("klasifikasi", "nomor", "unit", "tahun")
