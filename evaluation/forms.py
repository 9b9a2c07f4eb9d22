from django import forms
from django.utils.translation import gettext_lazy as _

from programs.forms import DateInput, accept_spreadsheet, form_helper

from .models import (
    UNSUR,
    UNSUR_FIELDS,
    CommunityInput,
    Distribution,
    Question,
    Questionnaire,
    Section,
    ServiceResponse,
    ServiceSurvey,
)


class QuestionnaireForm(forms.ModelForm):
    class Meta:
        model = Questionnaire
        fields = ["title", "kind", "description", "is_active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper()


class SectionForm(forms.ModelForm):
    class Meta:
        model = Section
        fields = ["title"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(_("Tambah bagian"))


class QuestionForm(forms.ModelForm):
    choices_text = forms.CharField(
        label=_("Pilihan (satu per baris)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Untuk skala: label tiap angka, dari terendah; kosongkan untuk label baku."),
    )
    correct_text = forms.CharField(
        label=_("Kunci jawaban (nomor pilihan, mulai 1; pisahkan dengan koma)"),
        required=False,
    )

    class Meta:
        model = Question
        fields = ["section", "text", "type", "required", "points"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, questionnaire, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = questionnaire.sections.all()
        if self.instance.pk:
            self.fields["choices_text"].initial = "\n".join(self.instance.choices)
            self.fields["correct_text"].initial = ", ".join(str(i + 1) for i in self.instance.correct_choices)
        self.helper = form_helper(_("Simpan pertanyaan"))

    def clean(self):
        cleaned = super().clean()
        choices = [line.strip() for line in cleaned.get("choices_text", "").splitlines() if line.strip()]
        kind = cleaned.get("type")
        if kind in (Question.Type.SINGLE, Question.Type.MULTIPLE) and len(choices) < 2:
            self.add_error("choices_text", _("Isi paling sedikit dua pilihan."))
        scale = Question.SCALES.get(kind)
        if scale and choices and len(choices) != scale:
            self.add_error("choices_text", _("Skala ini memerlukan tepat %(n)d label.") % {"n": scale})
        correct = []
        for part in cleaned.get("correct_text", "").replace(";", ",").split(","):
            part = part.strip()
            if not part:
                continue
            if not part.isdigit() or not 1 <= int(part) <= len(choices):
                self.add_error("correct_text", _("Nomor kunci jawaban harus antara 1 dan jumlah pilihan."))
                break
            correct.append(int(part) - 1)
        self.instance.choices = choices
        self.instance.correct_choices = correct
        return cleaned


class DistributionForm(forms.Form):
    purpose = forms.ChoiceField(label=_("Tujuan"), choices=Distribution.Purpose.choices)
    questionnaire = forms.ModelChoiceField(label=_("Kuesioner"), queryset=Questionnaire.objects.filter(is_active=True))
    is_anonymous = forms.BooleanField(
        label=_("Anonim"),
        required=False,
        help_text=_("Disarankan untuk evaluasi penyelenggaraan. Tes tidak dapat anonim."),
    )
    months = forms.IntegerField(
        label=_("Tindak lanjut: bulan setelah pelatihan"), min_value=1, max_value=24, initial=3, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(_("Lampirkan"))

    def clean(self):
        cleaned = super().clean()
        questionnaire = cleaned.get("questionnaire")
        if cleaned.get("is_anonymous") and cleaned.get("purpose") in ("pre_test", "post_test"):
            self.add_error("is_anonymous", _("Pre-test dan post-test tidak dapat anonim karena nilainya per peserta."))
        if questionnaire and cleaned.get("purpose") in ("pre_test", "post_test") and questionnaire.kind != "test":
            self.add_error("questionnaire", _("Pilih kuesioner berjenis tes untuk pre-test dan post-test."))
        return cleaned


class ServiceSurveyForm(forms.ModelForm):
    service_types_text = forms.CharField(
        label=_("Jenis layanan (satu per baris)"), widget=forms.Textarea(attrs={"rows": 4})
    )

    class Meta:
        model = ServiceSurvey
        fields = ["unit", "title", "starts_on", "ends_on", "population"]
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        from programs.models import OrgUnit

        self.fields["unit"].queryset = OrgUnit.objects.editable_by(user).filter(is_service_unit=True)
        if self.instance.pk:
            self.fields["service_types_text"].initial = "\n".join(self.instance.service_types)
        self.helper = form_helper()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("starts_on") and cleaned.get("ends_on") and cleaned["ends_on"] < cleaned["starts_on"]:
            self.add_error("ends_on", _("Periode selesai tidak boleh sebelum periode mulai."))
        self.instance.service_types = [
            line.strip() for line in cleaned.get("service_types_text", "").splitlines() if line.strip()
        ]
        return cleaned


SCORE_CHOICES = [(1, "1"), (2, "2"), (3, "3"), (4, "4")]


class PublicSkmForm(forms.Form):
    """The citizen's form: the nine unsur with their own labels, the profile and a suggestion."""

    website = forms.CharField(required=False, widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}))
    gender = forms.ChoiceField(
        label=_("Jenis kelamin"), choices=ServiceResponse.Gender.choices, widget=forms.RadioSelect
    )
    age = forms.IntegerField(label=_("Usia"), min_value=10, max_value=110)
    education = forms.ChoiceField(label=_("Pendidikan terakhir"), choices=ServiceResponse.Education.choices)
    occupation = forms.ChoiceField(label=_("Pekerjaan"), choices=ServiceResponse.Occupation.choices)
    service_type = forms.ChoiceField(label=_("Jenis layanan yang diterima"), choices=[])
    suggestion = forms.CharField(
        label=_("Saran dan masukan (opsional)"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, survey, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service_type"].choices = [(name, name) for name in survey.service_types] or [("", "—")]
        for number, name, labels in UNSUR:
            self.fields[f"u{number}"] = forms.TypedChoiceField(
                label=name,
                coerce=int,
                widget=forms.RadioSelect,
                choices=[(score, label) for score, label in zip(range(1, 5), labels, strict=True)],
            )

    def unsur_fields(self):
        return [self[f"u{number}"] for number, _name, _labels in UNSUR]

    def response_values(self):
        data = self.cleaned_data
        return {name: data[name] for name in UNSUR_FIELDS} | {
            key: data[key] for key in ("gender", "age", "education", "occupation", "service_type", "suggestion")
        }


class CommunityInputForm(forms.ModelForm):
    class Meta:
        model = CommunityInput
        fields = ["unit", "date", "channel", "summary", "expectation", "follow_up", "status", "competencies"]
        widgets = {
            "date": DateInput(),
            "summary": forms.Textarea(attrs={"rows": 3}),
            "expectation": forms.Textarea(attrs={"rows": 2}),
            "follow_up": forms.Textarea(attrs={"rows": 2}),
            "competencies": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        from programs.models import OrgUnit

        self.fields["unit"].queryset = OrgUnit.objects.editable_by(user)
        self.helper = form_helper()


class SkmImportForm(forms.Form):
    file = forms.FileField(
        label=_("Berkas kuesioner kertas (.xlsx)"), widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(_("Impor"))

    def clean_file(self):
        return accept_spreadsheet(self.cleaned_data["file"])
