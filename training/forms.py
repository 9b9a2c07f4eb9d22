from crispy_forms.layout import Column, Fieldset, Layout, Row
from django import forms
from django.db.models import Max, Q
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from core import uploads
from core.formats import long_date
from core.picker import PickerInput
from programs.forms import DateInput, UnitChoiceField, form_helper
from programs.models import Competency, DevelopmentForm, DevelopmentProgram, OrgUnit, PlanItem, Position

from .models import (
    AGREEMENT_WARNING_DAYS,
    Agreement,
    Course,
    CourseCompetency,
    ExternalClaim,
    Instructor,
    LearningRecord,
    Mentorship,
    Provider,
    Session,
    SessionDay,
)


class ProviderForm(forms.ModelForm):
    class Meta:
        model = Provider
        fields = ["name", "kind", "unit", "contact_person", "phone", "email", "address", "website", "is_active"]
        widgets = {"address": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper()


class AgreementForm(forms.ModelForm):
    class Meta:
        model = Agreement
        fields = ["kind", "number", "subject", "starts_on", "ends_on"]
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("starts_on") and cleaned.get("ends_on") and cleaned["ends_on"] < cleaned["starts_on"]:
            self.add_error("ends_on", _("Tanggal berakhir tidak boleh sebelum tanggal mulai."))
        return cleaned


class CourseForm(forms.ModelForm):
    target_position_kinds = forms.MultipleChoiceField(
        label=_("Jenis jabatan sasaran"),
        choices=Position.Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Course
        fields = [
            "code",
            "title",
            "description",
            "development_form",
            "jp",
            "target_position_kinds",
            "default_provider",
            "prerequisites",
            "is_active",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4}), "prerequisites": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["development_form"].queryset = DevelopmentForm.objects.filter(is_active=True)
        self.fields["default_provider"].queryset = Provider.objects.filter(is_active=True)
        self.helper = form_helper(form_tag=False)


class CourseCompetencyForm(forms.ModelForm):
    class Meta:
        model = CourseCompetency
        fields = ["competency", "target_level"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competency"].queryset = Competency.objects.filter(is_active=True)
        self.fields["target_level"].widget = forms.Select(choices=[(i, i) for i in range(1, 6)])


CourseCompetencyFormSet = forms.inlineformset_factory(
    Course, CourseCompetency, form=CourseCompetencyForm, extra=2, can_delete=True
)


def provider_with_agreement(provider):
    """A provider as the session form offers it: named with its agreement's end when that is past or
    near, so a scheduler sees it before choosing (annotated `agreement_ends_on`)."""
    ends = provider.agreement_ends_on
    today = timezone.localdate()
    if ends is None or (ends - today).days > AGREEMENT_WARNING_DAYS:
        return provider.name
    values = {"name": provider.name, "date": long_date(ends)}
    if ends < today:
        return _("%(name)s — perjanjian kerja sama berakhir %(date)s") % values
    return _("%(name)s — perjanjian kerja sama segera berakhir %(date)s") % values


class SessionForm(forms.ModelForm):
    organiser_unit = UnitChoiceField(queryset=OrgUnit.objects.none(), label=_("Unit pengusul"))
    jp = forms.DecimalField(
        label=_("JP yang diakui"),
        required=False,
        min_value=0,
        max_digits=6,
        decimal_places=2,
        help_text=_("Kosongkan untuk menghitung dari aturan bentuk pengembangan."),
    )
    repeat = forms.ChoiceField(
        label=_("Ulangi"),
        required=False,
        choices=[("", _("Tidak diulang")), ("week", _("Setiap minggu")), ("month", _("Setiap bulan"))],
    )
    repeat_times = forms.IntegerField(label=_("Berapa kali lagi"), required=False, min_value=1, max_value=24)

    class Meta:
        model = Session
        fields = [
            "course",
            "name",
            "provider",
            "organiser_unit",
            "mode",
            "venue",
            "meeting_link",
            "capacity",
            "registration_opens_on",
            "registration_closes_on",
            "instructors",
            "cost",
            "plan_item",
            "is_international",
            "jp",
        ]
        widgets = {
            "registration_opens_on": DateInput(),
            "registration_closes_on": DateInput(),
            "instructors": forms.SelectMultiple(attrs={"size": 5}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organiser_unit"].queryset = OrgUnit.objects.editable_by(user)
        self.fields["course"].queryset = Course.objects.filter(is_active=True).select_related("development_form")
        self.fields["provider"].queryset = Provider.objects.filter(is_active=True).annotate(
            agreement_ends_on=Max("agreements__ends_on")
        )
        self.fields["provider"].label_from_instance = provider_with_agreement
        self.fields["instructors"].queryset = Instructor.objects.filter(is_active=True)
        self.fields["capacity"].min_value = 1
        self.fields["capacity"].widget.attrs["min"] = 1
        self.fields["plan_item"].queryset = (
            PlanItem.objects.filter(program__in=DevelopmentProgram.objects.for_user(user))
            .select_related("program")
            .order_by("-program__year", "title")
        )
        if self.instance.pk:
            del self.fields["repeat"], self.fields["repeat_times"]
        self.helper = form_helper(form_tag=False)
        self.helper.layout = Layout(
            Row(Column("course", css_class="col-md-8"), Column("name", css_class="col-md-4")),
            Row(Column("provider", css_class="col-md-6"), Column("organiser_unit", css_class="col-md-6")),
            Row(
                Column("mode", css_class="col-md-4"),
                Column("venue", css_class="col-md-4"),
                Column("meeting_link", css_class="col-md-4"),
            ),
            Row(
                Column("capacity", css_class="col-md-4"),
                Column("registration_opens_on", css_class="col-md-4"),
                Column("registration_closes_on", css_class="col-md-4"),
            ),
            "instructors",
            Row(
                Column("cost", css_class="col-md-4"),
                Column("jp", css_class="col-md-4"),
                Column("is_international", css_class="col-md-4"),
            ),
            "plan_item",
            *(
                [
                    Fieldset(
                        _("Angkatan berulang"),
                        Row(Column("repeat", css_class="col-md-6"), Column("repeat_times", css_class="col-md-6")),
                    )
                ]
                if "repeat" in self.fields
                else []
            ),
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("repeat") and not cleaned.get("repeat_times"):
            self.add_error("repeat_times", _("Isi berapa kali angkatan diulang."))
        if cleaned.get("mode") in (Session.Mode.IN_PERSON, Session.Mode.BLENDED) and not cleaned.get("venue"):
            self.add_error("venue", _("Isi tempat untuk kegiatan tatap muka."))
        if cleaned.get("mode") in (Session.Mode.ONLINE, Session.Mode.BLENDED) and not cleaned.get("meeting_link"):
            self.add_error("meeting_link", _("Isi tautan untuk kegiatan daring."))
        return cleaned


class SessionDayForm(forms.ModelForm):
    class Meta:
        model = SessionDay
        fields = ["date", "starts_at", "ends_at"]
        widgets = {
            "date": DateInput(),
            "starts_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "ends_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("starts_at") and cleaned.get("ends_at") and cleaned["ends_at"] <= cleaned["starts_at"]:
            self.add_error("ends_at", _("Jam selesai harus setelah jam mulai."))
        return cleaned


class BaseSessionDayFormSet(forms.BaseFormSet):
    def clean(self):
        dates = [
            form.cleaned_data["date"]
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        if len(dates) != len(set(dates)):
            raise forms.ValidationError(_("Setiap tanggal hanya boleh muncul sekali."))
        if not dates:
            raise forms.ValidationError(_("Isi paling sedikit satu hari pelaksanaan."))

    def days(self):
        return sorted(
            (
                {
                    "date": f.cleaned_data["date"],
                    "starts_at": f.cleaned_data["starts_at"],
                    "ends_at": f.cleaned_data["ends_at"],
                }
                for f in self.forms
                if f.cleaned_data and not f.cleaned_data.get("DELETE")
            ),
            key=lambda day: day["date"],
        )


SessionDayFormSet = forms.formset_factory(SessionDayForm, formset=BaseSessionDayFormSet, extra=5, can_delete=True)


class InstructorForm(forms.ModelForm):
    class Meta:
        model = Instructor
        fields = ["name", "institution", "email", "phone", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper()


class NominationFilterForm(forms.Form):
    unit = UnitChoiceField(
        label=_("Unit (termasuk sub-unit)"),
        required=False,
        queryset=OrgUnit.objects.none(),
        empty_label=_("Semua unit"),
    )
    position_kind = forms.ChoiceField(
        label=_("Jenis jabatan"), required=False, choices=[("", _("Semua jenis"))] + list(Position.Kind.choices)
    )
    below_target = forms.BooleanField(label=_("Hanya yang JP-nya belum mencapai target"), required=False)
    plan_targets = forms.BooleanField(label=_("Hanya sasaran butir rencana angkatan ini"), required=False)
    q = forms.CharField(label=_("Nama atau NIP"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = OrgUnit.objects.for_user(user)

    def filter(self, people, *, session, year):
        if not self.is_valid():
            return people
        data = self.cleaned_data
        if data["unit"]:
            people = people.filter(unit__path__startswith=data["unit"].path)
        if data["position_kind"]:
            people = people.filter(position__kind=data["position_kind"])
        if data["q"]:
            people = people.filter(Q(name__icontains=data["q"]) | Q(nip__startswith=data["q"].replace(" ", "")))
        if data["plan_targets"] and session.plan_item_id:
            targets = Q()
            for unit in session.plan_item.target_units.all():
                targets |= Q(unit__path__startswith=unit.path)
            positions = list(session.plan_item.target_positions.values_list("pk", flat=True))
            if positions:
                targets |= Q(position_id__in=positions)
            people = people.filter(targets) if targets else people
        if data["below_target"]:
            people = people.filter(pk__in=LearningRecord.objects.below_target_ids(people, year))
        return people


class NominationPickForm(forms.Form):
    """The people field of the nomination form: besides the ticked candidates of the list, anyone
    active in the user's scope, picked by name (each pick is ticked under the field) or typed by NIP.
    Only drawn: the view reads every posted `nip`."""

    nip = forms.CharField(
        label=_("Tambah pegawai dengan nama atau NIP"),
        required=False,
        help_text=_("Ketik NIP, atau sebagian nama lalu pilih dari daftar; boleh beberapa orang."),
        widget=PickerInput(reverse_lazy("programs:employee_search"), multiple=True),
    )


class SeatReservationForm(forms.Form):
    unit = UnitChoiceField(label=_("Unit"), queryset=OrgUnit.objects.none())
    seats = forms.IntegerField(label=_("Kursi"), min_value=1, max_value=10000)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = OrgUnit.objects.for_user(user)


class ClaimForm(forms.ModelForm):
    MAX_BYTES = 5 * 1024 * 1024

    class Meta:
        model = ExternalClaim
        fields = [
            "development_form",
            "title",
            "organiser",
            "starts_on",
            "ends_on",
            "days",
            "sessions",
            "program_jp",
            "is_international",
            "evidence",
        ]
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "evidence": forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["development_form"].queryset = DevelopmentForm.objects.filter(is_active=True)
        self.helper = form_helper()

    def clean_evidence(self):
        return uploads.accept(
            self.cleaned_data["evidence"],
            uploads.EVIDENCE,
            max_bytes=self.MAX_BYTES,
            refused_message=_("Bukti harus berupa PDF, JPG, atau PNG."),
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("starts_on") and cleaned.get("ends_on") and cleaned["ends_on"] < cleaned["starts_on"]:
            self.add_error("ends_on", _("Tanggal selesai tidak boleh sebelum tanggal mulai."))
        form = cleaned.get("development_form")
        if form and form.jp_rule == "program" and cleaned.get("program_jp") is None:
            self.add_error("program_jp", _("Isi JP/jam pelajaran yang tertera pada sertifikat."))
        return cleaned


class MentorshipForm(forms.ModelForm):
    # The pickers search as the fields validate: the mentor among everyone the user may see, the
    # mentee among the people they manage.
    mentor_nip = forms.CharField(
        label=_("NIP mentor/coach"),
        help_text=_("Ketik NIP, atau sebagian nama lalu pilih dari daftar."),
        widget=PickerInput(reverse_lazy("programs:employee_search")),
    )
    mentee_nip = forms.CharField(
        label=_("NIP mentee"),
        help_text=_("Ketik NIP, atau sebagian nama lalu pilih dari daftar."),
        widget=PickerInput(format_lazy("{}?scope=editable", reverse_lazy("programs:employee_search"))),
    )

    class Meta:
        model = Mentorship
        fields = ["competency", "development_form", "starts_on", "ends_on"]
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["development_form"].queryset = DevelopmentForm.objects.filter(code__in=["NKL01", "NKL02", "NKL11"])
        self.helper = form_helper()

    def _employee(self, field, scoped):
        from programs.models import Employee
        from programs.nip import normalize_nip

        # The mentor may be anyone the user may see (an admin: the whole instansi), the mentee someone
        # they manage. A NIP out of scope reads as "not found": typing NIPs must not name people of
        # other offices (the pair's pages show the mentor), nor open a mentee's log to them.
        people = Employee.objects.active()
        people = people.editable_by(self.user) if scoped else people.for_user(self.user)
        employee = people.filter(nip=normalize_nip(self.cleaned_data.get(field))).first()
        if employee is None:
            raise forms.ValidationError(_("Tidak ada pegawai aktif dengan NIP ini dalam cakupan Anda."))
        return employee

    def clean_mentor_nip(self):
        return self._employee("mentor_nip", scoped=False)

    def clean_mentee_nip(self):
        return self._employee("mentee_nip", scoped=True)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("mentor_nip") and cleaned.get("mentor_nip") == cleaned.get("mentee_nip"):
            raise forms.ValidationError(_("Mentor dan mentee tidak boleh orang yang sama."))
        return cleaned


class MentoringLogForm(forms.Form):
    date = forms.DateField(label=_("Tanggal"), widget=DateInput())
    hours = forms.DecimalField(label=_("Jam pelajaran"), min_value=0.5, max_value=8, decimal_places=2)
    notes = forms.CharField(label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper()


class ComplianceFilterForm(forms.Form):
    unit = UnitChoiceField(
        label=_("Unit (termasuk sub-unit)"),
        required=False,
        queryset=OrgUnit.objects.none(),
        empty_label=_("Seluruh cakupan saya"),
    )
    tahun = forms.IntegerField(label=_("Tahun"), required=False, min_value=2000, max_value=2100)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = OrgUnit.objects.for_user(user)
