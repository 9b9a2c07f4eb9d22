"""Where the read API lists what a page lists, both filter alike (training/lists.py's FilterSets)."""

import pytest
from django.urls import reverse

from tests.training.conftest import make_session
from training.models import Course

pytestmark = pytest.mark.django_db


def test_the_catalogue_page_and_the_api_search_the_same_fields(client, pegawai, workshop, token_for):
    Course.objects.filter(pk=workshop.pk).update(description="Berbicara di depan warga")
    client.force_login(pegawai)
    for text in ("komunikasi", "WS-KOM", "depan warga"):  # title, code, description
        assert [c.pk for c in client.get(reverse("training:course_list"), {"q": text}).context["page_obj"]] == [
            workshop.pk
        ]
        found = client.get("/api/v1/courses/", {"q": text}, **token_for(pegawai)).json()["results"]
        assert [course["id"] for course in found] == [workshop.pk]


def test_the_schedule_page_and_the_api_search_sessions_alike(client, operator, admin, tree, workshop, token_for):
    session = make_session(workshop, tree.a, admin, name="Angkatan Istimewa")
    client.force_login(operator)
    for text in ("komunikasi", "istimewa"):  # the programme's title, the batch's name
        page = client.get(reverse("training:session_list"), {"q": text, "all": 1}).context["page_obj"]
        assert [s.pk for s in page] == [session.pk]
        found = client.get("/api/v1/sessions/", {"q": text}, **token_for(operator)).json()["results"]
        assert [s["id"] for s in found] == [session.pk]
