"""The attack of issue 20, replayed in a real browser under the real content security policy: an old
upload in storage is an HTML page behind a PDF header, named `sertifikat.html`, that loads our own htmx,
reads the CSRF token of Django admin's role form and posts a role grant for its uploader. The admin opens
its evidence link from the claims list. Nothing may reach /admin/ and no role may be granted."""

import json
import subprocess

from playwright.sync_api import Error

from .conftest import CHROMIUM, DESK, PASSWORD  # noqa: F401 - CHROMIUM documents which browser runs it

PLANT = """
import datetime, json
from django.core.files.base import ContentFile
from programs.models import DevelopmentForm, Employee, RoleAssignment
from training.models import ExternalClaim
pegawai = Employee.objects.get(user__username="pegawai")
page = '''%PDF-1.4
<html><head><script src="/static/vendor/htmx/htmx.min.js"></script></head><body>
<div id="grab" hx-get="/admin/programs/roleassignment/add/" hx-trigger="load"
     hx-select="input[name=csrfmiddlewaretoken]"></div>
<div hx-post="/admin/programs/roleassignment/add/" hx-trigger="load delay:1500ms" hx-include="#grab"
     hx-vals='{"user": "USER", "role": "admin", "unit": "UNIT", "_save": "1"}'></div>
</body></html>'''.replace("USER", str(pegawai.user_id)).replace("UNIT", str(pegawai.unit_id))
claim = ExternalClaim(employee=pegawai, development_form=DevelopmentForm.objects.get(code="KL06"),
    title="Webinar lama", organiser="X", starts_on=datetime.date(2025, 5, 1), ends_on=datetime.date(2025, 5, 1))
claim.evidence.save("sertifikat.html", ContentFile(page.encode()), save=False)
claim.save()
print(json.dumps({"claim": claim.pk, "evidence": claim.evidence.name}))
"""

ROLES = """
from programs.models import RoleAssignment
print(RoleAssignment.objects.filter(user__username="pegawai").count())
"""


def shell(server, code):
    done = subprocess.run(
        server.manage + ["shell", "-c", code], env=server.env, check=True, capture_output=True, text=True
    )
    return done.stdout.strip().splitlines()[-1]


def test_an_old_polyglot_upload_cannot_act_as_the_admin(server, chromium):
    planted = json.loads(shell(server, PLANT))
    assert planted["evidence"].endswith("sertifikat.html")  # stored the old way, under the user's name
    roles_before = shell(server, ROLES)

    # The admin's own browser, with the policy in force (no bypass, unlike the other journeys' axe runs).
    context = chromium.new_context(viewport=DESK, locale="id-ID", accept_downloads=True)
    requests = []
    context.on("request", lambda request: requests.append(request.url))
    try:
        page = context.new_page()
        page.goto(server.url + "/akun/login/")
        page.fill("#id_username", "admin")
        page.fill("#id_password", PASSWORD)
        page.click("main button[type=submit]")
        page.wait_for_url(lambda url: "/akun/login/" not in url)
        requests.clear()

        evidence = f"{server.url}/pelatihan/klaim/{planted['claim']}/bukti/"
        try:
            page.goto(evidence)
        except Error as error:  # served as a download: the browser never renders it
            assert "Download is starting" in str(error), error
        page.wait_for_timeout(3000)  # the page's delayed post would have fired by now
    finally:
        context.close()

    assert evidence in requests
    reached_admin = [url for url in requests if "/admin/" in url]
    assert not reached_admin, reached_admin
    assert shell(server, ROLES) == roles_before
