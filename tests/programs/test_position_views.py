from html.parser import HTMLParser

import pytest
from django.urls import reverse

from programs.models import Competency, CompetencyRequirement, Position
from tests.factories import CompetencyFactory, EmployeeFactory, PositionFactory


@pytest.fixture
def position(reference_data):
    position = Position.objects.create(
        name="Analis Kebijakan Ahli Muda", kind="fungsional_keahlian", jenjang="ahli_muda"
    )
    from programs.standards import apply_default_standard

    apply_default_standard(position)
    return position


def test_position_list_and_detail(client, operator, position, tree):
    EmployeeFactory(unit=tree.a, position=position)
    client.force_login(operator)
    html = client.get(reverse("programs:position_list"), {"q": "analis"}).content.decode()
    assert "Analis Kebijakan Ahli Muda" in html
    detail = client.get(reverse("programs:position_detail", args=[position.pk])).content.decode()
    assert "Integritas" in detail and "Perekat Bangsa" in detail


def test_position_list_query_count_is_constant(client, admin, reference_data, django_assert_max_num_queries):
    client.force_login(admin)
    PositionFactory.create_batch(2)
    with django_assert_max_num_queries(7) as captured:
        client.get(reverse("programs:position_list"))
    PositionFactory.create_batch(20)
    with django_assert_max_num_queries(len(captured.captured_queries)):
        client.get(reverse("programs:position_list"))


def test_admin_creates_a_position_with_the_default_standard(client, admin, reference_data):
    client.force_login(admin)
    response = client.post(
        reverse("programs:position_create"), {"name": "Kepala Seksi Pelayanan", "kind": "pengawas", "jenjang": ""}
    )
    position = Position.objects.get(name="Kepala Seksi Pelayanan")
    assert response.status_code == 302
    assert position.requirements.count() == 9
    assert set(position.requirements.values_list("required_level", flat=True)) == {2}


def test_admin_edits_the_standard(client, admin, position):
    technical = CompetencyFactory(name="Analisis Kebijakan")
    requirements = list(position.requirements.order_by("competency__code"))
    data = {
        "requirements-TOTAL_FORMS": str(len(requirements) + 1),
        "requirements-INITIAL_FORMS": str(len(requirements)),
        "requirements-MIN_NUM_FORMS": "0",
        "requirements-MAX_NUM_FORMS": "1000",
    }
    for index, requirement in enumerate(requirements):
        data.update(
            {
                f"requirements-{index}-id": requirement.pk,
                f"requirements-{index}-position": position.pk,
                f"requirements-{index}-competency": requirement.competency_id,
                f"requirements-{index}-required_level": 4
                if requirement.competency.code == "M.01"
                else requirement.required_level,
            }
        )
    data[f"requirements-{index}-DELETE"] = "on"  # drop the last one (SK.01)
    new = len(requirements)
    data.update(
        {
            f"requirements-{new}-competency": technical.pk,
            f"requirements-{new}-required_level": 3,
            f"requirements-{new}-position": position.pk,
        }
    )
    client.force_login(admin)
    response = client.post(reverse("programs:position_standard", args=[position.pk]), data)
    assert response.status_code == 302, response.context["formset"].errors
    levels = dict(position.requirements.values_list("competency__code", "required_level"))
    assert levels["M.01"] == 4 and levels[technical.code] == 3 and "SK.01" not in levels


def test_operator_cannot_change_positions_or_competencies(client, operator, position):
    client.force_login(operator)
    competency = Competency.objects.get(code="M.01")
    for url in (
        reverse("programs:position_create"),
        reverse("programs:position_edit", args=[position.pk]),
        reverse("programs:position_standard", args=[position.pk]),
        reverse("programs:competency_create"),
        reverse("programs:competency_edit", args=[competency.pk]),
    ):
        assert client.get(url).status_code == 403, url


def test_pegawai_cannot_browse_master_data(client, pegawai, position):
    client.force_login(pegawai)
    assert client.get(reverse("programs:position_list")).status_code == 403
    assert client.get(reverse("programs:competency_list")).status_code == 403


def test_competency_dictionary_shows_levels(client, pimpinan, reference_data):
    client.force_login(pimpinan)
    competency = Competency.objects.get(code="M.03")
    html = client.get(reverse("programs:competency_detail", args=[competency.pk])).content.decode()
    assert "Komunikasi" in html and "Level 5" in html


def test_admin_adds_a_technical_competency_and_edits_levels(client, admin, reference_data):
    client.force_login(admin)
    response = client.post(
        reverse("programs:competency_create"),
        {
            "code": "T.10",
            "name": "Pengelolaan Arsip",
            "type": "teknis",
            "definition": "",
            "is_active": "on",
        },
    )
    competency = Competency.objects.get(code="T.10")
    assert response.status_code == 302 and competency.levels.count() == 5
    levels = list(competency.levels.order_by("level"))
    data = {
        "code": "T.10",
        "name": "Pengelolaan Arsip",
        "type": "teknis",
        "definition": "Arsip dinamis",
        "is_active": "on",
        "levels-TOTAL_FORMS": "5",
        "levels-INITIAL_FORMS": "5",
        "levels-MIN_NUM_FORMS": "0",
        "levels-MAX_NUM_FORMS": "5",
    }
    for index, level in enumerate(levels):
        data.update(
            {
                f"levels-{index}-id": level.pk,
                f"levels-{index}-competency": competency.pk,
                f"levels-{index}-level": level.level,
                f"levels-{index}-description": f"Deskripsi {level.level}",
                f"levels-{index}-indicators": "Indikator satu\nIndikator dua",
            }
        )
    response = client.post(reverse("programs:competency_edit", args=[competency.pk]), data)
    assert response.status_code == 302
    assert competency.levels.get(level=3).description == "Deskripsi 3"


def test_requirement_levels_are_constrained(position):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        CompetencyRequirement.objects.filter(position=position).update(required_level=6)


class BrowserForm(HTMLParser):
    """What a browser sends from the page's POST form holding `field` when nobody touches it: each
    field's value as drawn (a select without a selected option sends its first one)."""

    def __init__(self, page, field):
        super().__init__()
        self.forms, self.select, self.first, self.inside = [], None, None, False
        self.feed(page)
        self.data = next(form for form in self.forms if field in form)

    @property
    def form(self):
        return self.forms[-1]

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("method", "").lower() == "post":
            self.inside = True
            self.forms.append({})
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "checkbox", "radio"):
            self.form[name] = attrs.get("value", "")
        elif tag == "input" and name and "checked" in attrs:
            self.form[name] = attrs.get("value", "on")
        elif tag == "select":
            self.select, self.first = name, None
        elif tag == "option" and self.select:
            if self.first is None:
                self.first = attrs.get("value", "")
            if "selected" in attrs:
                self.form[self.select] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "select" and self.select:
            self.form.setdefault(self.select, self.first or "")
            self.select = None
        elif tag == "form":
            self.inside = False


def test_the_standard_saves_with_its_spare_rows_left_blank(client, admin, position):
    """Issue 23: changing one level and saving answered "Bidang ini harus diisi." twice, for the two
    spare rows the page had drawn with a level already chosen."""
    client.force_login(admin)
    url = reverse("programs:position_standard", args=[position.pk])
    page = client.get(url).content.decode()
    assert "Competency" not in page and "Kompetensi" in page
    form = BrowserForm(page, "requirements-TOTAL_FORMS")
    m01 = position.requirements.get(competency__code="M.01")
    row = next(name for name, value in form.data.items() if name.endswith("-id") and value == str(m01.pk))
    form.data[row.replace("-id", "-required_level")] = "4"
    response = client.post(url, form.data)
    assert response.status_code == 302, response.context["formset"].errors
    assert position.requirements.count() == 9
    m01.refresh_from_db()
    assert m01.required_level == 4


def test_a_spare_row_with_a_level_but_no_competency_is_refused(client, admin, position):
    client.force_login(admin)
    url = reverse("programs:position_standard", args=[position.pk])
    form = BrowserForm(client.get(url).content.decode(), "requirements-TOTAL_FORMS")
    spare = int(form.data["requirements-INITIAL_FORMS"])
    form.data[f"requirements-{spare}-required_level"] = "3"
    response = client.post(url, form.data)
    assert response.status_code == 200
    assert "Bidang ini harus diisi." in response.content.decode()
    assert response.context["formset"].forms[spare]["required_level"].value() == "3"  # nothing lost
