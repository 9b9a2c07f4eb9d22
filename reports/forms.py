from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from programs.forms import UnitChoiceField
from programs.models import OrgUnit

FIRST_YEAR = 2020


class AnnualReportForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Tahun"), coerce=int)
    unit = UnitChoiceField(
        queryset=OrgUnit.objects.none(),
        required=False,
        label=_("Unit"),
        empty_label=_("Seluruh unit yang saya kelola"),
        help_text=_("Laporan mencakup unit ini beserta seluruh unit di bawahnya."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        self.fields["year"].choices = [(year, year) for year in range(this_year, FIRST_YEAR - 1, -1)]
        self.fields["year"].initial = this_year
        self.fields["unit"].queryset = OrgUnit.objects.for_user(user).order_by("path")
