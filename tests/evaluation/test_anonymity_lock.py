"""Anonymity holds against the admin: the attack of issue 20 closes an anonymous distribution (results show
its answers), reopens it, waits until one named person leaves the "not yet answered" list, closes it again
and reads that person's answers as the one new response. Once an anonymous distribution has answers no
edit path may reopen it, make it close later, or change its anonymity."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from evaluation.answering import make_token, submit
from evaluation.models import Distribution, Response

from .conftest import AFTER_CLASS
from .test_evaluation import answer_all, values_for

LATER = datetime.timedelta(days=30)


@pytest.fixture
def django_admin(admin):
    """The BKPSDM admin with Django admin's keys, as the demo's admin has them."""
    admin.is_staff = admin.is_superuser = True
    admin.save()
    return admin


@pytest.fixture
def answered(reaction, standard, supervisor_employee):
    """The anonymous reaction questionnaire, answered by the lurah and closed; the pegawai has not answered."""
    questions = list(standard["reaction"].questions.all())
    invitation = reaction.invitations.get(employee=supervisor_employee)
    submit(invitation=invitation, questions=questions, values=values_for(standard["reaction"]), now=AFTER_CLASS)
    return reaction


def admin_form(distribution, **changes):
    local = {
        "opens_at": distribution.opens_at,
        "closes_at": distribution.closes_at,
    }
    local.update(changes)
    data = {
        "session": distribution.session_id,
        "questionnaire": distribution.questionnaire_id,
        "purpose": distribution.purpose,
        "opens_at_0": local["opens_at"].astimezone(datetime.UTC).strftime("%Y-%m-%d"),
        "opens_at_1": local["opens_at"].astimezone(datetime.UTC).strftime("%H:%M:%S"),
        "closes_at_0": local["closes_at"].astimezone(datetime.UTC).strftime("%Y-%m-%d"),
        "closes_at_1": local["closes_at"].astimezone(datetime.UTC).strftime("%H:%M:%S"),
        "months_after": "",
        "created_by": distribution.created_by_id,
        "_save": "Simpan",
    }
    if changes.get("is_anonymous", distribution.is_anonymous):
        data["is_anonymous"] = "on"
    return data


@pytest.mark.parametrize(
    "changes",
    [
        {"closes_at_shift": LATER},  # reopen: close a month later
        {"is_anonymous": False},  # make the next answers named
    ],
    ids=["reopen", "de-anonymise"],
)
def test_django_admin_cannot_reopen_or_de_anonymise(client, django_admin, answered, changes):
    closes_at = answered.closes_at
    client.force_login(django_admin)
    url = reverse("admin:evaluation_distribution_change", args=[answered.pk])
    assert client.get(url).status_code == 200
    if "closes_at_shift" in changes:
        data = admin_form(answered, closes_at=answered.closes_at + changes["closes_at_shift"])
    else:
        data = admin_form(answered, is_anonymous=False)
    client.post(url, data)
    answered.refresh_from_db()
    assert answered.is_anonymous
    assert answered.closes_at == closes_at


def test_django_admin_offers_the_kept_fields_read_only(client, django_admin, answered):
    client.force_login(django_admin)
    page = client.get(reverse("admin:evaluation_distribution_change", args=[answered.pk])).content.decode()
    assert 'name="closes_at_0"' not in page and 'name="is_anonymous"' not in page


@pytest.mark.parametrize(
    "edit",
    [
        lambda d: setattr(d, "closes_at", d.closes_at + LATER),
        lambda d: setattr(d, "opens_at", d.opens_at + LATER),
        lambda d: setattr(d, "is_anonymous", False),
    ],
    ids=["later-close", "move-open", "named"],
)
def test_no_save_reopens_it(answered, edit):
    edit(answered)
    with pytest.raises(ValidationError, match="tidak dapat dibuka kembali"):
        answered.save()
    with pytest.raises(ValidationError):
        answered.full_clean()


@pytest.mark.parametrize(
    "update",
    [{"closes_at": AFTER_CLASS + 2 * LATER}, {"is_anonymous": False}],
    ids=["later-close", "named"],
)
def test_no_bulk_update_reopens_it(answered, update):
    closes_at = answered.closes_at
    with pytest.raises(ValidationError):
        Distribution.objects.filter(pk=answered.pk).update(**update)
    answered.refresh_from_db()
    assert answered.is_anonymous and answered.closes_at == closes_at


def test_the_whole_attack_reads_no_one_new(client, django_admin, answered, standard, pegawai_employee):
    """Close, count, try every way to reopen, let the pegawai answer: the count cannot grow."""
    after_close = answered.closes_at + datetime.timedelta(hours=1)
    before = Response.objects.filter(distribution=answered).count()
    client.force_login(django_admin)
    url = reverse("admin:evaluation_distribution_change", args=[answered.pk])
    client.post(url, admin_form(answered, closes_at=answered.closes_at + LATER))
    for reopen in (
        lambda: Distribution.objects.filter(pk=answered.pk).update(closes_at=after_close + LATER),
        lambda: (setattr(answered, "closes_at", after_close + LATER), answered.save()),
    ):
        with pytest.raises(ValidationError):
            reopen()
    invitation = answered.invitations.get(employee=pegawai_employee)
    with time_machine.travel(after_close, tick=False):
        page = client.get(reverse("evaluation:answer_by_link", args=[make_token(invitation)]))
        assert "sudah ditutup" in page.content.decode() or page.status_code == 410
        with pytest.raises(ValidationError):
            submit(
                invitation=invitation,
                questions=list(standard["reaction"].questions.all()),
                values=values_for(standard["reaction"]),
                now=after_close,
            )
    assert Response.objects.filter(distribution=answered).count() == before


def test_without_answers_it_may_still_be_edited(reaction):
    reaction.closes_at += LATER
    reaction.is_anonymous = False
    reaction.save()
    reaction.refresh_from_db()
    assert not reaction.is_anonymous


def test_it_may_still_close_early(answered):
    answered.closes_at -= datetime.timedelta(hours=1)
    answered.save()


def test_a_named_questionnaire_never_says_it_is_anonymous(client, reaction, standard, pegawai_employee):
    Distribution.objects.filter(pk=reaction.pk).update(is_anonymous=False)
    answer_all(reaction, standard["reaction"], 4)
    invitation = reaction.invitations.get(employee=pegawai_employee)
    page = client.get(reverse("evaluation:answer_by_link", args=[make_token(invitation)])).content.decode()
    assert "sudah mengisi" in page
    assert "anonim" not in page


def test_a_signed_link_stops_working_when_its_distribution_closes(client, answered, supervisor_employee):
    invitation = answered.invitations.get(employee=supervisor_employee)  # answered before the close
    url = reverse("evaluation:answer_by_link", args=[make_token(invitation)])
    with time_machine.travel(answered.closes_at - datetime.timedelta(hours=1), tick=False):
        assert client.get(url).status_code == 200
    with time_machine.travel(answered.closes_at + datetime.timedelta(minutes=1), tick=False):
        closed = client.get(url)
    assert closed.status_code == 410 and "sudah mengisi" not in closed.content.decode()
