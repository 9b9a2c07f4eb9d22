"""Pre-test, post-test and the supervisor's follow-up, as an HR office uses them (issue 23).

The demo pegawai, on his phone, takes the pre-test of a one-day course; the post-test is not there yet.
Once the pre-test has closed he takes the post-test and sees his score; once the post-test has closed too
he sees the right answers of what he got wrong. His lurah, with two alumni of the course, gets one
follow-up form for each, each naming the alumnus it is about, and HR reads the rating under that name.

The server runs on the real clock, so "the pre-test has closed" is the time of its distribution being
moved (`clock`), as hours passing would."""

import json
import re
import subprocess

from evaluation.standard import TEST

SESSION = "Angkatan Tes E2E"
FOLLOWED = "Angkatan Tindak Lanjut E2E"

SETUP = """
import datetime, json
from django.contrib.auth import get_user_model
from django.utils import timezone
from evaluation import distributions
from evaluation.models import Distribution, Questionnaire
from programs.models import Employee, OrgUnit
from training.models import Course, Enrolment, Session
from training.scheduling import save_session

admin = get_user_model().objects.get(username="admin")
pegawai = Employee.objects.get(user__username="pegawai")
alumni = Employee.objects.filter(supervisor=pegawai.supervisor, is_active=True)
second = alumni.exclude(pk=pegawai.pk).order_by("nip").first()
course = Course.objects.get(title="Seminar Kota Cerdas dan Pelayanan Digital")  # a course no other journey uses
session = Session(
    course=course, name="SESSION", provider=course.default_provider, capacity=30, venue="Aula BKPSDM",
    organiser_unit=OrgUnit.objects.get(code="KEC-CANDISARI"), status=Session.Status.OPEN,
)
tomorrow = timezone.localdate() + datetime.timedelta(days=1)  # nothing is due before the clock says so
save_session(
    session=session, days=[{"date": tomorrow, "starts_at": datetime.time(8), "ends_at": datetime.time(16)}],
    instructors=[], by=admin,
)
for person in (pegawai, second):
    Enrolment.objects.create(
        session=session, employee=person, source="nominated", status="completed", requested_by=admin
    )
test = Questionnaire.objects.get(kind="test", copied_from__isnull=True)
made = {
    purpose: distributions.attach(session=session, questionnaire=test, purpose=purpose, by=admin)
    for purpose in ("pre_test", "post_test")
}
follow_up = distributions.attach(
    session=session, questionnaire=Questionnaire.objects.get(kind="behaviour", copied_from__isnull=True),
    purpose="follow_up", by=admin,
)
print(json.dumps({
    "pre": made["pre_test"].pk, "post": made["post_test"].pk, "follow_up": follow_up.pk,
    "pegawai": [pegawai.name, pegawai.full_name], "second": [second.name, second.full_name],
}))
"""

# Moves distributions' windows to hours from now (the clock of a server that cannot travel in time) and
# invites whoever is due; the rule must hold at every step.
CLOCK = """
import datetime, json
from django.db.models import QuerySet
from django.utils import timezone
from evaluation.distributions import sync_invitations
from evaluation.models import Distribution

now = timezone.now()
for pk, (opens, closes) in json.loads('MOVES').items():
    QuerySet.update(
        Distribution.objects.filter(pk=pk),
        **{name: now + datetime.timedelta(hours=hours) for name, hours in (("opens_at", opens), ("closes_at", closes))
           if hours is not None},
    )
for distribution in Distribution.objects.filter(pk__in=json.loads('MOVES')):
    assert distribution.test_overlapped() is None, distribution
    sync_invitations(distribution)
print("ok")
"""


def shell(server, code):
    done = subprocess.run(
        server.manage + ["shell", "-c", code], env=server.env, check=True, capture_output=True, text=True
    )
    return done.stdout.strip().splitlines()[-1]


def clock(server, **moves):
    """clock(server, **{str(pk): (opens in hours from now, closes in hours from now)}); None keeps a time."""
    assert shell(server, CLOCK.replace("MOVES", json.dumps(moves))) == "ok"


def path_of(url):
    return re.sub(r"^https?://[^/]+", "", url)


def item(page, purpose, about=None):
    found = page.locator("main .list-group-item", has_text=SESSION).filter(has_text=purpose)
    return found.filter(has_text=about) if about else found


def answer_test(page, right):
    """Answer the standard test: the first `right` questions right, the others wrong."""
    questions = page.locator("fieldset.question")
    assert questions.count() == len(TEST["questions"])
    for index, (_text, choices, key) in enumerate(TEST["questions"]):
        chosen = choices[key] if index < right else choices[(key + 1) % len(choices)]
        questions.nth(index).get_by_label(chosen, exact=True).check()
    page.get_by_role("button", name="Kirim jawaban").click()
    page.wait_for_load_state()


def test_an_asn_takes_the_pre_test_then_the_post_test_on_a_phone_and_learns_the_key_after(server, person):
    made = json.loads(shell(server, SETUP.replace("SESSION", SESSION)))
    pre, post = str(made["pre"]), str(made["post"])
    clock(server, **{pre: (-1, 2), post: (2, 26)})  # the class has begun: the pre-test is open

    asn = person(phone=True)
    asn.login("pegawai")
    page = asn.go("/evaluasi/saya/")
    assert "Belum diisi" in item(page, "Pre-test").inner_text()
    assert item(page, "Post-test").count() == 0  # not before the pre-test has closed
    item(page, "Pre-test").click()
    page.wait_for_load_state()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    asn.look("pre-test-phone")
    answer_test(page, right=2)
    assert "Nilai Anda: 50,0%" in page.locator("main").inner_text()
    asn.look("pre-test-score-phone", posted=True)

    # The pre-test closes as the post-test opens.
    clock(server, **{pre: (None, -0.01), post: (-0.01, None)})
    page = asn.go("/evaluasi/saya/")
    listed = page.locator("main .list-group-item", has_text=SESSION).all_inner_texts()
    assert [text.split()[0] for text in listed] == ["Post-test", "Pre-test"]  # what is left to do first
    assert "Nilai 50,0%" in listed[1]
    asn.look("tests-listed-phone")
    item(page, "Post-test").click()
    page.wait_for_load_state()
    answer_test(page, right=4)
    assert "Nilai Anda: 100,0%" in page.locator("main").inner_text()

    # While the post-test is open, the pre-test's page keeps its key to itself: the questions are the same.
    page = asn.go("/evaluasi/saya/")
    item(page, "Pre-test").click()
    page.wait_for_load_state()
    main = page.locator("main").inner_text()
    assert "Nilai Anda: 50,0%" in main and "Kunci jawaban ditampilkan setelah tes ditutup" in main
    assert "Jawaban benar" not in main and "Salah" not in main
    pre_result = path_of(page.url)

    # The post-test closes: now the pre-test's page shows what he got wrong and the right answers.
    clock(server, **{post: (None, -0.01)})
    page = asn.go(pre_result)
    main = page.locator("main").inner_text()
    assert main.count("Salah") == 2 and main.count("Benar") == 2
    for _text, choices, key in TEST["questions"][2:]:
        assert f"Jawaban benar: {choices[key]}" in main
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    asn.look("pre-test-key-phone")


def test_a_supervisor_with_two_alumni_sees_each_follow_up_form_named(server, person):
    made = json.loads(shell(server, SETUP.replace("SESSION", FOLLOWED)))
    clock(server, **{str(made["follow_up"]): (-1, 24 * 30)})  # three months on: the follow-up is due
    (pegawai_name, pegawai_full), (second_name, second_full) = made["pegawai"], made["second"]

    lurah = person(phone=True)
    lurah.login("atasan")
    page = lurah.go("/evaluasi/saya/")
    forms = page.locator("main .list-group-item", has_text=FOLLOWED)
    assert forms.count() == 2
    assert forms.filter(has_text=f"tentang {pegawai_full}").count() == 1
    assert forms.filter(has_text=f"tentang {second_full}").count() == 1
    for name, other in ((pegawai_full, second_full), (second_full, pegawai_full)):
        page = lurah.go("/evaluasi/saya/")
        forms = page.locator("main .list-group-item", has_text=FOLLOWED)
        forms.filter(has_text=f"tentang {name}").click()
        page.wait_for_load_state()
        lead = page.locator("main p.fs-5").inner_text()
        assert lead == f"Penilaian atasan tentang {name}" and other not in page.locator("main").inner_text()
        if name == pegawai_full:
            lurah.look("follow-up-named-phone")
            questions = page.locator("fieldset.question")
            for number in range(questions.count()):
                question = questions.nth(number)
                if question.locator("input[type=radio]").count():
                    question.get_by_label("3 — Baik").check()
            page.get_by_role("button", name="Kirim jawaban").click()
            page.wait_for_load_state()
            assert "Terima kasih!" in page.locator("h1").inner_text()

    # HR reads the lurah's rating under the alumnus it is about (the alumnus himself has not answered).
    hr = person()
    hr.login("admin")
    page = hr.go(f"/evaluasi/distribusi/{made['follow_up']}/")
    pairs = page.locator("main table").last  # alumni and supervisors (level 3)
    assert pairs.locator("th").first.inner_text() == "Alumni"
    row = pairs.locator("tbody tr", has_text=pegawai_name)
    assert row.count() == 1 and "- / 3" in row.inner_text()
    assert second_name not in pairs.inner_text()
    hr.look("follow-up-results")
