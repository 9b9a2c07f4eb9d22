"""The community satisfaction survey (SKM): the report computed in the database, and the guards that
keep a public, login-free form honest (rate limit, honeypot, timing, duplicates) without storing who
sent what."""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.text import capfirst

from core.addresses import salted_address

from .ikm import from_sums, sample_size
from .models import UNSUR, UNSUR_FIELDS, RejectedSubmission, ServiceResponse, SkmAttempt, UnsurCompetency

RATE_LIMIT_PER_HOUR = 20  # submissions per address per survey; a counter at a busy office stays well below
DUPLICATE_WINDOW = 10 * 60  # identical answers from the same address within ten minutes count once
MIN_SECONDS = 5  # a person needs longer than this to read nine questions
FORM_SALT = "bangkom.skm.form"


PROFILE_FIELDS = ("gender", "education", "occupation")


def report(survey):
    """IKM, unsur bands, sample and profile of a survey's responses (three aggregate queries), or of
    the summary kept when its raw responses were deleted at the end of their retention."""
    summary = survey.summary if survey.raw_deleted_on else summarize(survey)
    result = from_sums(summary["count"], summary["sums"], summary["answered"])
    profile = []  # (heading, [(label, count) per choice]) per respondent field
    for name in PROFILE_FIELDS:
        field = ServiceResponse._meta.get_field(name)
        counts = summary["profile"][name]
        rows = [(label, counts.get(value, 0)) for value, label in field.choices]
        profile.append((capfirst(field.verbose_name), rows))
    needed = sample_size(survey.population)
    return {
        "result": result,
        "unsur": [(info, unsur) for info, unsur in zip(UNSUR, result.unsur, strict=True)],
        "profile": profile,
        "ages": summary["ages"],
        "services": [tuple(row) for row in summary["services"]],
        "sample": needed,
        "short": bool(survey.population) and result.questionnaires < needed,
        # (label, count) per reason, so the page shows words, not codes.
        "rejections": [
            (RejectedSubmission.Reason(reason).label, count)
            for reason, count in RejectedSubmission.objects.filter(survey=survey)
            .order_by()
            .values_list("reason")
            .annotate(n=Count("pk"))
        ],
        # Identical suggestions grouped with how often they were given, the most frequent first.
        # Free text can name people, so it goes with the raw responses.
        "suggestions": []
        if survey.raw_deleted_on
        else list(
            ServiceResponse.objects.filter(survey=survey)
            .exclude(suggestion="")
            .order_by()
            .values_list("suggestion")
            .annotate(n=Count("pk"))
            .order_by("-n")[:50]
        ),
    }


def summarize(survey):
    """Everything the survey's report needs from its raw responses, as plain JSON-able counts."""
    responses = ServiceResponse.objects.filter(survey=survey)
    sums = responses.aggregate(**unsur_sums())
    return {
        "count": sums["count"],
        "sums": [sums[f"{field}_sum"] or 0 for field in UNSUR_FIELDS],
        "answered": [sums[f"{field}_n"] for field in UNSUR_FIELDS],
        "profile": {
            name: dict(responses.order_by().values_list(name).annotate(n=Count("pk"))) for name in PROFILE_FIELDS
        },
        "ages": responses.aggregate(
            under_25=Count("pk", filter=Q(age__lt=25)),
            age_25_44=Count("pk", filter=Q(age__gte=25, age__lt=45)),
            age_45_64=Count("pk", filter=Q(age__gte=45, age__lt=65)),
            over_65=Count("pk", filter=Q(age__gte=65)),
        ),
        "services": [
            list(row)
            for row in responses.exclude(service_type="")
            .order_by()
            .values_list("service_type")
            .annotate(n=Count("pk"))
            .order_by("-n")
        ],
    }


def prune_raw_responses(today=None):
    """UU PDP: keep citizens' raw answers no longer than needed. A survey whose period ended more than
    BANGKOM["SKM_RAW_RETENTION_YEARS"] ago keeps its summary (every figure of its report) and loses
    its raw responses and suggestions. Returns how many surveys were summarised."""
    from .models import ServiceSurvey

    years = settings.BANGKOM["SKM_RAW_RETENTION_YEARS"]
    if years <= 0:
        return 0
    today = today or timezone.localdate()
    try:
        cutoff = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        cutoff = today.replace(year=today.year - years, day=28)
    pruned = 0
    for survey_id in ServiceSurvey.objects.filter(ends_on__lt=cutoff, raw_deleted_on=None).values_list("pk", flat=True):
        with transaction.atomic():
            survey = ServiceSurvey.objects.select_for_update().get(pk=survey_id)
            if survey.raw_deleted_on:
                continue
            survey.summary = summarize(survey)
            survey.raw_deleted_on = today
            survey.save(update_fields=["summary", "raw_deleted_on"])
            ServiceResponse.objects.filter(survey=survey).delete()
            pruned += 1
    return pruned


def form_token():
    """The form's timing token, also its one-time identity: a random part makes each shown form unique."""
    return signing.dumps({"shown": timezone.now().timestamp(), "nonce": secrets.token_hex(8)}, salt=FORM_SALT)


def refusal(request, survey, cleaned):
    """The reason to refuse a public submission, or None when it is to be stored. Called inside the
    transaction that stores the answer: the form's token is claimed with it, so a form sent twice (a
    double tap, a replayed token, with or without JavaScript, in several server processes at once) is
    stored once. The limits count per client address, so one address's flood never blocks the others."""
    if request.POST.get("website"):
        return RejectedSubmission.Reason.HONEYPOT
    token = request.POST.get("started", "")
    try:
        shown = signing.loads(token, salt=FORM_SALT, max_age=24 * 3600)["shown"]
    except (signing.BadSignature, TypeError, KeyError):
        return RejectedSubmission.Reason.TOO_FAST
    now = timezone.now()
    if now.timestamp() - shown < MIN_SECONDS:
        return RejectedSubmission.Reason.TOO_FAST
    SkmAttempt.objects.filter(attempted_at__lt=now - datetime.timedelta(hours=1)).delete()
    # Kept only as a salted hash, for as long as the limits need it (an hour).
    address = salted_address(request)
    fingerprint = hashlib.sha256(repr(sorted(cleaned.items())).encode()).hexdigest()[:24]
    attempts = SkmAttempt.objects.filter(survey=survey, address=address)
    attempt = SkmAttempt(survey=survey, address=address, fingerprint=fingerprint, attempted_at=now)
    if attempts.filter(attempted_at__gte=now - datetime.timedelta(hours=1)).count() >= RATE_LIMIT_PER_HOUR:
        attempt.save()
        return RejectedSubmission.Reason.RATE_LIMIT
    if attempts.filter(
        fingerprint=fingerprint,
        token_digest__isnull=False,
        attempted_at__gte=now - datetime.timedelta(seconds=DUPLICATE_WINDOW),
    ).exists():
        attempt.save()
        return RejectedSubmission.Reason.DUPLICATE
    attempt.token_digest = hashlib.sha256(token.encode()).hexdigest()
    try:
        with transaction.atomic():
            attempt.save()
    except IntegrityError:
        first = SkmAttempt.objects.filter(token_digest=attempt.token_digest).first()
        attempt.pk, attempt.token_digest = None, None
        attempt.save()
        same = first is not None and first.fingerprint == fingerprint
        return RejectedSubmission.Reason.DUPLICATE if same else RejectedSubmission.Reason.REPLAYED
    return None


def result_from_row(row):
    """An IkmResult from a row aggregated with unsur_sums()."""
    return from_sums(row["count"], [row[f"{f}_sum"] or 0 for f in UNSUR_FIELDS], [row[f"{f}_n"] for f in UNSUR_FIELDS])


def results_for(surveys):
    """{survey id: IkmResult} for the surveys that have responses, in one grouped query (those whose
    raw responses were deleted answer from their summary)."""
    surveys = list(surveys)
    found = {
        survey.pk: from_sums(survey.summary["count"], survey.summary["sums"], survey.summary["answered"])
        for survey in surveys
        if survey.raw_deleted_on and survey.summary["count"]
    }
    live = [survey for survey in surveys if not survey.raw_deleted_on]
    rows = ServiceResponse.objects.filter(survey__in=live).values("survey_id").annotate(**unsur_sums())
    found.update((row["survey_id"], result_from_row(row)) for row in rows)
    return found


def unsur_sums():
    return {
        "count": Count("pk"),
        **{f"{field}_sum": Sum(field) for field in UNSUR_FIELDS},
        **{f"{field}_n": Count(field) for field in UNSUR_FIELDS},
    }


def weak_unsur(units, *, bands=("C", "D")):
    """For each unit, its latest survey's unsur in the weak bands and the competencies they point to:
    [(unit, survey, [(unsur name, band, [competency name, ...])])] — in three queries."""
    from .models import ServiceSurvey

    mapping = {}
    for unsur, competency in UnsurCompetency.objects.values_list("unsur", "competency__name"):
        mapping.setdefault(unsur, []).append(competency)
    latest = {}
    for survey in ServiceSurvey.objects.filter(unit__in=units).select_related("unit").order_by("unit_id", "-ends_on"):
        latest.setdefault(survey.unit_id, survey)
    by_survey = {latest_survey.pk: latest_survey for latest_survey in latest.values()}
    found = []
    for survey_id, data in results_for(by_survey.values()).items():
        weak = [
            (name, unsur.band, mapping.get(number, []))
            for (number, name, _labels), unsur in zip(UNSUR, data.unsur, strict=True)
            if unsur.band in bands
        ]
        if weak:
            survey = by_survey[survey_id]
            found.append((survey.unit, survey, weak))
    return sorted(found, key=lambda entry: entry[0].path)


def ikm_around(session):
    """Level 4: for the service units whose staff completed `session`, the IKM of the last survey
    before it and the first one after it: [(unit, before, after)] with converted values or None."""
    from programs.models import OrgUnit
    from training.models import Enrolment

    from .models import ServiceSurvey

    paths = set(
        Enrolment.objects.filter(session=session, status=Enrolment.Status.COMPLETED).values_list(
            "employee__unit__path", flat=True
        )
    )
    if not paths:
        return []
    prefixes = {path[:length] for path in paths for length in range(OrgUnit.steplen, len(path) + 1, OrgUnit.steplen)}
    surveys = list(
        ServiceSurvey.objects.filter(unit__path__in=prefixes, unit__is_service_unit=True)
        .select_related("unit")
        .order_by("unit__path", "starts_on")
    )
    results = results_for(surveys)

    def converted(survey):
        result = results.get(survey.pk)
        return result.converted if result else None

    found = {}
    for survey in surveys:
        entry = found.setdefault(survey.unit_id, [survey.unit, None, None])
        if session.starts_on and survey.ends_on < session.starts_on:
            entry[1] = (survey, converted(survey))
        elif session.ends_on and survey.starts_on > session.ends_on and entry[2] is None:
            entry[2] = (survey, converted(survey))
    return [tuple(entry) for entry in found.values() if entry[1] or entry[2]]
