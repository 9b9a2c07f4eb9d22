"""Issue 22, point 6: one way of writing dates, times and money on every page and in every document.
The main pages (as the admin and as a unit's operator) and the PDFs are rendered from the demo district,
and what a person reads on them (the text, not the tags, attributes or scripts) holds no other date
or money form than core/formats.py writes: `5 Desember 2026`, `Senin, 9 November 2026`, `08.00 WIB`,
`Rp7.500.000`, `Rp7.500.000,00`. Form inputs and ISO dates in attributes are machine formats and are
not text, so they are not looked at."""

import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from evaluation.models import Distribution, ServiceSurvey
from needs_analysis.models import NeedsSurvey
from programs.models import DevelopmentProgram, Employee
from tests import word
from tests.core.test_pdf import pdf_text
from training.models import Certificate, Course, Enrolment, Mentorship, Provider, Session

pytestmark = pytest.mark.django_db

# What must not be read anywhere; each with the form it should have been written in.
FORBIDDEN = [
    (re.compile(r"\b\d{2}-\d{2}-\d{4}\b"), "05-12-2026 (write 5 Desember 2026)"),
    (re.compile(r"\b\d{1,2}/\d{1,2}/\d{4}\b"), "5/12/2026 (write 5 Desember 2026)"),
    (
        # `Mei`/`May` are whole month names; every other month abbreviated, with or without a dot.
        re.compile(r"\b\d{1,2} (Jan|Feb|Mar|Apr|Jun|Jul|Agu|Agt|Aug|Sep|Sept|Okt|Oct|Nov|Des|Dec)\.? \d{4}\b"),
        "15 Mar 2027 (write 15 Maret 2027)",
    ),
    (re.compile(r"\bRp\s+\d"), "Rp 7.500.000 (write Rp7.500.000)"),
    (re.compile(r"(?<![\d.])\d{1,2}:\d{2}\b"), "08:00 (write 08.00 WIB)"),
]
RUPIAH = re.compile(r"Rp\d[\d.,]*")
RUPIAH_ALLOWED = re.compile(r"Rp\d{1,3}(\.\d{3})*(,\d{2})?")


class VisibleText(HTMLParser):
    """The text a person reads on a page: no tags, attribute values, scripts or styles."""

    def __init__(self):
        super().__init__()
        self.parts, self.hidden = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self.hidden += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template") and self.hidden:
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def visible_text(html):
    parser = VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def wrong_forms(text):
    """Every date, time or money text in `text` that is not one of the allowed forms."""
    found = []
    for pattern, advice in FORBIDDEN:
        found += [f"{match.group(0)!r}: {advice}" for match in pattern.finditer(text)]
    for match in RUPIAH.finditer(text):
        amount = match.group(0).rstrip(".,")  # the full stop or comma of the sentence
        if not RUPIAH_ALLOWED.fullmatch(amount):
            found.append(f"{amount!r}: write Rp7.500.000 or Rp7.500.000,00")
    return found


def test_the_check_knows_the_old_forms():
    old = "05-12-2026 · 5/12/2026 · 15 Mar 2027 · 3 Des. 2026 · Rp 122.500.000 · Rp7,500,000 · 08:00"
    assert len(wrong_forms(old)) == 7
    good = "5 Desember 2026 · Senin, 9 November 2026 · 5 Mei 2027 · 08.00 WIB · 08.00–12.00 WIB · Rp7.500.000."
    assert wrong_forms(good + " Rp7.500.000,00, 2026-12-05") == []


def user(username):
    return get_user_model().objects.get(username=username)


def richest(queryset, relation):
    """The object of `queryset` with the most `relation` rows: the page with the most to show."""
    return queryset.annotate(_rows=Count(relation)).order_by("-_rows", "pk").first()


def page_urls(who):
    """The main pages, with objects in `who`'s scope."""
    managed = Session.objects.editable_by(who)
    session = richest(managed.exclude(cost=0), "enrolments") or richest(Session.objects.for_user(who), "enrolments")
    plan = richest(DevelopmentProgram.objects.for_user(who), "items")
    employee = richest(Employee.objects.for_user(who), "learning_records")
    survey = ServiceSurvey.objects.for_user(who).order_by("pk").first()
    needs = richest(NeedsSurvey.objects.for_user(who), "assessments")
    distribution = Distribution.objects.filter(session__in=Session.objects.editable_by(who)).order_by("pk").first()
    certificate = Certificate.objects.filter(enrolment__in=Enrolment.objects.for_user(who)).order_by("pk").first()
    urls = [
        reverse("reports:home"),
        reverse("training:session_list"),
        reverse("training:calendar"),
        session.get_absolute_url(),
        reverse("training:course_list"),
        reverse("training:course_detail", args=[richest(Course.objects.all(), "sessions").pk]),
        reverse("training:provider_list"),
        reverse("training:provider_detail", args=[richest(Provider.objects.all(), "agreements").pk]),
        reverse("programs:plan_list"),
        reverse("programs:plan_detail", args=[plan.pk]),
        reverse("reports:plan_coverage", args=[plan.pk]),
        reverse("training:compliance"),
        reverse("programs:employee_detail", args=[employee.pk]),
        reverse("training:employee_learning", args=[employee.pk]),
        reverse("training:claim_list"),
        reverse("training:approval_list"),
        reverse("training:mentorship_list"),
        reverse("evaluation:skm_list"),
        reverse("evaluation:community_list"),
        reverse("needs_analysis:survey_list"),
        reverse("needs_analysis:survey_detail", args=[needs.pk]),
        reverse("needs_analysis:survey_recap", args=[needs.pk]),
        reverse("reports:annual_report"),
        reverse("core:job_list"),
    ]
    if survey:
        urls += [reverse("evaluation:skm_detail", args=[survey.pk]), reverse("evaluation:skm_compare")]
    if distribution:
        urls.append(reverse("evaluation:distribution_detail", args=[distribution.pk]))
    if managed.filter(pk=session.pk).exists():
        urls.append(reverse("training:session_participants", args=[session.pk]))
        urls.append(reverse("training:roster", args=[session.pk, session.days.order_by("date").first().pk]))
    if certificate:
        urls.append(reverse("training:certificate_verify", args=[certificate.verification_code]))
    if who.username == "admin":
        urls.append(reverse("evaluation:scoreboard"))  # the providers' scores are the agency's (403 to units)
    mentorship = Mentorship.objects.for_user(who).order_by("pk").first()
    if mentorship:
        urls.append(reverse("training:mentorship_log", args=[mentorship.pk]))
    return urls


@pytest.mark.parametrize("username", ["admin", "operator"])
def test_pages_write_dates_times_and_money_one_way(demo_world, client, username):
    who = user(username)
    client.force_login(who)
    problems = {}
    for url in page_urls(who):
        response = client.get(url)
        assert response.status_code == 200, url
        found = wrong_forms(visible_text(response.content.decode()))
        if found:
            problems[url] = found
    assert problems == {}


def test_the_public_certificate_check_writes_dates_one_way(demo_world, client):
    certificate = Certificate.objects.order_by("pk").first()
    text = visible_text(
        client.get(reverse("training:certificate_verify", args=[certificate.verification_code])).content.decode()
    )
    assert wrong_forms(text) == [] and re.search(r"\d{1,2} [A-Z][a-z]+ \d{4}", text)


def test_employees_pages_write_dates_one_way(demo_world, client):
    client.force_login(user("pegawai"))
    for url in (reverse("reports:home"), reverse("training:learning_history"), reverse("evaluation:my_questionnaires")):
        response = client.get(url)
        assert response.status_code == 200, url
        assert wrong_forms(visible_text(response.content.decode())) == [], url


def pdf_urls(who):
    plan = richest(DevelopmentProgram.objects.for_user(who), "items")
    employee = richest(Employee.objects.for_user(who), "learning_records")
    certificate = Certificate.objects.filter(enrolment__in=Enrolment.objects.for_user(who)).order_by("pk").first()
    needs = richest(NeedsSurvey.objects.for_user(who), "assessments")
    survey = ServiceSurvey.objects.for_user(who).order_by("pk").first()
    return [
        reverse("programs:plan_pdf", args=[plan.pk]),
        reverse("training:schedule_pdf"),
        reverse("training:certificate_pdf", args=[certificate.pk]),
        reverse("training:transcript_pdf", args=[employee.pk]),
        reverse("needs_analysis:survey_pdf", args=[needs.pk]),
        reverse("evaluation:skm_pdf", args=[survey.pk]),
    ]


def pdf_of(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return " ".join(pdf_text(content).split())


def test_documents_write_dates_times_and_money_one_way(demo_world, client):
    admin = user("admin")
    client.force_login(admin)
    problems = {}
    for url in pdf_urls(admin):
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf", url
        text = pdf_of(response)
        found = wrong_forms(text)
        if found:
            problems[url] = found
    assert problems == {}
    # The footer of every PDF: when it was printed, as a date and a time with its zone.
    assert re.search(r"Bangkom · \d{1,2} [A-Z][a-z]+ \d{4} \d{2}\.\d{2} WIB", text)


def test_the_annual_report_writes_dates_and_money_one_way(demo_world, client, django_capture_on_commit_callbacks):
    client.force_login(user("admin"))
    year = timezone.localdate().year  # the demo's year of work
    with django_capture_on_commit_callbacks(execute=True):
        queued = client.post(reverse("reports:annual_report"), {"year": year})
    job = queued.url.rstrip("/").split("/")[-1]
    text = pdf_of(client.get(reverse("core:job_download", args=[job])))
    assert "LAPORAN TAHUNAN" in text
    assert wrong_forms(text) == []
    assert re.search(r"Rp\d{1,3}(\.\d{3})*", text)  # the budget, in rupiah


def test_word_copies_write_dates_times_and_money_one_way(demo_world, client, django_capture_on_commit_callbacks):
    """The Word copies beside the PDFs (certificates and the transcript stay PDF only), on the demo's data."""
    admin = user("admin")
    client.force_login(admin)
    urls = [
        reverse("programs:plan_docx", args=[richest(DevelopmentProgram.objects.for_user(admin), "items").pk]),
        reverse("training:schedule_docx"),
        reverse("needs_analysis:survey_docx", args=[richest(NeedsSurvey.objects.for_user(admin), "assessments").pk]),
        reverse("evaluation:skm_docx", args=[ServiceSurvey.objects.for_user(admin).order_by("pk").first().pk]),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        queued = client.post(reverse("reports:annual_report"), {"year": timezone.localdate().year, "format": "docx"})
    urls.append(reverse("core:job_download", args=[queued.url.rstrip("/").split("/")[-1]]))
    problems = {}
    for url in urls:
        document = word.opened(client.get(url))
        text = " ".join([*word.lines(document), word.footer(document)])
        assert "PEMERINTAH" in text and re.search(r"Bangkom · \d{1,2} [A-Z][a-z]+ \d{4} \d{2}\.\d{2} WIB", text), url
        found = wrong_forms(text)
        if found:
            problems[url] = found
    assert len(urls) == 5 and problems == {}
