"""Hostile text in every form that takes free text (property-based, hypothesis): on the demo district,
each form page is fetched, every text field is filled with whatever hypothesis draws (control
characters, formula leads, markup, any Unicode) and the other fields with what the page offers, and
the form is sent. The answer is never an error page, and markup never comes back unescaped."""

import pytest
from django import forms
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Q
from django.forms.formsets import BaseFormSet
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evaluation.answering import make_token
from evaluation.models import CommunityInput, Distribution, Invitation, Questionnaire
from needs_analysis.models import Assessment, NeedsSurvey
from programs.models import Competency, DevelopmentProgram, Employee, OrgUnit, PlanItem, Position
from training.models import Agreement, Course, Mentorship, Provider, Session

from .programs.test_hostile_input import MARKUP, hostile_text

FEW = settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
SOME_DATE = "2027-03-01"


def first(model, **filters):
    return model.objects.filter(**filters).order_by("pk").first


# (URL name, who fills it, the object of its URL or None). Every page here shows a form.
FORM_PAGES = [
    ("programs:orgunit_create", "admin", None),
    ("programs:orgunit_edit", "admin", first(OrgUnit, depth=2)),
    ("programs:employee_create", "admin", None),
    ("programs:employee_edit", "admin", first(Employee)),
    ("programs:position_create", "admin", None),
    ("programs:position_edit", "admin", first(Position)),
    ("programs:position_standard", "admin", first(Position)),
    ("programs:competency_create", "admin", None),
    ("programs:competency_edit", "admin", first(Competency)),
    ("programs:plan_create", "admin", None),
    ("programs:plan_edit", "admin", first(DevelopmentProgram)),
    ("programs:planitem_create", "admin", first(DevelopmentProgram)),
    ("programs:planitem_edit", "admin", first(PlanItem)),
    ("needs_analysis:survey_create", "admin", None),
    ("needs_analysis:survey_edit", "admin", first(NeedsSurvey)),
    ("training:course_create", "admin", None),
    ("training:course_edit", "admin", first(Course)),
    ("training:provider_create", "admin", None),
    ("training:provider_edit", "admin", first(Provider)),
    ("training:agreement_create", "admin", first(Provider)),
    ("training:agreement_edit", "admin", first(Agreement)),
    ("training:instructor_create", "admin", None),
    ("training:session_create", "admin", None),
    ("training:session_edit", "admin", first(Session, status="open")),
    ("training:mentorship_create", "admin", None),
    ("training:mentorship_log", "admin", first(Mentorship)),
    ("training:claim_create", "pegawai", None),
    ("evaluation:questionnaire_create", "admin", None),
    ("evaluation:questionnaire_detail", "admin", lambda: unlocked_questionnaire()),
    ("evaluation:community_create", "admin", None),
    ("evaluation:community_edit", "admin", first(CommunityInput)),
    ("evaluation:skm_create", "admin", None),
    ("api:token_issue", "admin", None),
    ("needs_analysis:assessment_fill", None,
     # one the ASN may still fill: its campaign is open today (the demo's closed campaign keeps drafts too)
     first(Assessment, status__in=["not_started", "draft"], employee__user__isnull=False,
           survey__status="open", survey__closes_on__gte=timezone.localdate())),
    ("evaluation:answer_by_link", None, lambda: open_invitation()),
    ("password_change", "pegawai", None),
    ("login", None, None),
    ("password_reset", None, None),
]  # fmt: skip


def unlocked_questionnaire():
    return next(questionnaire for questionnaire in Questionnaire.objects.all() if not questionnaire.is_locked)


def open_invitation():
    """An unanswered invitation, its questionnaire open now (the demo's may have closed). Not one of an
    anonymous distribution with answers: those cannot be reopened (tests/evaluation/test_anonymity_lock.py)."""
    invitation = (
        Invitation.objects.filter(answered=False)
        .filter(Q(distribution__is_anonymous=False) | Q(distribution__responses__isnull=True))
        .order_by("pk")
        .first()
    )
    now = timezone.now()
    Distribution.objects.filter(pk=invitation.distribution_id).update(
        opens_at=now - timezone.timedelta(days=1), closes_at=now + timezone.timedelta(days=7)
    )
    return invitation


def url_of(name, target):
    if target is None:
        return reverse(name)
    if name == "evaluation:answer_by_link":
        return reverse(name, args=[make_token(target)])
    return reverse(name, args=[target.pk])


def user_for(name, who, target):
    if who is not None:
        return get_user_model().objects.get(username=who)
    if name == "needs_analysis:assessment_fill":
        return target.employee.user
    return None  # the page needs no login


def choice_value(field):
    for value, _label in field.choices:
        value = getattr(value, "value", value)  # a ModelChoiceIteratorValue
        if value not in ("", None):
            return str(value)
    return ""


def fill(form, text):
    """Post data for `form`: `text` in every free-text field, what the page offers elsewhere (so a
    form can also succeed and store the text, not only refuse it)."""
    data = {}
    for name, field in form.fields.items():
        key, value = form.add_prefix(name), form[name].value()
        if field.disabled:
            continue
        if isinstance(field, forms.FileField):
            data[key] = SimpleUploadedFile("bukti.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
        elif isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
            data[key] = [str(v) for v in value] if value else [choice_value(field)]
        elif isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
            data[key] = str(value) if value not in (None, "") else choice_value(field) if field.required else ""
        elif isinstance(field, forms.BooleanField):
            data[key] = "on" if value else ""
        elif isinstance(field, forms.DateField | forms.DateTimeField):
            data[key] = str(value) if value else SOME_DATE
        elif isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
            data[key] = str(value) if value not in (None, "") else "1"
        elif isinstance(field, forms.EmailField):
            data[key] = value or "uji@example.test"
        elif isinstance(field, forms.URLField):
            data[key] = value or "https://example.test/"
        elif name.endswith("nip"):  # NIPs have their own property tests (test_hostile_input.py)
            data[key] = value or ""
        elif isinstance(field, forms.CharField):
            data[key] = text
        elif value is not None:
            data[key] = str(value)
    return data


def post_data(contexts, text):
    data, seen = {}, {id(value): value for context in contexts for value in context.flatten().values()}
    for value in seen.values():
        if isinstance(value, BaseFormSet):
            management = value.management_form
            data.update({management.add_prefix(k): v for k, v in management.initial.items()})
            for form in value.initial_forms:  # the blank extra rows stay blank
                data.update(fill(form, text))
        elif isinstance(value, forms.BaseForm) and not value.is_bound:
            data.update(fill(value, text))
    return data


def test_every_form_page_is_listed_once():
    assert len({name for name, _who, _target in FORM_PAGES}) == len(FORM_PAGES)


@pytest.mark.django_db
@pytest.mark.parametrize("name,who,target", FORM_PAGES, ids=[name for name, _w, _t in FORM_PAGES])
@FEW
@given(text=st.one_of(hostile_text, st.sampled_from(MARKUP)))
def test_hostile_text_in_a_form_gets_an_answer_not_an_error(demo_world, client, name, who, target, text):
    target = target() if target else None
    user = user_for(name, who, target)
    client.logout()
    if user is not None:
        client.force_login(user)
    url = url_of(name, target)
    page = client.get(url)
    assert page.status_code == 200, (name, page.status_code)
    data = post_data(page.context, text)
    assert data, f"{name} shows no form"
    answer = client.post(url, data)
    assert answer.status_code < 500, (name, answer.status_code)
    if text in MARKUP and answer.status_code == 200 and answer["Content-Type"].startswith("text/html"):
        assert text not in answer.content.decode(), f"{name} shows markup unescaped"
