from django import forms
from django.utils.translation import gettext_lazy as _

from .models import DocumentText
from .numbering import NUMBER_PARTS
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
            # The number has its own parts; the texts have the session's placeholders.
            known = NUMBER_PARTS if name == "number_format" else PLACEHOLDERS
            unknown = unknown_placeholders(cleaned.get(name), known)
            if unknown:
                self.add_error(
                    name,
                    _("Tidak dikenal: %(names)s. Yang tersedia: %(known)s.")
                    % {
                        "names": ", ".join(f"{{{p}}}" for p in unknown),
                        "known": ", ".join(f"{{{p}}}" for p in known),
                    },
                )
        if "{nomor}" not in (cleaned.get("number_format") or "{nomor}"):
            self.add_error("number_format", _("Format nomor harus memuat {nomor}."))
        return cleaned
