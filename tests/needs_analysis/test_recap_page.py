"""Issue 23: the recap was one 7,200 px page (50 rows of two buttons, a raw list of 79 units, a heat
map without colour) and added the same need to the plan again on each sending."""

import pytest
from django.test import Client
from django.urls import reverse

from needs_analysis.models import Need
from programs.models import DevelopmentForm, DevelopmentProgram, PlanItem
from tests.concurrency import race

from .test_views import answered  # noqa: F401 - the fixture

PLAN = {
    "title": "Workshop pelayanan prima",
    "planned_participants": 2,
    "planned_jp": 15,
    "quarter": 2,
    "provider": "BPSDM",
    "budget": 3000000,
}


def plan_data(program):
    return dict(PLAN, program=program.pk, development_form=DevelopmentForm.objects.get(code="KL07").pk)


@pytest.fixture
def program(answered, tree):  # noqa: F811
    return DevelopmentProgram.objects.create(year=answered.year, unit=tree.a, title="Rencana Kecamatan A")


def top_need_url(client, survey):
    top = client.get(reverse("needs_analysis:survey_recap", args=[survey.pk])).context["recap"].cells[0]
    return reverse("needs_analysis:need_to_plan", args=[survey.pk, top.unit_id, top.competency_id])


def test_the_recap_opens_on_the_ranked_priorities_and_the_detail_is_a_tab_away(client, admin, answered):  # noqa: F811
    client.force_login(admin)
    url = reverse("needs_analysis:survey_recap", args=[answered.pk])
    compact = client.get(url)
    html = compact.content.decode()
    assert compact.context["view"] == "ringkas"
    assert len(compact.context["priorities"]) <= 10
    assert "Nominasikan" not in html and "heatmap" not in html and "% dari yang dinilai" not in html
    assert 'aria-current="page">Prioritas teratas' in html
    full = client.get(url, {"view": "prioritas"}).content.decode()
    assert "Nominasikan" in full
    assert "% dari yang dinilai" in client.get(url, {"view": "kompetensi"}).content.decode()
    assert "heat-" in client.get(url, {"view": "peta"}).content.decode()
    assert client.get(url, {"view": "<script>"}).context["view"] == "ringkas"


def test_the_unit_filter_is_grouped_by_parent(client, admin, answered, tree):  # noqa: F811
    client.force_login(admin)
    html = client.get(reverse("needs_analysis:survey_recap", args=[answered.pk])).content.decode()
    start = html.index('id="id_unit"')
    select = html[start : html.index("</select>", start)]
    assert f'<optgroup label="{tree.a.name}">' in select
    assert f'<option value="{tree.a.pk}">Seluruh {tree.a.name}</option>' in select
    filtered = client.get(reverse("needs_analysis:survey_recap", args=[answered.pk]), {"unit": tree.a1.pk})
    assert filtered.context["form"].is_valid()
    assert f'<option value="{tree.a1.pk}" selected>' in filtered.content.decode()


def test_a_need_in_the_plan_is_marked_and_not_added_again(client, operator, answered, program):  # noqa: F811
    client.force_login(operator)
    url = top_need_url(client, answered)
    assert client.post(url, plan_data(program)).status_code == 302
    recap = client.get(reverse("needs_analysis:survey_recap", args=[answered.pk]))
    assert recap.context["planned_count"] == 1
    cell, _unit, _competency, plan_item = recap.context["priorities"][0]
    assert plan_item == program.items.get()
    html = recap.content.decode()
    assert "Dalam rencana" in html and url not in html  # no "Jadikan rencana" for it any more
    again = client.post(url, plan_data(program), follow=True)
    assert "sudah ada dalam rencana: Workshop pelayanan prima" in again.content.decode()
    assert again.redirect_chain[-1][0] == reverse("needs_analysis:survey_recap", args=[answered.pk])
    opened = client.get(url, follow=True)  # the form is not offered again either
    assert "sudah ada dalam rencana" in opened.content.decode()
    assert PlanItem.objects.count() == 1 and Need.objects.get().plan_item == program.items.get()


def test_a_need_whose_plan_item_was_deleted_can_be_planned_again(client, operator, answered, program):  # noqa: F811
    client.force_login(operator)
    url = top_need_url(client, answered)
    client.post(url, plan_data(program))
    PlanItem.objects.all().delete()
    assert client.post(url, plan_data(program)).status_code == 302
    assert PlanItem.objects.count() == 1 and Need.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_parallel_sendings_add_the_need_to_the_plan_once(operator, answered, program):  # noqa: F811
    setup = Client()
    setup.force_login(operator)
    url = top_need_url(setup, answered)

    def send():
        client = Client()
        client.force_login(operator)
        return client.post(url, plan_data(program))

    responses, errors = race(send, 4)
    assert errors == []
    assert {response.status_code for response in responses} == {302}
    assert PlanItem.objects.count() == 1 and Need.objects.count() == 1
