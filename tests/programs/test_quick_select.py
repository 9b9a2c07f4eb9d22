import pytest

from programs.forms import QuickSelect


def test_quick_select_marks_the_choice_and_escapes_labels():
    widget = QuickSelect(choices=[("", "---"), (1, "Dinas <Kesehatan>"), (2, 'Unit "B" & C')])
    html = widget.render("unit", "2", attrs={"id": "id_unit", "class": "form-select"})
    assert html.startswith('<select class="form-select" id="id_unit" name="unit">')
    assert '<option value="1">Dinas &lt;Kesehatan&gt;</option>' in html
    assert '<option value="2" selected>Unit &quot;B&quot; &amp; C</option>' in html
    assert html.count("selected") == 1 and widget.render("unit", None).count("selected") == 0


def test_filter_fields_are_labelled_and_show_their_errors_escaped():
    from django import forms
    from django.template import Context, Template

    class Filter(forms.Form):
        q = forms.CharField(label="Cari <nama>", required=False, help_text="Nama atau NIP")
        unit = forms.ChoiceField(label="Unit", choices=[("1", "A")], widget=QuickSelect, required=False)

    form = Filter({"q": "x", "unit": "<script>"})
    assert not form.is_valid()
    html = Template("{% load bangkom %}{{ form.q|filter_field }}{{ form.unit|filter_field }}").render(
        Context({"form": form})
    )
    assert '<label for="id_q" class="form-label">Cari &lt;nama&gt;</label>' in html
    assert 'class="form-control"' in html and 'aria-describedby="id_q_helptext"' in html
    assert '<div id="id_q_helptext" class="form-text">Nama atau NIP</div>' in html
    assert 'class="form-select is-invalid"' in html and 'aria-invalid="true"' in html
    assert '<div id="id_unit_error" class="invalid-feedback"><p>' in html and "<script>" not in html


@pytest.mark.django_db
def test_quick_select_reads_model_choices_in_one_plain_query(tree):
    from django import forms
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from programs.forms import UnitChoiceField
    from programs.models import OrgUnit

    class Filter(forms.Form):
        unit = UnitChoiceField(queryset=OrgUnit.objects.order_by("path"), required=False, empty_label="Semua")

    with CaptureQueriesContext(connection) as queries:
        html = str(Filter({"unit": tree.a.pk})["unit"])
    # One query checks the submitted unit, one reads the choices; neither opens a cursor
    # (PostgreSQL's server-side cursors are what the plain list avoids).
    assert len(queries) == 2 and not any("CURSOR" in query["sql"].upper() for query in queries)
    assert html.index('<option value="">Semua</option>') < html.index("Pemerintah Kota Contoh")
    assert f'<option value="{tree.a.pk}" selected>\u2003Kecamatan A</option>' in html
