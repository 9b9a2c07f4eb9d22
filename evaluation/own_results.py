"""What a person sees of a questionnaire they have sent: their own answers and, on a test, their score at
once; the right answers only once the test has closed, and the other tests of the session that ask the
same questions too (a pre-test's key would otherwise give away its post-test).

Only the person's own response is read, through their invitation. An anonymous response has no link back
to its author, so an anonymous test shows its score once, on the page that answers the sending, and
afterwards only the key (the same for everyone)."""

from django.db.models import Max
from django.utils import timezone

from .answering import choice_labels, display_value, is_right
from .models import Distribution, Response


def key_shown_from(distribution):
    """When the right answers of a test may be shown: once every distribution of its session that asks
    the same questionnaire has closed."""
    return Distribution.objects.filter(
        session_id=distribution.session_id, questionnaire_id=distribution.questionnaire_id
    ).aggregate(last=Max("closes_at"))["last"]


def own_result(invitation, *, show_answers, now=None):
    """The rows of the person's answered page: per question what they answered and, once the key may be
    shown, the right answer and whether theirs was right. `show_answers` is False for an anonymous
    distribution and for a signed link (a forwarded link must not show someone's answers)."""
    now = now or timezone.now()
    distribution = invitation.distribution
    response = Response.objects.filter(invitation=invitation).first() if show_answers else None
    questions = list(distribution.questionnaire.questions.order_by("order", "id"))
    scored = any(question.is_scored for question in questions)
    key_from = key_shown_from(distribution) if scored else None
    key_shown = key_from is not None and key_from <= now
    answers = {answer.question_id: answer for answer in response.answers.select_related("question")} if response else {}
    rows = []
    for question in questions:
        answer = answers.get(question.pk)
        if response is not None and answer is None and not question.is_scored:
            continue  # an optional question left empty
        row = {"question": question, "given": display_value(answer) if answer else None}
        if key_shown and question.is_scored:
            row["right"] = choice_labels(question, question.correct_choices)
            if response is not None:
                row["correct"] = is_right(question, answer.choices if answer else None)
        rows.append(row)
    return {"response": response, "rows": rows, "scored": scored, "key_shown": key_shown, "key_from": key_from}
