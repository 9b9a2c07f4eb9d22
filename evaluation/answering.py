"""Answering a questionnaire: the form, scoring, and the one short transaction that stores it.

Anonymity: for an anonymous distribution the Response row has a random UUID key, no respondent,
no invitation and no timestamp, and the invitation keeps only `answered = True`. Both are written in
the same transaction, so a person answers once, HR sees who has not answered, and nothing stored leads
from an answer to its author. Responses are not in the audit trail."""

from decimal import Decimal

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Answer, Invitation, Question, Response

LINK_SALT = "bangkom.evaluation.invitation"


def make_token(invitation):
    """A signed token for the e-mail/WhatsApp link: it names the invitation and nothing else."""
    return signing.dumps(invitation.pk, salt=LINK_SALT)


def invitation_from_token(token):
    try:
        return Invitation.objects.select_related("distribution__questionnaire", "distribution__session__course").get(
            pk=signing.loads(token, salt=LINK_SALT)
        )
    except (signing.BadSignature, Invitation.DoesNotExist):
        return None


class AnswerForm(forms.Form):
    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            self.fields[f"q{question.pk}"] = self._field(question)

    @staticmethod
    def _field(question):
        common = {"label": question.text, "required": question.required}
        kind = question.type
        if kind in (Question.Type.LIKERT4, Question.Type.LIKERT5, Question.Type.SINGLE):
            return forms.TypedChoiceField(choices=question.options, coerce=int, widget=forms.RadioSelect, **common)
        if kind == Question.Type.MULTIPLE:
            return forms.TypedMultipleChoiceField(
                choices=question.options, coerce=int, widget=forms.CheckboxSelectMultiple, **common
            )
        if kind == Question.Type.NUMBER:
            return forms.DecimalField(max_digits=12, decimal_places=2, **common)
        if kind == Question.Type.SHORT_TEXT:
            return forms.CharField(max_length=500, **common)
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=5000, **common)

    def error_summary(self):
        return gettext_lazy("Masih ada %(count)d pertanyaan wajib yang belum dijawab.") % {"count": len(self.errors)}

    def rows(self):
        return [(question, self[f"q{question.pk}"]) for question in self.questions]


def is_right(question, given):
    """Whether `given` (a choice's index, a list of them, or None when skipped) is exactly the question's key:
    the one rule for a person's score, their own result page and the share answering a question right."""
    given = set(given) if isinstance(given, list) else ({given} if given is not None else set())
    return given == set(question.correct_choices)


def score(questions, values):
    """(score, max score) over the questions that carry an answer key; (None, None) when none do."""
    scored = [question for question in questions if question.is_scored]
    if not scored:
        return None, None
    total = sum((question.points for question in scored if is_right(question, values.get(question.pk))), Decimal(0))
    return total, sum((question.points for question in scored), start=Decimal(0))


def likert_percents(answers):
    """Each Likert answer as a percentage of its scale (4 -> 100 on a 1-4 scale, 80 on 1-5)."""
    return [
        answer.number * Decimal(100) / answer.question.scale
        for answer in answers
        if answer.question.type in Question.LIKERT_TYPES and answer.number is not None
    ]


def _answer(question, value):
    answer = Answer(question=question)
    if value in (None, "", []):
        return None
    if question.type == Question.Type.MULTIPLE:
        answer.choices = sorted(value)
    elif question.type in (Question.Type.LIKERT4, Question.Type.LIKERT5, Question.Type.SINGLE, Question.Type.NUMBER):
        answer.number = Decimal(value)
        if question.type == Question.Type.SINGLE:
            answer.choices = [int(value)]
    else:
        answer.text = value
    return answer


def submit(*, invitation, questions, values, now=None):
    """Store the answers: one short transaction that locks only this person's invitation row."""
    now = now or timezone.now()
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update(of=("self",)).select_related("distribution").get(pk=invitation.pk)
        )
        distribution = invitation.distribution
        if invitation.answered:
            raise ValidationError(_("Anda sudah mengisi kuesioner ini."), code="answered")
        if not distribution.opens_at <= now <= distribution.closes_at:
            raise ValidationError(_("Kuesioner ini sudah ditutup."), code="closed")
        total, maximum = score(questions, values)
        anonymous = distribution.is_anonymous
        answers = [answer for question in questions if (answer := _answer(question, values.get(question.pk)))]
        likert = likert_percents(answers)
        response = Response.objects.create(
            distribution=distribution,
            role="" if anonymous else invitation.role,
            score=total,
            max_score=maximum,
            invitation=None if anonymous else invitation,
            submitted_at=None if anonymous else now,
            likert_total=sum(likert, start=Decimal(0)),
            likert_answers=len(likert),
        )
        for answer in answers:
            answer.response = response
        Answer.objects.bulk_create(answers)
        invitation.answered = True
        invitation.save(update_fields=["answered"])
    return response


def choice_labels(question, indexes):
    """The labels of the chosen options, as a person reads them."""
    labels = dict(question.options)
    return "; ".join(str(labels.get(index, index)) for index in indexes)


def display_value(answer):
    """An answer as a person reads it: the chosen labels, the number, or the text."""
    question = answer.question
    if question.type in (Question.Type.MULTIPLE, Question.Type.SINGLE) and answer.choices:
        return choice_labels(question, answer.choices)
    labels = dict(question.options)
    if answer.number is not None:
        return str(labels.get(int(answer.number), answer.number)) if question.scale else f"{answer.number.normalize()}"
    return answer.text
