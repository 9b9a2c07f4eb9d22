"""One language at a time: a user switches to English and back, and the interface of the main pages
(menus, headings, labels, buttons, column heads) is wholly in the chosen language. The catalogues are
compiled from what is in them: the .mo files hold exactly the .po files' translations."""

from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[1]
CATALOGUE = polib.pofile(str(ROOT / "locale/en/LC_MESSAGES/django.po"))
# Interface strings whose English differs from the Indonesian (so either one gives the language away).
DIFFERENT = [(entry.msgid, entry.msgstr) for entry in CATALOGUE if entry.msgstr and entry.msgstr != entry.msgid]
INDONESIAN = {msgid for msgid, _english in DIFFERENT}
ENGLISH = {english for _msgid, english in DIFFERENT} - INDONESIAN
CHROME = {"button", "label", "th", "h1", "h2", "h3", "legend", "option", "caption", "summary"}
CHROME_CLASSES = {"nav-link", "btn", "dropdown-item", "breadcrumb-item", "card-header", "form-text"}


class InterfaceText(HTMLParser):
    """The texts of a page's interface elements (menus, headings, labels, buttons, column heads)."""

    def __init__(self):
        super().__init__()
        self.stack, self.texts = [], []

    def handle_starttag(self, tag, attrs):
        if tag in ("br", "img", "input", "meta", "link", "hr", "source", "col", "wbr"):
            return
        classes = set((dict(attrs).get("class") or "").split())
        self.stack.append(tag in CHROME or bool(classes & CHROME_CLASSES))

    def handle_endtag(self, tag):
        if self.stack:
            self.stack.pop()

    def handle_data(self, data):
        text = " ".join(data.split())
        if text and any(self.stack):
            self.texts.append(text)


def interface_texts(html):
    parser = InterfaceText()
    parser.feed(html)
    return parser.texts


@pytest.fixture
def pages(tree, reference_data, pegawai_employee, skm_survey):
    return {
        "admin": [
            reverse("reports:home"),
            reverse("programs:orgunit_tree"),
            reverse("programs:employee_list"),
            reverse("programs:employee_detail", args=[pegawai_employee.pk]),
            reverse("programs:position_list"),
            reverse("programs:competency_list"),
            reverse("programs:plan_list"),
            reverse("needs_analysis:survey_list"),
            reverse("training:course_list"),
            reverse("training:session_list"),
            reverse("training:compliance"),
            reverse("evaluation:questionnaire_list"),
            reverse("evaluation:skm_list"),
            reverse("evaluation:skm_detail", args=[skm_survey.pk]),
            reverse("evaluation:community_list"),
            reverse("core:job_list"),
            reverse("two_factor_settings"),
            reverse("api:token_list"),
            reverse("api:token_issue"),
        ],
        "pegawai": [
            reverse("reports:home"),
            reverse("needs_analysis:my_assessments"),
            reverse("training:learning_history"),
            reverse("evaluation:my_questionnaires"),
        ],
    }


def test_switching_to_english_and_back_leaves_no_word_of_the_other_language(client, admin, pegawai, pages):
    leaks = []
    for user, paths in (("admin", pages["admin"]), ("pegawai", pages["pegawai"])):
        client.force_login(admin if user == "admin" else pegawai)
        for language, foreign in (("en", INDONESIAN), ("id", ENGLISH)):
            client.post(reverse("set_language"), {"language": language, "next": "/"})
            for path in paths:
                response = client.get(path)
                assert response.status_code == 200, path
                html = response.content.decode()
                assert f'lang="{language}"' in html
                leaks += [(language, path, text) for text in interface_texts(html) if text in foreign]
    assert not leaks, "\n".join(f"{language} {path}: {text!r}" for language, path, text in leaks)


def test_the_page_check_finds_a_leak():
    """The check above can fail: an Indonesian button on an English page is caught."""
    msgid = next(iter(sorted(INDONESIAN)))
    assert msgid in interface_texts(f"<main><button>{msgid}</button><p>{msgid}</p></main>")
    assert interface_texts(f"<main><p>{msgid}</p></main>") == []


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_compiled_catalogues_hold_exactly_the_translations(language):
    po = polib.pofile(str(ROOT / f"locale/{language}/LC_MESSAGES/django.po"))
    mo = polib.mofile(str(ROOT / f"locale/{language}/LC_MESSAGES/django.mo"))
    compiled = {(entry.msgctxt, entry.msgid): (entry.msgstr, entry.msgstr_plural) for entry in mo}
    for entry in po:
        if entry.obsolete:
            continue
        found = compiled.get((entry.msgctxt, entry.msgid))
        assert found is not None, f"{entry.msgid!r} is not compiled: run compilemessages"
        if entry.msgid_plural:
            assert {int(k): v for k, v in found[1].items()} == {int(k): v for k, v in entry.msgstr_plural.items()}
        else:
            assert found[0] == entry.msgstr, f"{entry.msgid!r} is compiled with an old translation"
