"""Evaluation figures, computed in the database in a constant number of queries.

Scores on a Likert question are also read as a percentage of its scale (score / scale x 100), so 1-4
and 1-5 questions can be averaged together per section, session, course, provider and instructor."""

from collections import defaultdict
from decimal import Decimal

from django.conf import settings
from django.db.models import Avg, Case, Count, DecimalField, ExpressionWrapper, F, FloatField, Q, Sum, Value, When
from django.db.models.functions import Cast, NullIf
from django.utils import timezone

from .answering import is_right
from .models import Answer, Invitation, Question, Response

PERCENT = DecimalField(max_digits=7, decimal_places=2)


def low_threshold():
    return Decimal(settings.BANGKOM.get("EVALUATION_LOW_PERCENT", 75))


def likert_percent():
    """An expression: a Likert answer as a percentage of its question's scale."""
    return ExpressionWrapper(
        Case(
            When(question__type=Question.Type.LIKERT4, then=F("number") * Value(Decimal(25))),
            When(question__type=Question.Type.LIKERT5, then=F("number") * Value(Decimal(20))),
            output_field=PERCENT,
        ),
        output_field=PERCENT,
    )


LIKERT = Question.LIKERT_TYPES


def shares_right(distribution, questions):
    """{question id: the share of the responses answering it right} for the questions with a key (a
    skipped question is not right, as in the score). Read answer by answer, so the rule is
    answering.is_right's own: a test is one session's, a few dozen people."""
    scored = {question.pk: question for question in questions if question.is_scored}
    if not scored:
        return {}
    responses = distribution.responses.count()
    right = defaultdict(int)
    for question_id, chosen in Answer.objects.filter(
        response__distribution=distribution, question_id__in=list(scored)
    ).values_list("question_id", "choices"):
        right[question_id] += is_right(scored[question_id], chosen)
    return {pk: (Decimal(right[pk]) / responses if responses else None) for pk in scored}


def distribution_results(distribution):
    """Response rate, per question mean and spread (or, on a test, the share answering right), per section
    mean, comments (seven queries)."""
    questions = list(distribution.questionnaire.questions.select_related("section").order_by("order", "id"))
    invited = distribution.invitations.count()
    answered = distribution.invitations.filter(answered=True).count()
    answers = Answer.objects.filter(response__distribution=distribution)
    right = shares_right(distribution, questions)
    means = {
        row["question_id"]: row
        for row in answers.filter(number__isnull=False)
        .values("question_id")
        .annotate(mean=Avg("number"), count=Count("pk"), percent=Avg(likert_percent()))
    }
    spread = defaultdict(dict)
    for question_id, number, count in (
        answers.filter(number__isnull=False).values_list("question_id", "number").annotate(count=Count("pk")).order_by()
    ):
        spread[question_id][int(number)] = count
    multi = defaultdict(lambda: defaultdict(int))
    for question_id, chosen in answers.filter(question__type=Question.Type.MULTIPLE).values_list(
        "question_id", "choices"
    ):
        for index in chosen:
            multi[question_id][index] += 1
    comments = defaultdict(list)
    for question_id, text in answers.exclude(text="").values_list("question_id", "text"):
        comments[question_id].append(text)
    rows, sections = [], defaultdict(list)
    threshold = low_threshold()
    for question in questions:
        stats = means.get(question.pk, {})
        counts = multi.get(question.pk) or spread.get(question.pk, {})
        options = [(label, counts.get(value, 0)) for value, label in question.options]
        percent = stats.get("percent")
        if question.type in LIKERT and percent is not None:
            sections[question.section.title if question.section else ""].append(percent)
        rows.append(
            {
                "question": question,
                # A mean of numbers and scales; the mean of a choice's position says nothing.
                "mean": stats.get("mean") if question.scale or question.type == Question.Type.NUMBER else None,
                "correct": right.get(question.pk),
                "count": stats.get("count", 0),
                "percent": percent,
                "options": options,
                "comments": sorted(comments.get(question.pk, [])),  # sorted: their order says nothing
                "low": percent is not None and percent < threshold,
            }
        )
    section_rows = [(title, sum(values) / len(values)) for title, values in sections.items()]
    return {
        "invited": invited,
        "answered": answered,
        "rate": (answered / invited) if invited else 0,
        "rows": rows,
        "sections": section_rows,
        "threshold": threshold,
        "overall": (sum(value for _title, value in section_rows) / len(section_rows)) if section_rows else None,
    }


def test_results(session):
    """Level 2: per participant pre and post percentages, gain and normalised gain; and the means."""
    scores = Response.objects.filter(
        distribution__session=session,
        distribution__purpose__in=["pre_test", "post_test"],
        max_score__gt=0,
        invitation__isnull=False,
    ).values_list(
        "invitation__employee_id", "invitation__employee__name", "distribution__purpose", "score", "max_score"
    )
    people = {}
    for employee_id, name, purpose, score, maximum in scores:
        people.setdefault(employee_id, {"name": name})[purpose] = score * 100 / maximum
    rows = []
    for person in sorted(people.values(), key=lambda p: p["name"]):
        pre, post = person.get("pre_test"), person.get("post_test")
        gain = post - pre if pre is not None and post is not None else None
        normalised = (gain / (100 - pre)) if gain is not None and pre < 100 else None
        rows.append({"name": person["name"], "pre": pre, "post": post, "gain": gain, "normalised": normalised})

    def mean(key):
        values = [row[key] for row in rows if row[key] is not None]
        return sum(values) / len(values) if values else None

    pre, post = mean("pre"), mean("post")
    return {
        "rows": rows,
        "pre": pre,
        "post": post,
        "gain": post - pre if pre is not None and post is not None else None,
        "normalised": ((post - pre) / (100 - pre)) if pre is not None and post is not None and pre < 100 else None,
    }


def follow_up_pairs(distribution):
    """Level 3 per alumnus: their own view and their supervisor's, question by question."""
    answers = Answer.objects.filter(
        response__distribution=distribution, response__invitation__isnull=False, number__isnull=False
    ).values_list(
        "response__invitation__role",
        "response__invitation__employee_id",
        "response__invitation__about_id",
        "response__invitation__employee__name",
        "response__invitation__about__name",
        "question_id",
        "number",
    )
    people = {}
    for role, employee_id, about_id, name, about_name, question_id, number in answers:
        # The alumnus is the one who answered, or the one their supervisor rated: named either way.
        alumnus, alumnus_name = (about_id, about_name) if role == Invitation.Role.SUPERVISOR else (employee_id, name)
        entry = people.setdefault(alumnus, {"self": {}, "supervisor": {}, "name": alumnus_name})
        entry["self" if role == Invitation.Role.PARTICIPANT else "supervisor"][question_id] = number
    questions = list(distribution.questionnaire.questions.filter(type__in=LIKERT).order_by("order", "id"))
    return questions, sorted(people.values(), key=lambda entry: entry["name"] or "")


def likert_mean():
    """The mean Likert percentage over the responses being aggregated (as AVG over their answers)."""
    # In floating point: SQLite keeps these whole-number sums as integers and would divide them as such.
    return ExpressionWrapper(
        Cast(Sum("likert_total"), FloatField()) / Cast(NullIf(Sum("likert_answers"), 0), FloatField()),
        output_field=FloatField(),
    )


def refresh_likert_sums(responses):
    """Recompute the responses' Likert sums from their answers (for rows written in bulk, which
    bypass answering.submit): one grouped query and one bulk update."""
    sums = {
        row["response_id"]: row
        for row in Answer.objects.filter(response__in=responses, question__type__in=LIKERT, number__isnull=False)
        .values("response_id")
        .annotate(total=Sum(likert_percent()), count=Count("pk"))
        .order_by()
    }
    changed = []
    for response in Response.objects.filter(pk__in=responses).only("pk", "likert_total", "likert_answers"):
        row = sums.get(response.pk, {"total": Decimal(0), "count": 0})
        response.likert_total, response.likert_answers = row["total"], row["count"]
        changed.append(response)
    Response.objects.bulk_update(changed, ["likert_total", "likert_answers"], batch_size=2000)
    return len(changed)


def scores_by(field, *, purposes=("reaction", "follow_up"), **filters):
    """Mean Likert percentage grouped by `field` of the session (e.g. "provider", "course", "instructors"),
    with the number of sessions, responses and answers, computed in one query over responses (their
    Likert sums) rather than answers. `filters` apply to the response (e.g. distribution__session=session).
    Distributions whose results are still hidden (hidden_for_anonymity) are left out, or a course with
    one session would show that session's few answers before they may be seen."""
    key = f"distribution__session__{field}"
    rows = (
        Response.objects.filter(distribution__purpose__in=purposes, likert_answers__gt=0, **filters)
        .exclude(still_hidden())
        .values(key)
        .annotate(
            percent=likert_mean(),
            answers=Sum("likert_answers"),
            responses=Count("pk"),
            sessions=Count("distribution__session", distinct=True),
        )
        .order_by("percent")
    )
    threshold = low_threshold()
    return [
        {
            "key": row[key],
            "percent": row["percent"],
            "answers": row["answers"],
            "responses": row["responses"],
            "sessions": row["sessions"],
            "low": row["percent"] is not None and row["percent"] < threshold,
        }
        for row in rows
        if row[key] is not None
    ]


def still_hidden(now=None):
    """A condition on responses: those of distributions hidden_for_anonymity hides (anonymous, and
    open or with fewer than three answers). The thinly answered ones are few and found by one count
    of the anonymous responses per distribution (each answer of an anonymous questionnaire is one
    response); a count of every distribution's invitations inside the scores' query doubled the
    scoreboard's time."""
    thin = (
        Response.objects.filter(distribution__is_anonymous=True)
        .values("distribution_id")
        .annotate(answered=Count("pk"))
        .filter(answered__lt=MIN_ANONYMOUS_RESPONSES)
        .values_list("distribution_id", flat=True)
    )
    return Q(distribution__is_anonymous=True, distribution__closes_at__gt=now or timezone.now()) | Q(
        distribution_id__in=list(thin)
    )


def low_scores_for_competencies(competency_ids):
    """Courses developing these competencies whose reaction or follow-up scores fell below the
    threshold, with how many sessions were low (the loop back to needs analysis and the plan).
    Two queries: the score per session of the courses concerned, then which of the competencies
    each low course develops; joining the competencies into the first multiplied every response
    by the course's competencies (75 ms on a province's 74,000 responses)."""
    from training.models import CourseCompetency

    per_session = (
        Response.objects.filter(
            distribution__purpose__in=["reaction", "follow_up"],
            likert_answers__gt=0,
            distribution__session__course__in=CourseCompetency.objects.filter(competency_id__in=competency_ids).values(
                "course_id"
            ),
        )
        .values("distribution__session_id", "distribution__session__course_id", "distribution__session__course__title")
        .annotate(percent=likert_mean())
        .order_by()
    )
    threshold = low_threshold()
    low = defaultdict(lambda: {"low_sessions": 0, "title": ""})
    for row in per_session:
        if row["percent"] is not None and row["percent"] < threshold:
            course = low[row["distribution__session__course_id"]]
            course["low_sessions"] += 1
            course["title"] = row["distribution__session__course__title"]
    found = {}
    for competency_id, course_id in CourseCompetency.objects.filter(
        course_id__in=list(low), competency_id__in=competency_ids
    ).values_list("competency_id", "course_id"):
        found[(competency_id, course_id)] = dict(low[course_id])
    return found


MIN_ANONYMOUS_RESPONSES = 3


def hidden_for_anonymity(distribution, now=None):
    """Anonymous results are shown only after the distribution has closed and at least three people
    have answered, so nobody can be singled out by comparing the results before and after they answer."""
    if not distribution.is_anonymous:
        return False
    now = now or timezone.now()
    answered = distribution.invitations.filter(answered=True).count()
    return distribution.closes_at > now or answered < MIN_ANONYMOUS_RESPONSES
