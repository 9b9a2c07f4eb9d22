"""Property-based tests (hypothesis): whatever text arrives, nothing breaks, no spreadsheet formula
leaves Bangkom, no markup is rendered, and a bad import writes nothing."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.xlsx import FORMULA_TRIGGERS, ILLEGAL_XML, safe_value
from evaluation import skm
from programs.employee_import import plan_import
from programs.models import Employee
from programs.nip import parse_nip
from tests.factories import EmployeeFactory

from .siasn import siasn_row, upload

# Text as it arrives from forms and spreadsheets: any Unicode, control characters included.
any_text = st.text(st.characters(codec="utf-8"), max_size=60)
# What a database column can hold (no NUL, no lone surrogates).
storable_text = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), min_size=1, max_size=60)
TRAPS = ["=", "+", "-", "@", "\t", "\r", "\n", "\0"]
MARKUP = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', '=HYPERLINK("http://x","klik")']
hostile_text = st.one_of(
    any_text,
    st.builds(lambda lead, rest: lead + rest, st.sampled_from(TRAPS), any_text),
    st.sampled_from(MARKUP),
)
# What an .xlsx cell can hold (XML refuses most control characters).
cell_text = hostile_text.map(lambda text: ILLEGAL_XML.sub("", text))
DB_TEST = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@given(hostile_text)
def test_no_exported_text_is_ever_a_formula(text):
    value = safe_value(text)
    assert not ILLEGAL_XML.search(value)
    assert value.startswith("'") or not value.startswith(FORMULA_TRIGGERS)
    if text and not text.startswith(FORMULA_TRIGGERS) and not ILLEGAL_XML.search(text):
        assert value == text  # harmless text is left exactly as typed


@given(any_text, st.booleans())
def test_any_nip_text_is_parsed_or_refused_with_a_message(text, pppk):
    try:
        parts = parse_nip(text, pppk=pppk, today=datetime.date(2026, 11, 29))
    except ValidationError as error:
        assert error.messages and all(message.strip() for message in error.messages)
    else:
        assert len(parts.nip) == 18 and parts.nip.isdigit()


@pytest.fixture
def root(tree, reference_data):
    return tree.root


@pytest.mark.django_db
@DB_TEST
@given(name=cell_text, nip=cell_text, golongan=cell_text, unit=cell_text)
def test_hostile_cells_in_a_siasn_file_never_crash_and_a_bad_file_writes_nothing(root, name, nip, golongan, unit):
    row = siasn_row(1, nama=name, nip_baru=nip, gol_akhir_id=golongan, unor_nama=unit)
    before = Employee.objects.count()
    plan = plan_import(upload([row, siasn_row(2)]))
    assert plan.file_error or plan.errors or plan.ok
    if not plan.ok:
        assert Employee.objects.count() == before


@pytest.mark.django_db
@DB_TEST
@given(name=st.one_of(storable_text, st.sampled_from(MARKUP)))
def test_names_are_escaped_wherever_a_list_shows_them(client, admin, tree, name):
    person = EmployeeFactory(unit=tree.a, name=name[:100])
    client.force_login(admin)
    html = client.get(reverse("programs:employee_list"), {"q": person.nip}).content.decode()
    assert escape(person.full_name) in html
    assert "<script>alert(1)</script>" not in html and "<img src=x" not in html
    person.delete()


@pytest.mark.django_db
@DB_TEST
@given(text=hostile_text, age=hostile_text)
def test_anything_typed_into_the_public_skm_form_gets_an_answer_not_an_error(skm_survey, text, age):
    client = Client()
    with time_machine.travel(datetime.datetime(2026, 11, 24, 9, 0, tzinfo=datetime.UTC), tick=False):
        started = skm.form_token()
    data = {f"u{n}": "3" for n in range(1, 10)} | {
        "gender": "p",
        "age": age,
        "education": "sma",
        "occupation": "self",
        "service_type": "KTP",
        "suggestion": text,
        "started": started,
        "website": "",
    }
    with time_machine.travel(datetime.datetime(2026, 11, 24, 9, 1, tzinfo=datetime.UTC), tick=False):
        response = client.post(reverse("skm_public", args=[skm_survey.code]), data)
    assert response.status_code in (200, 429)  # a form with its errors, the thanks page, or slow down
    assert "<script>alert(1)</script>" not in response.content.decode()


@pytest.mark.django_db
@DB_TEST
@given(score=cell_text, gender=cell_text, age=cell_text, service=cell_text, suggestion=cell_text, day=cell_text)
def test_hostile_cells_in_a_paper_skm_file_get_a_report_and_a_bad_file_writes_nothing(
    client, operator, skm_survey, score, gender, age, service, suggestion, day
):
    from evaluation.models import ServiceResponse
    from tests.evaluation.test_skm import skm_workbook

    header = [f"U{n}" for n in range(1, 10)] + ["jenis_kelamin", "usia", "jenis_layanan", "saran", "tanggal"]
    good = [4, 4, 3, 4, 3, 4, 4, 3, 3, "P", 40, "KTP", "", "01-08-2026"]
    hostile = [score, 4, 3, 4, 3, 4, 4, 3, 3, gender, age, service, suggestion, day]
    before = ServiceResponse.objects.count()
    client.force_login(operator)
    url = reverse("evaluation:skm_import", args=[skm_survey.pk])
    response = client.post(url, {"file": skm_workbook([good, hostile], header=header)})
    assert response.status_code in (200, 302)
    if response.status_code == 200:  # refused: the report names rows, and nothing was stored
        result = response.context["result"]
        assert result.file_error or result.errors
        assert ServiceResponse.objects.count() == before
        assert "<script>alert(1)</script>" not in response.content.decode()
    else:  # accepted: both rows, never one of them
        assert ServiceResponse.objects.count() == before + 2
    ServiceResponse.objects.filter(survey=skm_survey).delete()
