"""Browser journeys (`make test-e2e`): a real server on a fresh demo district, driven by Playwright in
the system's Chromium, on a desk screen and on a 390×844 phone.

Every page a journey checks with `look(...)` is also (and every other page it reaches is swept at
the end of the journey for the last two):
- screenshotted into e2e-screenshots/ (docs/screenshots/ keeps the few the README shows);
- run through axe-core in Indonesian and in English: no serious or critical violation;
- sent to the Nu HTML checker (vnu-jar): no error outside VNU_ALLOWED.
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.signing import make_p12

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "e2e-screenshots"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
CHROMIUM = os.environ.get("BANGKOM_CHROMIUM", "/usr/bin/chromium")
PASSWORD = "bangkom-demo"  # the demo's logins (demo/backbone.py)
DESK = {"width": 1366, "height": 800}
PHONE = {"width": 390, "height": 844}
# Nu checker messages that are not faults of ours, each with its reason. None so far: every page the
# journeys reach is valid as it is.
VNU_ALLOWED = {}

# Playwright's sync API keeps an event loop in this thread; the journeys never use the ORM here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url, seconds=60):
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:  # nosec B310 - our own local server
                return answer.status
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """Bangkom on a fresh SQLite demo district (manage.py runserver) and its background worker, with a
    throwaway signing certificate (`certificate.root` is the trust root that verifies what it signs)."""
    work = tmp_path_factory.mktemp("e2e")
    certificate = make_p12(work / "tte.p12", "tte-e2e")
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{work / 'bangkom.sqlite3'}",
        "DJANGO_DEBUG": "1",
        "DJANGO_MEDIA_ROOT": str(work / "media"),
        "DJANGO_LOG_LEVEL": "WARNING",
        "BANGKOM_SIGNING_P12": str(certificate.path),
        "BANGKOM_SIGNING_P12_PASSWORD": certificate.password,
        "BANGKOM_SIGNING_TSA_URL": "",  # no time-stamping authority: the journeys stay offline
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    for command in (["migrate", "--no-input"], ["load_reference"], ["seed_demo"]):
        subprocess.run(manage + command + ["-v0"], env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    port = free_port()
    log = open(work / "server.log", "w")  # noqa: SIM115 - closed below
    processes = [
        subprocess.Popen(manage + command, env=env, cwd=ROOT, stdout=log, stderr=log)
        for command in (["runserver", f"127.0.0.1:{port}", "--noreload"], ["db_worker", "--interval", "1"])
    ]
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(url + "/healthz")
        yield SimpleNamespace(url=url, work=work, env=env, manage=manage, certificate=certificate)
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=10)
        log.close()


@pytest.fixture(scope="session")
def vnu():
    """The Nu HTML checker as a local service, started once (its JVM takes a few seconds)."""
    if not VNU.exists() or shutil.which("java") is None:
        pytest.fail("the Nu HTML checker needs Java and node_modules (make test-e2e installs them)")
    port = free_port()
    process = subprocess.Popen(
        ["java", "-Xss4m", "-Dnu.validator.servlet.bind-address=127.0.0.1"]
        + ["-cp", str(VNU), "nu.validator.servlet.Main", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_for(url, seconds=90)

        def check(html):
            request = urllib.request.Request(
                url + "?out=json", data=html.encode(), headers={"Content-Type": "text/html; charset=utf-8"}
            )
            with urllib.request.urlopen(request, timeout=60) as answer:  # nosec B310 - our own local checker
                messages = json.load(answer)["messages"]
            return [m for m in messages if m.get("type") == "error" and m.get("message") not in VNU_ALLOWED]

        yield check
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


class Person:
    """One person at one screen: a browser context with its own cookies."""

    def __init__(self, chromium, server, vnu, viewport, report):
        # bypass_csp lets the test inject axe-core; the pages themselves still run under the policy.
        self.context = chromium.new_context(
            viewport=viewport,
            locale="id-ID",
            timezone_id="Asia/Jakarta",
            accept_downloads=True,
            bypass_csp=True,
            is_mobile=viewport is PHONE,
            has_touch=viewport is PHONE,
        )
        self.context.set_default_timeout(15_000)
        self.page = self.context.new_page()
        self.server, self.vnu, self.report = server, vnu, report
        self.errors, self.visited, self.checked = [], [], set()
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        # Every page the journey reaches (by link, form or redirect) is checked at the end (sweep).
        self.page.on("framenavigated", lambda frame: frame is self.page.main_frame and self.visited.append(frame.url))

    def go(self, path):
        response = self.page.goto(self.server.url + path)
        assert response is not None and response.status < 400, (path, response and response.status)
        return self.page

    def login(self, username, password=PASSWORD):
        self.go("/akun/login/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", password)
        self.page.click("main button[type=submit]")
        assert "/akun/login/" not in self.page.url, f"{username} could not log in"
        return self.page

    def look(self, name, *, posted=False):
        """Screenshot the page, then hold it to axe (both languages) and the Nu checker. A page that
        answered a POST (`posted`) is checked as it stands: its source cannot be fetched again."""
        page = self.page
        page.wait_for_load_state("networkidle")
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
        assert not self.errors, f"JavaScript errors on {name}: {self.errors}"
        url = page.url
        html_errors = self.vnu(page.content() if posted else page.request.get(url).text())
        accessibility = {"id": self.axe(page)}
        if not posted:
            accessibility["en"] = self.axe_in_english(url)
            self.checked.add(url)
        self.report[name] = {"url": url, "html_errors": html_errors, "accessibility": accessibility}
        assert not html_errors, f"{name}: HTML errors {json.dumps(html_errors, indent=1)[:3000]}"
        assert not any(accessibility.values()), f"{name}: accessibility {json.dumps(accessibility, indent=1)[:3000]}"
        return page

    def axe_in_english(self, url):
        self.context.add_cookies([{"name": "django_language", "value": "en", "url": self.server.url}])
        try:
            probe = self.context.new_page()
            probe.goto(url)
            return self.axe(probe)
        finally:
            probe.close()
            self.context.add_cookies([{"name": "django_language", "value": "id", "url": self.server.url}])

    def sweep(self):
        """Hold every other HTML page the journey reached to the Nu checker and axe (both languages),
        fetched again as this person: so no page a journey visits goes unchecked."""
        found = {}
        for url in dict.fromkeys(self.visited):
            if url in self.checked or not url.startswith(self.server.url):
                continue
            answer = self.context.request.get(url)
            if answer.status != 200 or "text/html" not in answer.headers.get("content-type", ""):
                continue
            probe = self.context.new_page()
            probe.goto(url)
            accessibility = {"id": self.axe(probe), "en": self.axe_in_english(url)}
            probe.close()
            html_errors = self.vnu(answer.text())
            self.checked.add(url)
            path = url.removeprefix(self.server.url)
            self.report[f"visited {path}"] = {"url": url, "html_errors": html_errors, "accessibility": accessibility}
            if html_errors or any(accessibility.values()):
                found[path] = {"html_errors": html_errors, "accessibility": accessibility}
        assert not found, f"pages the journey visited: {json.dumps(found, indent=1)[:4000]}"

    @staticmethod
    def axe(page):
        """axe-core's serious and critical violations on `page`."""
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        return [
            {"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:8]}
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]


@pytest.fixture(scope="session")
def report():
    found = {}
    yield found
    SHOTS.mkdir(exist_ok=True)
    (SHOTS / "report.json").write_text(json.dumps(found, indent=1, ensure_ascii=False))


@pytest.fixture
def person(chromium, server, vnu, report):
    """Make a person at a desk (`person()`) or on a phone (`person(phone=True)`)."""
    made = []

    def make(phone=False):
        made.append(Person(chromium, server, vnu, PHONE if phone else DESK, report))
        return made[-1]

    yield make
    try:
        for someone in made:
            someone.sweep()
    finally:
        for someone in made:
            someone.context.close()
