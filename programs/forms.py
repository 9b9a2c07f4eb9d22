from html import escape

import django_filters
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row, Submit
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms.models import ModelChoiceIterator
from django.forms.utils import flatatt
from django.urls import reverse_lazy
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from core import uploads
from core.picker import PickerInput

from .models import (
    Competency,
    CompetencyLevel,
    CompetencyRequirement,
    DevelopmentForm,
    DevelopmentProgram,
    DocumentKind,
    Employee,
    Golongan,
    Letterhead,
    OrgUnit,
    PlanItem,
    Position,
    Signatory,
)
from .nip import normalize_nip, parse_nip


class DateInput(forms.DateInput):
    """The browser's own date picker (an ISO value, whatever the display language)."""

    input_type = "date"

    def __init__(self, attrs=None, format="%Y-%m-%d"):
        super().__init__(attrs=attrs, format=format)


def form_helper(submit_label=None, *, form_tag=True):
    """The house form helper: guarded against double submits, one submit button."""
    helper = FormHelper()
    helper.form_tag = form_tag
    helper.attrs = {"data-once": ""}
    if form_tag:
        helper.add_input(Submit("submit", submit_label or _("Simpan")))
    return helper


class QuickSelect(forms.Select):
    """A select written out in Python. Django draws each <option> through its own template, which
    took ~100 ms for a province's 600 units on every list page with a unit filter."""

    def render(self, name, value, attrs=None, renderer=None):
        final = self.build_attrs(self.attrs, attrs)
        final["name"] = name
        values = value if isinstance(value, list | tuple) else [value]
        chosen = {str(item) for item in values if item not in (None, "")}
        # Escaped with the standard library's escape and joined once: format_html per option was
        # still a third of the schedule page's time with a province's 600 units.
        options = "".join(
            f'<option value="{escape(str(option))}"{" selected" if str(option) in chosen else ""}>'
            f"{escape(str(label))}</option>"
            for option, label in self._options()
        )
        return format_html("<select{}>{}</select>", flatatt(final), mark_safe(options))  # noqa: S308 - escaped above  # nosec B308 B703

    def _options(self):
        choices = self.choices
        if not isinstance(choices, ModelChoiceIterator):
            return choices
        # A model field's choices are read as one list: Django's iterator() opens a server-side
        # cursor on PostgreSQL, three round trips for a few dozen rows on every filtered page.
        empty = [("", choices.field.empty_label)] if choices.field.empty_label is not None else []
        return empty + [choices.choice(obj) for obj in choices.queryset.all()]


class UnitChoiceField(forms.ModelChoiceField):
    """Units shown indented by depth, so a long list still reads as a tree."""

    widget = QuickSelect

    def label_from_instance(self, unit):
        return "\u2003" * (unit.depth - 1) + unit.name


class GroupedUnitSelect(QuickSelect):
    """Units grouped under the unit one level below the top of the list (an <optgroup> per OPD or
    kecamatan, its own subtree first): a district's 80 units read as a dozen groups, not one column."""

    def _options(self):
        choices = self.choices
        if not isinstance(choices, ModelChoiceIterator):
            return choices
        units = list(choices.queryset.order_by("path"))
        empty = [("", choices.field.empty_label)] if choices.field.empty_label is not None else []
        if not units:
            return empty
        top = min(unit.depth for unit in units)
        heads, members = {}, {}
        for unit in units:
            if unit.depth == top:
                continue
            key = unit.path[: unit.steplen * (top + 1)]
            if unit.depth == top + 1:
                heads[key] = unit
            members.setdefault(key, []).append(unit)
        options, seen = list(empty), set()
        for unit in units:
            key = unit.path[: unit.steplen * (top + 1)]
            if unit.depth == top:
                options.append((unit.pk, unit.name))
            elif key not in seen:
                seen.add(key)
                group = members[key]
                head = heads.get(key)
                if len(group) == 1:
                    options.append((group[0].pk, group[0].name))
                    continue
                options.append(
                    (
                        head.name if head else group[0].name,
                        [
                            (
                                member.pk,
                                _("Seluruh %(unit)s") % {"unit": member.name}
                                if member is head
                                else "\u2003" * (member.depth - top - 2) + member.name,
                            )
                            for member in group
                        ],
                    )
                )
        return options

    def render(self, name, value, attrs=None, renderer=None):
        final = self.build_attrs(self.attrs, attrs)
        final["name"] = name
        chosen = {str(value)} if value not in (None, "") else set()

        def option(value, label):
            selected = " selected" if str(value) in chosen else ""
            return f'<option value="{escape(str(value))}"{selected}>{escape(str(label))}</option>'

        html = "".join(
            f'<optgroup label="{escape(str(label))}">' + "".join(option(*entry) for entry in entries) + "</optgroup>"
            if isinstance(entries, list)
            else option(label, entries)
            for label, entries in self._options()
        )
        return format_html("<select{}>{}</select>", flatatt(final), mark_safe(html))  # noqa: S308 - escaped above  # nosec B308 B703


class GroupedUnitChoiceField(UnitChoiceField):
    widget = GroupedUnitSelect


class OrgUnitForm(forms.ModelForm):
    parent = UnitChoiceField(
        queryset=OrgUnit.objects.none(),
        required=False,
        label=_("Unit induk"),
        help_text=_("Kosongkan untuk unit puncak (instansi)."),
    )

    class Meta:
        model = OrgUnit
        fields = ["code", "name", "kind", "is_service_unit"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        units = OrgUnit.objects.all()
        if self.instance.pk:
            # A unit cannot move under itself or its own descendants.
            units = units.exclude(path__startswith=self.instance.path)
            parent = OrgUnit.objects.get_parent(self.instance)
            self.fields["parent"].initial = parent.pk if parent else None
        self.fields["parent"].queryset = units
        self.helper = FormHelper()
        self.helper.attrs = {"data-once": ""}
        self.helper.add_input(Submit("submit", _("Simpan")))


class EmployeeForm(forms.ModelForm):
    # Wider than the 18 stored digits: people type NIPs with spaces and dots.
    nip = forms.CharField(
        label=_("NIP"),
        max_length=30,
        help_text=_("18 digit; boleh diketik dengan spasi atau titik."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    unit = UnitChoiceField(queryset=OrgUnit.objects.none(), label=_("Unit kerja"))
    supervisor_nip = forms.CharField(
        label=_("NIP atasan langsung"),
        required=False,
        help_text=_("Ketik NIP (boleh dengan spasi), atau sebagian nama lalu pilih dari daftar."),
        widget=PickerInput(reverse_lazy("programs:employee_search")),
    )

    class Meta:
        model = Employee
        fields = [
            "nip",
            "gelar_depan",
            "name",
            "gelar_belakang",
            "status",
            "golongan",
            "position",
            "unit",
            "email",
            "phone",
        ]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["unit"].queryset = OrgUnit.objects.editable_by(user)
        self.fields["position"].queryset = Position.objects.order_by("name")
        if self.instance.pk and self.instance.supervisor_id:
            self.fields["supervisor_nip"].initial = self.instance.supervisor.nip_display
        self.helper = FormHelper()
        self.helper.attrs = {"data-once": ""}
        self.helper.layout = Layout(
            "nip",
            Row(
                Column("gelar_depan", css_class="col-sm-3"),
                Column("name", css_class="col-sm-6"),
                Column("gelar_belakang", css_class="col-sm-3"),
            ),
            Row(Column("status", css_class="col-sm-6"), Column("golongan", css_class="col-sm-6")),
            "position",
            "unit",
            "supervisor_nip",
            Row(Column("email", css_class="col-sm-6"), Column("phone", css_class="col-sm-6")),
        )
        self.helper.add_input(Submit("submit", _("Simpan")))

    def clean_nip(self):
        return normalize_nip(self.cleaned_data["nip"])

    def clean_supervisor_nip(self):
        value = normalize_nip(self.cleaned_data.get("supervisor_nip"))
        if not value:
            return None
        # Only someone the user may see: a supervisor reads their staff's profiles. Someone outside
        # gets the same answer as no one, so the field cannot be used to probe for NIPs.
        supervisor = Employee.objects.for_user(self.user).active().filter(nip=value).first()
        if supervisor is None:
            raise ValidationError(_("Tidak ada pegawai aktif dengan NIP %(nip)s.") % {"nip": value})
        if self.instance.pk and supervisor.pk == self.instance.pk:
            raise ValidationError(_("Pegawai tidak dapat menjadi atasannya sendiri."))
        return supervisor

    def clean(self):
        cleaned = super().clean()
        nip = cleaned.get("nip")
        if nip:
            try:
                parse_nip(nip, pppk=cleaned.get("status") == Employee.Status.PPPK)
            except ValidationError as error:
                self.add_error("nip", error)
        return cleaned

    def save(self, commit=True):
        self.instance.supervisor = self.cleaned_data.get("supervisor_nip")
        return super().save(commit=commit)


class EmployeeFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_text", label=_("Cari nama atau NIP"))
    unit = django_filters.ModelChoiceFilter(
        queryset=OrgUnit.objects.none(),
        method="filter_unit",
        label=_("Unit (termasuk sub-unit)"),
    )
    position_kind = django_filters.ChoiceFilter(
        field_name="position__kind",
        choices=Position.Kind.choices,
        label=_("Jenis jabatan"),
        widget=QuickSelect,
    )
    golongan = django_filters.ChoiceFilter(choices=Golongan.choices, label=_("Golongan"), widget=QuickSelect)
    status = django_filters.ChoiceFilter(choices=Employee.Status.choices, label=_("Status"), widget=QuickSelect)
    active = django_filters.ChoiceFilter(
        method="filter_active",
        label=_("Keaktifan"),
        empty_label=_("Aktif saja"),
        choices=[("all", _("Semua")), ("inactive", _("Nonaktif saja"))],
    )
    scope = django_filters.ChoiceFilter(
        method="filter_scope",
        label=_("Cakupan"),
        empty_label=_("Semua yang dapat saya lihat"),
        choices=[("bawahan", _("Bawahan langsung saya"))],
    )

    class Meta:
        model = Employee
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = self.request.user
        self.filters["unit"].queryset = OrgUnit.objects.for_user(self.user)
        self.filters["unit"].field_class = UnitChoiceField
        self.form.helper = FormHelper()
        self.form.helper.form_method = "get"
        self.form.helper.form_tag = False
        self.form.helper.disable_csrf = True

    @property
    def qs(self):
        queryset = super().qs
        # "Active only" is the default even when the field is left empty.
        if not getattr(self.form, "cleaned_data", {}).get("active"):
            queryset = queryset.filter(is_active=True)
        return queryset

    def filter_text(self, queryset, name, value):
        return queryset.search(value)

    def filter_unit(self, queryset, name, unit):
        return queryset.in_subtree(unit)

    def filter_active(self, queryset, name, value):
        if value == "inactive":
            return queryset.filter(is_active=False)
        return queryset

    def filter_scope(self, queryset, name, value):
        from core.access import access_for

        return queryset.filter(supervisor_id=access_for(self.user).employee_id)


class PositionForm(forms.ModelForm):
    class Meta:
        model = Position
        fields = ["name", "kind", "jenjang"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.attrs = {"data-once": ""}
        self.helper.add_input(Submit("submit", _("Simpan")))


class RequirementForm(forms.ModelForm):
    class Meta:
        model = CompetencyRequirement
        fields = ["competency", "required_level"]
        labels = {"competency": _("Kompetensi"), "required_level": _("Level dipersyaratkan")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competency"].queryset = Competency.objects.filter(is_active=True)
        # A spare row starts blank ("—"): a level preselected at 1 made every untouched spare row
        # count as filled in, so the standard could not be saved without filling both.
        blank = [] if self.instance.pk else [("", "—")]
        self.fields["required_level"].widget = forms.Select(choices=blank + [(i, i) for i in range(1, 6)])


RequirementFormSet = forms.inlineformset_factory(
    Position,
    CompetencyRequirement,
    form=RequirementForm,
    extra=2,
    can_delete=True,
)


class CompetencyForm(forms.ModelForm):
    class Meta:
        model = Competency
        fields = ["code", "name", "type", "definition", "is_active"]


class CompetencyLevelForm(forms.ModelForm):
    class Meta:
        model = CompetencyLevel
        fields = ["level", "description", "indicators"]
        widgets = {
            "level": forms.HiddenInput,
            "description": forms.Textarea(attrs={"rows": 2}),
            "indicators": forms.Textarea(attrs={"rows": 3}),
        }


CompetencyLevelFormSet = forms.inlineformset_factory(
    Competency,
    CompetencyLevel,
    form=CompetencyLevelForm,
    extra=0,
    can_delete=False,
    max_num=5,
)


class EmployeeImportForm(forms.Form):
    file = forms.FileField(
        label=_("Berkas ekspor pegawai SIASN (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.attrs = {"data-once": ""}
        self.helper.add_input(Submit("submit", _("Periksa berkas")))

    def clean_file(self):
        return accept_spreadsheet(self.cleaned_data["file"])


def accept_spreadsheet(upload):
    """An import's workbook, through the one upload check (an .xlsx by name, type and content)."""
    return uploads.accept(
        upload,
        uploads.SPREADSHEET,
        max_bytes=settings.IMPORT_MAX_BYTES,
        refused_message=_("Berkas tidak dapat diimpor: bukan buku kerja Excel (.xlsx)."),
    )


class DevelopmentProgramForm(forms.ModelForm):
    unit = UnitChoiceField(queryset=OrgUnit.objects.none(), label=_("Unit"))

    class Meta:
        model = DevelopmentProgram
        fields = ["year", "unit", "title", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = OrgUnit.objects.editable_by(user)
        self.helper = FormHelper()
        self.helper.attrs = {"data-once": ""}
        self.helper.add_input(Submit("submit", _("Simpan")))


class PlanItemForm(forms.ModelForm):
    target_units = forms.ModelMultipleChoiceField(
        queryset=OrgUnit.objects.none(),
        required=False,
        label=_("Unit sasaran"),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    class Meta:
        model = PlanItem
        fields = [
            "competency",
            "title",
            "target_units",
            "target_positions",
            "target_description",
            "planned_participants",
            "development_form",
            "planned_jp",
            "provider",
            "quarter",
            "curriculum_fit",
            "budget",
            "notes",
        ]
        widgets = {
            "notes": forms.Textarea(attrs={"rows": 2}),
            "target_positions": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target_units"].queryset = OrgUnit.objects.for_user(user)
        self.fields["competency"].queryset = Competency.objects.filter(is_active=True)
        self.fields["development_form"].queryset = DevelopmentForm.objects.filter(is_active=True)
        self.helper = FormHelper()
        self.helper.attrs = {"data-once": ""}
        self.helper.layout = Layout(
            Fieldset(_("1. Kompetensi yang dikembangkan"), "competency", "title"),
            Fieldset(_("2. Sasaran"), "target_units", "target_positions", "target_description", "planned_participants"),
            Fieldset(_("3. Bentuk dan jalur"), "development_form", "planned_jp"),
            Fieldset(_("4. Penyelenggara"), "provider"),
            Fieldset(_("5. Jadwal"), "quarter"),
            Fieldset(_("6. Kesesuaian dengan standar kurikulum"), "curriculum_fit"),
            Fieldset(_("7. Anggaran"), "budget"),
            "notes",
        )
        self.helper.add_input(Submit("submit", _("Simpan")))


EMBLEM_MAX_BYTES = 1024 * 1024


class LetterheadForm(forms.ModelForm):
    """A unit's kop naskah dinas; an empty line is taken from the parent unit's letterhead."""

    emblem = forms.FileField(
        label=_("Lambang daerah (PNG/JPEG)"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg"}),
        help_text=_("PNG atau JPEG, paling besar 1 MB. Kosong: lambang unit induk."),
    )
    remove_emblem = forms.BooleanField(label=_("Hapus lambang unit ini"), required=False)

    class Meta:
        model = Letterhead
        fields = [
            "emblem",
            "government_line",
            "unit_name",
            "short_code",
            "address",
            "postal_code",
            "phone",
            "email",
            "website",
            "place",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.emblem:
            del self.fields["remove_emblem"]
        self.helper = FormHelper()
        self.helper.form_tag = False
        emblem = [Column("emblem", css_class="col-sm-8")]
        if "remove_emblem" in self.fields:
            emblem.append(Column("remove_emblem", css_class="col-sm-4 pt-sm-4"))
        self.helper.layout = Layout(
            Row(*emblem),
            "government_line",
            "unit_name",
            "short_code",
            Row(Column("address", css_class="col-sm-9"), Column("postal_code", css_class="col-sm-3")),
            Row(Column("phone", css_class="col-sm-6"), Column("email", css_class="col-sm-6")),
            Row(Column("website", css_class="col-sm-6"), Column("place", css_class="col-sm-6")),
        )

    def clean_emblem(self):
        upload = self.cleaned_data.get("emblem")
        if not upload or not hasattr(upload, "content_type"):
            return self.instance.emblem  # nothing new: keep what is stored
        return uploads.accept(
            upload,
            uploads.IMAGES,
            max_bytes=EMBLEM_MAX_BYTES,
            refused_message=_("Lambang harus berupa gambar PNG atau JPEG (bukan SVG, PDF atau berkas lain)."),
        )

    def save(self, commit=True):
        if self.cleaned_data.get("remove_emblem") and not hasattr(self.cleaned_data.get("emblem"), "content_type"):
            self.instance.emblem = ""
        return super().save(commit=commit)


class SignatoryForm(forms.ModelForm):
    """One rule of who signs: the unit's head (kind empty) or the signer of one kind of document."""

    employee_nip = forms.CharField(
        label=_("NIP penandatangan"),
        max_length=30,
        help_text=_("Ketik NIP, atau sebagian nama lalu pilih dari daftar; hanya pegawai aktif."),
        widget=PickerInput(reverse_lazy("programs:employee_search")),
    )

    class Meta:
        model = Signatory
        fields = ["kind", "employee_nip", "office", "capacity"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["kind"].choices = [("", _("Kepala unit (naskah tanpa aturan sendiri)")), *DocumentKind.choices]
        self.fields["kind"].required = False
        if self.instance.pk:
            self.fields["employee_nip"].initial = self.instance.employee.nip_display

    def clean_employee_nip(self):
        value = normalize_nip(self.cleaned_data.get("employee_nip"))
        # Someone outside the admin's view gets the same answer as no one (no probing for NIPs).
        person = Employee.objects.for_user(self.user).active().filter(nip=value).first() if value else None
        if person is None:
            raise ValidationError(_("Tidak ada pegawai aktif dengan NIP %(nip)s.") % {"nip": value or "-"})
        self.instance.employee = person
        return value


class BaseSignatoryFormSet(forms.BaseInlineFormSet):
    def clean(self):
        """One signatory per kind, said in words before Django's generic "duplicate data" message."""
        kinds, duplicated = {}, False
        for row, form in enumerate(self.forms, start=1):
            if not hasattr(form, "cleaned_data") or (not form.has_changed() and not form.instance.pk):
                continue
            if self._should_delete_form(form):
                continue
            kind = form.cleaned_data.get("kind", "")
            if kind in kinds:
                duplicated = True
                form.add_error(
                    "kind", _("Jenis naskah ini sudah punya penandatangan di baris %(row)d.") % {"row": kinds[kind]}
                )
            kinds.setdefault(kind, row)
        if not duplicated:
            super().clean()


SignatoryFormSet = forms.inlineformset_factory(
    OrgUnit, Signatory, form=SignatoryForm, formset=BaseSignatoryFormSet, extra=2, can_delete=True
)
