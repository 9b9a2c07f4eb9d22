"""What `manage.py benchmark` measures: real requests through the whole stack (middleware, scoping,
templates) with Django's test client, on whatever data the database holds, plus the raw floor of
the same work (bare SQL, a bare openpyxl loop, a bare WeasyPrint render) so each figure can be read
as a ratio. Every measurement is one row of the same shape, printed as a table and saved as JSON."""

import datetime
import http.cookiejar
import io
import os
import re
import resource
import shutil
import statistics
import subprocess  # runs fixed programs with our own arguments  # nosec B404
import time
import tracemalloc
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.db.models import Q
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

BENCHMARK_PASSWORD = "bangkom-benchmark-1"  # noqa: S105 - a throwaway login the benchmark makes for itself  # nosec B105
SIASN_COLUMNS_FILE = Path(settings.BASE_DIR) / "programs/reference/siasn-export-columns.txt"


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


@contextmanager
def allowed_hosts():
    """The test client speaks as 'testserver'; let it in without touching the real settings file."""
    original = settings.ALLOWED_HOSTS
    settings.ALLOWED_HOSTS = [*original, "testserver"]
    try:
        yield
    finally:
        settings.ALLOWED_HOSTS = original


class Benchmark:
    def __init__(self, *, repeat=20, smoke=False, server=None, log=print):
        self.repeat = repeat
        self.smoke = smoke
        self.server = server.rstrip("/") if server else None
        self.log = log
        self.rows = []

    def record(self, group, name, **figures):
        row = {"group": group, "name": name, **figures}
        self.rows.append(row)
        self.log(format_row(row))
        return row

    # --- pages -----------------------------------------------------------------------------------

    def page(self, client, name, url, *, group="page"):
        client.get(url)  # warm: caches, the user's access, compiled templates
        times, status = [], None
        for _ in range(self.repeat):
            started = time.perf_counter()
            response = client.get(url)
            if getattr(response, "streaming", False):
                b"".join(response.streaming_content)
            times.append((time.perf_counter() - started) * 1000)
            status = response.status_code
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        return self.record(
            group,
            name,
            median_ms=round(statistics.median(times), 1),
            p95_ms=round(percentile(times, 0.95), 1),
            queries=len(queries),
            status=status,
        )

    def pages(self, admin_client, operator_client):
        from evaluation.models import Distribution, ServiceSurvey
        from needs_analysis.models import NeedsSurvey
        from programs.models import DevelopmentProgram, Employee, OrgUnit, Position
        from training.models import Course, Session

        employee = Employee.objects.order_by("pk").first()
        unit = OrgUnit.objects.filter(depth=2).order_by("path").first()
        session = Session.objects.filter(status=Session.Status.FINISHED).order_by("-pk").first()
        survey = NeedsSurvey.objects.order_by("-pk").first()
        skm = ServiceSurvey.objects.order_by("-pk").first()
        distribution = Distribution.objects.order_by("-pk").first()
        program = DevelopmentProgram.objects.order_by("-pk").first()
        position = Position.objects.order_by("pk").first()
        course = Course.objects.order_by("pk").first()

        def url(name, obj=None):
            """The page's URL, or None when the database has no such object to show."""
            if obj is None and obj is not False:
                return None
            return reverse(name, args=[obj.pk]) if obj is not False else reverse(name)

        everything = False  # a list page: no object needed
        pages = [
            ("home: head/admin dashboard", url("reports:home", everything), "dashboard"),
            ("employee list", url("programs:employee_list", everything), "page"),
            ("employee profile", url("programs:employee_detail", employee), "page"),
            ("unit tree", url("programs:orgunit_tree", everything), "page"),
            ("unit detail", url("programs:orgunit_detail", unit), "page"),
            ("positions", url("programs:position_list", everything), "page"),
            ("position detail", url("programs:position_detail", position), "page"),
            ("courses", url("training:course_list", everything), "page"),
            ("course detail", url("training:course_detail", course), "page"),
            ("sessions", url("training:session_list", everything), "page"),
            ("session detail", url("training:session_detail", session), "page"),
            ("session participants", url("training:session_participants", session), "page"),
            ("learning history of a person", url("training:employee_learning", employee), "page"),
            ("20 JP compliance", url("training:compliance", everything), "dashboard"),
            ("needs campaign", url("needs_analysis:survey_detail", survey), "page"),
            ("needs recap", url("needs_analysis:survey_recap", survey), "dashboard"),
            ("evaluation results of a session", url("evaluation:distribution_detail", distribution), "dashboard"),
            ("evaluation scoreboard", url("evaluation:scoreboard", everything), "dashboard"),
            ("IKM report", url("evaluation:skm_detail", skm), "dashboard"),
            ("IKM comparison", url("evaluation:skm_compare", everything), "dashboard"),
            ("plans", url("programs:plan_list", everything), "page"),
            ("plan coverage", url("reports:plan_coverage", program), "dashboard"),
            ("audit trail", url("core:audit_list", everything), "page"),
        ]
        pages.insert(1, ("home: figures recomputed (?segar=1)", reverse("reports:home") + "?segar=1", "dashboard"))
        if survey:
            recomputed = url("needs_analysis:survey_recap", survey) + "?segar=1"
            pages.append(("needs recap: figures recomputed (?segar=1)", recomputed, "dashboard"))
        employee_search = reverse("programs:employee_list") + "?q=a"
        self.page(admin_client, "employee list, searched by name", employee_search)
        for name, url, group in pages:
            if url:
                self.page(admin_client, name, url, group=group)
        self.page(operator_client, "home: operator (one subtree)", reverse("reports:home"), group="dashboard")
        self.page(operator_client, "employee list: operator", reverse("programs:employee_list"))

    # --- the read API ------------------------------------------------------------------------------

    def api(self, admin, operator):
        """The API's main calls with bearer tokens (issued here, deleted after), as SIMPEG or a
        provincial dashboard would make them: the admin's whole province, an operator's subtree."""
        from api import tokens
        from evaluation.models import ServiceSurvey
        from needs_analysis.models import NeedsSurvey
        from programs.models import Employee

        issued = [tokens.issue(user=user, name="benchmark", by=admin) for user in (admin, operator)]
        try:
            admin_api, operator_api = (Client(headers={"Authorization": f"Bearer {key}"}) for _token, key in issued)
            person = Employee.objects.filter(learning_records__isnull=False).order_by("pk").first()
            survey = NeedsSurvey.objects.order_by("-pk").first()
            skm = ServiceSurvey.objects.order_by("-pk").first()
            middle = max(1, Employee.objects.filter(is_active=True).count() // 200)
            calls = [
                ("API: 100 employees with JP this year", "/api/v1/employees/?page_size=100", admin_api),
                ("API: 100 employees, a page in the middle", f"/api/v1/employees/?page_size=100&page={middle}",
                 admin_api),
                ("API: 100 employees, operator's subtree", "/api/v1/employees/?page_size=100", operator_api),
                ("API: employee by NIP", f"/api/v1/employees/nip/{person.nip}/" if person else None, admin_api),
                ("API: a person's learning records", f"/api/v1/employees/{person.pk}/learning-records/"
                 if person else None, admin_api),
                ("API: units, 100", "/api/v1/units/?page_size=100", admin_api),
                ("API: sessions, 100", "/api/v1/sessions/?page_size=100", admin_api),
                ("API: 20 JP compliance per unit (kept 10 min)", "/api/v1/compliance/", admin_api),
                ("API: 20 JP compliance, recomputed", "/api/v1/compliance/?refresh=1", admin_api),
                ("API: needs recap, 100 cells (kept 10 min)", f"/api/v1/needs-surveys/{survey.pk}/recap/?page_size=100"
                 if survey else None, admin_api),
                ("API: needs recap, recomputed", f"/api/v1/needs-surveys/{survey.pk}/recap/?page_size=100&refresh=1"
                 if survey else None, admin_api),
                ("API: evaluation scores, 100 sessions", "/api/v1/evaluation/sessions/?page_size=100", admin_api),
                ("API: IKM per service unit and period", "/api/v1/ikm/?page_size=100" if skm else None, admin_api),
            ]  # fmt: skip
            for name, url, client in calls:
                if url:
                    self.page(client, name, url, group="api")
        finally:
            for token, _key in issued:
                token.delete()

    # --- exports ---------------------------------------------------------------------------------

    def export(self, client, name, url):
        started = time.perf_counter()
        response = client.get(url)
        chunks = iter(response.streaming_content)
        first = next(chunks, b"")
        first_byte = time.perf_counter() - started
        size = len(first) + sum(len(chunk) for chunk in chunks)
        total = time.perf_counter() - started
        # Memory is traced in a second run: tracing slows Python several times over.
        tracemalloc.start()
        response = client.get(url)
        for _chunk in response.streaming_content:
            pass
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return self.record(
            "export",
            name,
            first_byte_ms=round(first_byte * 1000, 1),
            total_s=round(total, 2),
            megabytes=round(size / 1048576, 2),
            peak_mib=round(peak / 1048576, 1),
        )

    def exports(self, client):
        from openpyxl import Workbook

        from programs.lists import EMPLOYEE_EXPORT_COLUMNS, employee_export_rows
        from programs.models import Employee

        ours = self.export(client, "Excel: every ASN (employee list)", reverse("programs:employee_export"))
        self.export(client, "Excel: every ASN with this year's JP", reverse("training:compliance_xlsx") + "?semua=1")
        people = Employee.objects.select_related("unit", "position", "supervisor").order_by("name", "id")
        rows = list(employee_export_rows(people))
        started = time.perf_counter()
        book = Workbook(write_only=True)
        sheet = book.create_sheet("Pegawai")
        sheet.append([str(label) for label, _kind in EMPLOYEE_EXPORT_COLUMNS])
        for row in rows:
            sheet.append(row)
        book.save(io.BytesIO())
        floor = time.perf_counter() - started
        self.record(
            "floor",
            "bare openpyxl write-only loop, same rows",
            total_s=round(floor, 2),
            ratio=round(ours["total_s"] / floor, 2) if floor else None,
        )

    # --- aggregates: ours against the bare SQL ----------------------------------------------------

    def aggregate_floor(self, admin):
        from training import compliance

        year = timezone.localdate().year
        times = []
        for _ in range(max(3, self.repeat // 4)):
            started = time.perf_counter()
            compliance.summary(admin, year=year)
            times.append(time.perf_counter() - started)
        ours = statistics.median(times)
        sql = (
            "SELECT e.unit_id, COUNT(*), SUM(CASE WHEN COALESCE(t.jp, 0) >= 20 THEN 1 ELSE 0 END)"
            " FROM programs_employee e LEFT JOIN (SELECT employee_id, SUM(jp) AS jp FROM training_learningrecord"
            " WHERE year = %s GROUP BY employee_id) t ON t.employee_id = e.id WHERE e.is_active GROUP BY e.unit_id"
        )
        times = []
        for _ in range(max(3, self.repeat // 4)):
            started = time.perf_counter()
            with connection.cursor() as cursor:
                cursor.execute(sql, [year])
                cursor.fetchall()
            times.append(time.perf_counter() - started)
        floor = statistics.median(times)
        self.record("aggregate", "20 JP per unit (compliance.summary)", median_ms=round(ours * 1000, 1))
        self.record(
            "floor",
            "bare SQL: JP per unit",
            median_ms=round(floor * 1000, 1),
            ratio=round(ours / floor, 2) if floor else None,
        )

    # --- PDFs ------------------------------------------------------------------------------------

    def pdfs(self, admin):
        from django.template.loader import render_to_string
        from weasyprint import HTML

        from core.pdf import PDF_BASE_URL, StaticOnlyFetcher
        from reports.annual import annual_report
        from training import certificates
        from training.models import Certificate

        year = timezone.localdate().year
        started = time.perf_counter()
        context = annual_report(admin, year=year)
        data = time.perf_counter() - started
        html = render_to_string("reports/pdf/annual_report.html", context)
        started = time.perf_counter()
        document = HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=StaticOnlyFetcher()).render()
        document.write_pdf()
        render = time.perf_counter() - started
        self.record(
            "pdf",
            "annual report, whole instansi",
            total_s=round(data + render, 2),
            data_s=round(data, 2),
            pages=len(document.pages),
        )
        started = time.perf_counter()
        HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=StaticOnlyFetcher()).write_pdf()
        floor = time.perf_counter() - started
        self.record(
            "floor",
            "bare WeasyPrint render of the same HTML",
            total_s=round(floor, 2),
            ratio=round((data + render) / floor, 2) if floor else None,
        )
        # A district-sized report: the perangkat daerah with the most ASN.
        from django.db.models import Count
        from django.db.models.functions import Substr

        from programs.models import Employee, OrgUnit

        top = (
            Employee.objects.active()
            .annotate(top=Substr("unit__path", 1, 2 * OrgUnit.steplen))
            .values("top")
            .annotate(staff=Count("pk"))
            .order_by("-staff", "top")
            .first()
        )
        biggest = OrgUnit.objects.filter(path=top["top"]).first() if top else None
        if biggest is not None:
            started = time.perf_counter()
            context = annual_report(admin, year=year, unit=biggest)
            document = HTML(
                string=render_to_string("reports/pdf/annual_report.html", context),
                base_url=PDF_BASE_URL,
                url_fetcher=StaticOnlyFetcher(),
            ).render()
            document.write_pdf()
            staff = context["staff"]["total"]
            self.record(
                "pdf",
                f"annual report, one perangkat daerah ({staff:,} ASN)",
                total_s=round(time.perf_counter() - started, 2),
                pages=len(document.pages),
            )
        certificate = Certificate.objects.select_related("enrolment__employee", "enrolment__session__course").first()
        if certificate:
            times = []
            for _ in range(3):
                started = time.perf_counter()
                certificates.certificate_pdf(certificate, "https://bangkom.example/")
                times.append(time.perf_counter() - started)
            self.record("pdf", "one certificate", total_s=round(statistics.median(times), 3), pages=1)

    # --- import and login ------------------------------------------------------------------------

    def siasn_import(self, rows):
        from openpyxl import Workbook

        from programs.employee_import import apply_import, plan_import

        columns = [
            line.strip()
            for line in SIASN_COLUMNS_FILE.read_text().splitlines()
            if line.strip() and not line.startswith("#")
        ]
        book = Workbook(write_only=True)
        sheet = book.create_sheet()
        sheet.append(columns)
        for number in range(rows):
            birth = datetime.date(1975, 1, 1) + datetime.timedelta(days=number // 999)
            row = {
                "pns_id": f"BENCH{number:07d}",
                "nip_baru": f"{birth:%Y%m%d}2001011{number % 999 + 1:03d}",
                "nama": f"Pegawai Impor {number}",
                "tanggal_lahir": f"{birth:%d-%m-%Y}",
                "jenis_kelamin": "M",
                "status_cpns_pns": "P",
                "kedudukan_hukum_id": "01",
                "gol_akhir_id": "32",
                "jenis_jabatan_id": "4",
                "jabatan_id": f"JAB-BENCH-{number % 40}",
                "jabatan_nama": f"Jabatan Uji {number % 40}",
                "unor_id": f"UNOR-BENCH-{number % 120}",
                "unor_nama": f"Unit Uji {number % 120}",
                "satuan_kerja_kerja_id": f"SATKER-BENCH-{number % 12}",
                "satuan_kerja_kerja_nama": f"Satuan Kerja Uji {number % 12}",
            }
            sheet.append([row.get(column, "") for column in columns])
        buffer = io.BytesIO()
        book.save(buffer)
        upload = SimpleUploadedFile("siasn.xlsx", buffer.getvalue())
        admin = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
        # Peak RSS, not tracemalloc: tracing would slow the import several times over.
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started = time.perf_counter()
        with transaction.atomic():
            plan = plan_import(upload, user=admin)
            checked = time.perf_counter() - started
            if plan.ok:
                apply_import(plan, by=admin)
            transaction.set_rollback(True)  # measured, not kept
        total = time.perf_counter() - started
        growth_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before
        self.record(
            "import",
            f"SIASN import, {rows:,} rows (rolled back)",
            total_s=round(total, 2),
            check_s=round(checked, 2),
            errors=len(plan.errors),
            peak_rss_growth_mib=round(growth_kib / 1024, 1),
        )

    def burst(self, people, threads):
        """`people` participants submit the reaction questionnaire through their signed links at
        once (`threads` at a time, each with its own connection): errors, latency, and whether every
        answer was stored exactly once. The distribution is deleted afterwards."""
        from concurrent.futures import ThreadPoolExecutor

        from evaluation.answering import make_token
        from evaluation.models import Distribution, Invitation, Question, Questionnaire, Response
        from programs.models import Employee
        from training.models import Session

        questionnaire = Questionnaire.objects.filter(kind=Questionnaire.Kind.REACTION, copied_from__isnull=True).first()
        session = Session.objects.exclude(distributions__purpose=Distribution.Purpose.REACTION).first()
        staff = list(Employee.objects.active().order_by("pk").values_list("pk", flat=True)[:people])
        if questionnaire is None or session is None or len(staff) < people:
            self.log(f"burst: skipped (needs a reaction questionnaire, a session without one and {people} ASN)")
            return None
        now = timezone.now()
        distribution = Distribution.objects.create(
            session=session,
            questionnaire=questionnaire,
            purpose=Distribution.Purpose.REACTION,
            opens_at=now - datetime.timedelta(hours=1),
            closes_at=now + datetime.timedelta(days=1),
            is_anonymous=True,
            created_by=get_user_model().objects.filter(is_superuser=True).first()
            or get_user_model().objects.order_by("pk").first(),
        )
        try:
            invitations = Invitation.objects.bulk_create(
                Invitation(distribution=distribution, employee_id=employee_id) for employee_id in staff
            )
            data = {}
            for question in questionnaire.questions.all():
                if question.scale:
                    data[f"q{question.pk}"] = "4"
                elif question.type in (Question.Type.SINGLE, Question.Type.MULTIPLE):
                    data[f"q{question.pk}"] = "0"
                elif question.type == Question.Type.NUMBER:
                    data[f"q{question.pk}"] = "1"
                else:
                    data[f"q{question.pk}"] = "Materi bermanfaat."
            urls = [reverse("evaluation:answer_by_link", args=[make_token(invitation)]) for invitation in invitations]

            def submit(url):
                if self.server:
                    return submit_over_http(self.server, url, data)
                client = Client()
                started = time.perf_counter()
                try:
                    response = client.post(url, data)
                    ok = response.status_code == 200 and "Terima kasih" in response.content.decode()
                except Exception:  # noqa: BLE001 - an error is what is being counted
                    ok = False
                finally:
                    if threads > 1:
                        connection.close()
                return ok, (time.perf_counter() - started) * 1000

            started = time.perf_counter()
            if threads > 1:
                with ThreadPoolExecutor(max_workers=threads) as pool:
                    results = list(pool.map(submit, urls))
            else:
                results = [submit(url) for url in urls]
            elapsed = time.perf_counter() - started
            times = [took for _ok, took in results]
            stored = Response.objects.filter(distribution=distribution).count()
            where = f"through {self.server}" if self.server else "in-process threads"
            return self.record(
                "burst",
                f"{people} questionnaire submissions, {threads} at a time, {where}",
                total_s=round(elapsed, 2),
                errors=sum(1 for ok, _took in results if not ok),
                stored=stored,
                p50_ms=round(statistics.median(times), 1),
                p95_ms=round(percentile(times, 0.95), 1),
            )
        finally:
            distribution.delete()

    def throughput(self, user, seconds=10, connections=8):
        """Requests per second of list pages through the running server (`--server`, e.g. gunicorn
        with 2 workers on the same database), measured by wrk on loopback with `user`'s session:
        the load tool, the app and the database share the machine's cores, as the target says."""
        wrk = shutil.which("wrk")
        if not self.server or wrk is None:
            self.log("throughput: skipped (needs --server and wrk on the PATH: apt-get install wrk)")
            return
        client = Client()
        client.force_login(user)
        cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
        pages = [
            ("plans list", reverse("programs:plan_list")),
            ("competency dictionary", reverse("programs:competency_list")),
            ("employee list", reverse("programs:employee_list")),
            ("course catalogue", reverse("training:course_list")),
            ("API: 100 employees with JP", "/api/v1/employees/?page_size=100"),
            ("/healthz (no page)", reverse("healthz")),
        ]
        threads = min(2, connections)  # wrk wants at least one connection per thread
        for name, path in pages:
            command = [
                wrk,
                f"-t{threads}",
                f"-c{connections}",
                f"-d{seconds}s",
                "-H",
                f"Cookie: {cookie}",
                self.server + path,
            ]
            output = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603 - our own command line  # nosec B603
            rate = re.search(r"Requests/sec:\s*([\d.]+)", output)
            failed = re.search(r"Non-2xx or 3xx responses:\s*(\d+)", output)
            self.record(
                "throughput",
                f"{name}, wrk -t{threads} -c{connections} {seconds} s",
                requests_per_s=float(rate.group(1)) if rate else None,
                non_2xx=int(failed.group(1)) if failed else 0,
            )

    def logins(self, count):
        User = get_user_model()
        user, _created = User.objects.get_or_create(username="benchmark-login")
        user.set_password(BENCHMARK_PASSWORD)
        user.save()
        client = Client()
        url = reverse("login")
        try:
            started = time.perf_counter()
            for _ in range(count):
                response = client.post(url, {"username": user.username, "password": BENCHMARK_PASSWORD})
                if response.status_code != 302:
                    raise RuntimeError(f"benchmark login failed ({response.status_code})")
                client.logout()
            elapsed = time.perf_counter() - started
        finally:
            user.delete()
        self.record(
            "login",
            f"{count} logins, one process ({settings.PASSWORD_HASHERS[0].rsplit('.', 1)[-1]})",
            per_second=round(count / elapsed, 1),
            median_ms=round(elapsed / count * 1000, 1),
        )

    def run(self):
        from programs.models import Employee, Role

        User = get_user_model()
        admin = User.objects.filter(Q(is_superuser=True) | Q(role_assignments__role=Role.ADMIN)).order_by("pk").first()
        operator = User.objects.filter(role_assignments__role=Role.OPERATOR).order_by("pk").first() or admin
        if admin is None:
            raise RuntimeError("The benchmark needs data: run seed_demo first.")
        self.log(f"Database: {connection.vendor}, {Employee.objects.count():,} ASN; {self.repeat} requests per page")
        with allowed_hosts():
            # The import first: its memory is read as growth of the process's peak RSS.
            self.siasn_import(200 if self.smoke else 15_000)
            admin_client, operator_client = Client(), Client()
            admin_client.force_login(admin)
            operator_client.force_login(operator)
            self.pages(admin_client, operator_client)
            self.api(admin, operator)
            self.aggregate_floor(admin)
            self.exports(admin_client)
            self.pdfs(admin)
            self.burst(5 if self.smoke else 200, 1 if self.smoke else 20)
            self.throughput(operator, seconds=1 if self.smoke else 10)
            self.logins(3 if self.smoke else 40)
        return self.rows


def submit_over_http(server, path, data):
    """One participant through a running server: open the signed link, post the answers with the
    page's CSRF token. Returns (stored?, milliseconds of the POST)."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    try:
        with opener.open(server + path, timeout=60) as page:  # noqa: S310 - the operator's own server
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.read().decode()).group(1)
        # Production cookies are Secure; over a loopback http test they are sent by hand.
        cookies = "; ".join(f"{cookie.name}={cookie.value}" for cookie in jar)
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}).encode()
        request = urllib.request.Request(  # noqa: S310
            server + path, data=body, headers={"Referer": server + path, "Cookie": cookies}
        )
        started = time.perf_counter()
        with urllib.request.build_opener().open(request, timeout=60) as answered:
            ok = "Terima kasih" in answered.read().decode()
        return ok, (time.perf_counter() - started) * 1000
    except (OSError, AttributeError):
        return False, 0.0


def format_row(row):
    figures = ", ".join(f"{key} {value}" for key, value in row.items() if key not in ("group", "name"))
    return f"{row['group']:<10} {row['name']:<48} {figures}"


def machine():
    return {"cpus": os.cpu_count(), "database": connection.vendor, "when": timezone.now().isoformat()}
