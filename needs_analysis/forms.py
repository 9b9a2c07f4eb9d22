from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from programs.forms import DateInput, GroupedUnitChoiceField, UnitChoiceField
from programs.models import Competency, DevelopmentForm, DevelopmentProgram, OrgUnit, Position

from .models import NeedsSurvey

LEVEL_CHOICES = [(level, str(level)) for level in range(1, 6)]


class UnitMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, unit):
        return "\u2003" * (unit.depth - 1) + unit.name


class NeedsSurveyForm(forms.ModelForm):
    owner_unit = UnitChoiceField(queryset=OrgUnit.objects.none(), label=_("Unit penyelenggara"))
    target_units = UnitMultipleChoiceField(
        queryset=OrgUnit.objects.none(),
        required=False,
        label=_("Unit sasaran"),
        help_text=_("Setiap unit termasuk seluruh sub-unitnya. Kosongkan untuk seluruh unit penyelenggara."),
        widget=forms.SelectMultiple(attrs={"size": 10}),
    )

    class Meta:
        model = NeedsSurvey
        fields = [
            "year",
            "title",
            "instructions",
            "opens_on",
            "closes_on",
            "owner_unit",
            "target_units",
            "target_positions",
            "covers_manajerial",
            "covers_sosial_kultural",
            "covers_teknis",
            "ask_preferred_forms",
            "ask_preferred_time",
            "ask_free_text",
        ]
        widgets = {
            "opens_on": DateInput(),
            "closes_on": DateInput(),
            "instructions": forms.Textarea(attrs={"rows": 3}),
            "target_positions": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        units = OrgUnit.objects.editable_by(user)
        self.fields["owner_unit"].queryset = units
        self.fields["target_units"].queryset = units
        self.fields["target_positions"].queryset = Position.objects.order_by("name")
        if self.instance.pk and self.instance.status != NeedsSurvey.Status.DRAFT:
            # Who is asked and about what is fixed once assessments exist.
            for name in (
                "owner_unit",
                "target_units",
                "target_positions",
                "covers_manajerial",
                "covers_sosial_kultural",
                "covers_teknis",
            ):
                self.fields[name].disabled = True
        self.helper = FormHelper()
        self.helper.attrs = {"data-once": ""}
        self.helper.layout = Layout(
            Row(Column("year", css_class="col-sm-3"), Column("title", css_class="col-sm-9")),
            "instructions",
            Row(Column("opens_on", css_class="col-sm-6"), Column("closes_on", css_class="col-sm-6")),
            Fieldset(_("Sasaran"), "owner_unit", "target_units", "target_positions"),
            Fieldset(_("Kompetensi yang dinilai"), "covers_manajerial", "covers_sosial_kultural", "covers_teknis"),
            Fieldset(_("Pertanyaan tambahan"), "ask_preferred_forms", "ask_preferred_time", "ask_free_text"),
        )
        self.helper.add_input(Submit("submit", _("Simpan")))

    def clean(self):
        cleaned = super().clean()
        opens, closes = cleaned.get("opens_on"), cleaned.get("closes_on")
        if opens and closes and closes < opens:
            self.add_error("closes_on", _("Tanggal tutup tidak boleh sebelum tanggal buka."))
        if not any(cleaned.get(name) for name in ("covers_manajerial", "covers_sosial_kultural", "covers_teknis")):
            raise forms.ValidationError(_("Pilih paling sedikit satu jenis kompetensi."))
        return cleaned


class SelfAssessmentForm(forms.Form):
    """One radio group and one comment per competency, plus the campaign's extra questions."""

    def __init__(self, *args, assessment, items, **kwargs):
        super().__init__(*args, **kwargs)
        survey = assessment.survey
        self.items = items
        for item in items:
            self.fields[f"level_{item.competency_id}"] = forms.TypedChoiceField(
                label=item.competency.name,
                choices=LEVEL_CHOICES,
                coerce=int,
                required=False,
                widget=forms.RadioSelect,
                initial=item.self_level,
            )
            self.fields[f"comment_{item.competency_id}"] = forms.CharField(
                label=_("Komentar (opsional)"),
                required=False,
                initial=item.self_comment,
                widget=forms.Textarea(attrs={"rows": 2}),
                max_length=2000,
            )
        if survey.ask_preferred_forms:
            self.fields["preferred_forms"] = forms.ModelMultipleChoiceField(
                label=_("Bentuk pengembangan yang Anda minati"),
                required=False,
                queryset=DevelopmentForm.objects.filter(is_active=True),
                # Bootstrap's class keeps each box beside its label on a phone instead of above it.
                widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
                initial=list(assessment.preferred_forms.all()) if assessment.pk else [],
            )
        if survey.ask_preferred_time:
            self.fields["preferred_time"] = forms.ChoiceField(
                label=_("Waktu yang Anda minati"),
                required=False,
                initial=assessment.preferred_time,
                choices=[("", "—")] + list(NeedsSurvey.PreferredTime.choices),
            )
        if survey.ask_free_text:
            self.fields["training_wish"] = forms.CharField(
                label=_("Pelatihan apa yang Anda butuhkan untuk pekerjaan Anda?"),
                required=False,
                initial=assessment.training_wish,
                widget=forms.Textarea(attrs={"rows": 3}),
                max_length=4000,
            )

    def rows(self):
        """(item, level field, comment field) for the template."""
        return [
            (item, self[f"level_{item.competency_id}"], self[f"comment_{item.competency_id}"]) for item in self.items
        ]

    def answers(self):
        data = self.cleaned_data
        levels = {item.competency_id: data.get(f"level_{item.competency_id}") for item in self.items}
        comments = {item.competency_id: data.get(f"comment_{item.competency_id}", "") for item in self.items}
        return {
            "levels": {key: value for key, value in levels.items() if value not in (None, "")},
            "comments": comments,
            "preferred_forms": data.get("preferred_forms") if "preferred_forms" in self.fields else None,
            "preferred_time": data.get("preferred_time", ""),
            "training_wish": data.get("training_wish", ""),
        }


class ValidationForm(forms.Form):
    """The supervisor's levels and notes; sent with "Validasi" they become the validated levels, sent
    with "Kembalikan untuk diperbaiki" (`returning`) the notes go back to the ASN, and then the
    note for the ASN is required."""

    note = forms.CharField(
        label=_("Catatan untuk pegawai"),
        help_text=_("Wajib bila penilaian dikembalikan untuk diperbaiki."),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, items, returning=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        self.returning = returning
        for item in items:
            self.fields[f"level_{item.competency_id}"] = forms.TypedChoiceField(
                label=item.competency.name,
                choices=LEVEL_CHOICES,
                coerce=int,
                initial=item.supervisor_level or item.self_level,
            )
            self.fields[f"note_{item.competency_id}"] = forms.CharField(
                label=_("Catatan"),
                required=False,
                max_length=2000,
                initial=item.supervisor_note,
            )

    def clean_note(self):
        note = self.cleaned_data.get("note", "").strip()
        if self.returning and not note:
            raise forms.ValidationError(_("Tulis catatan untuk pegawai: apa yang perlu diperbaiki."))
        return note

    def rows(self):
        return [(item, self[f"level_{item.competency_id}"], self[f"note_{item.competency_id}"]) for item in self.items]

    def answers(self):
        data = self.cleaned_data
        return {
            "levels": {item.competency_id: data[f"level_{item.competency_id}"] for item in self.items},
            "notes": {item.competency_id: data.get(f"note_{item.competency_id}", "") for item in self.items},
            "note": data.get("note", ""),
        }


class RecapFilterForm(forms.Form):
    unit = GroupedUnitChoiceField(
        queryset=OrgUnit.objects.none(),
        required=False,
        label=_("Unit (termasuk sub-unit)"),
        empty_label=_("Semua unit"),
    )
    type = forms.ChoiceField(
        label=_("Jenis kompetensi"), required=False, choices=[("", _("Semua jenis"))] + list(Competency.Type.choices)
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = OrgUnit.objects.for_user(user)
        self.fields["unit"].help_text = _("Dikelompokkan per perangkat daerah atau kecamatan.")


class NeedToPlanForm(forms.Form):
    """Turn a priority need into a plan item; everything is prefilled and editable."""

    program = forms.ModelChoiceField(queryset=DevelopmentProgram.objects.none(), label=_("Rencana"))
    title = forms.CharField(label=_("Nama kegiatan"), max_length=255)
    development_form = forms.ModelChoiceField(
        queryset=DevelopmentForm.objects.filter(is_active=True), label=_("Bentuk dan jalur pengembangan")
    )
    planned_participants = forms.IntegerField(label=_("Rencana jumlah peserta"), min_value=0)
    planned_jp = forms.IntegerField(label=_("Rencana JP per peserta"), min_value=0, max_value=1000)
    quarter = forms.TypedChoiceField(
        label=_("Jadwal (triwulan)"),
        coerce=int,
        required=False,
        empty_value=None,
        choices=[("", "—"), (1, _("Triwulan I")), (2, _("Triwulan II")), (3, _("Triwulan III")), (4, _("Triwulan IV"))],
    )
    provider = forms.CharField(label=_("Penyelenggara"), max_length=255, required=False)
    budget = forms.DecimalField(label=_("Anggaran (Rp)"), min_value=0, max_digits=15, decimal_places=0, initial=0)

    def __init__(self, *args, programs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = programs
        self.helper = FormHelper()
        self.helper.attrs = {"data-once": ""}
        self.helper.add_input(Submit("submit", _("Buat butir rencana")))
