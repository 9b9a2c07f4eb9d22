import os
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.db import OperationalError
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, **env):
    environment = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_URL"))}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "k3y-for-the-deploy-check-" + "x7Qp2Lm9Zr4Tw8Yb1Nc6Vd3Hs5Jf0Gk" * 2,
    "DJANGO_ALLOWED_HOSTS": "bangkom.example.go.id",
    "DJANGO_CACHE": "db",  # one cache for every worker, as deploy/bangkom.env.example sets
}


def test_deploy_check_is_clean_in_production_mode():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_deploy_check_wants_one_cache_for_every_worker():
    per_process = {**PRODUCTION, "DJANGO_CACHE": ""}
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **per_process)
    assert result.returncode != 0
    assert "bangkom.W001" in result.stderr + result.stdout


def test_deploy_check_complains_in_development_mode():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0
    assert "security.W018" in result.stderr + result.stdout  # DEBUG on


def test_production_mode_refuses_to_start_without_a_secret_key():
    result = run_manage("check", DJANGO_DEBUG="0", DJANGO_ALLOWED_HOSTS="x.go.id")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(tmp_path):
    script = (
        "from django.db import connection\n"
        "c = connection.cursor()\n"
        "print(c.execute('PRAGMA journal_mode').fetchone()[0], c.execute('PRAGMA busy_timeout').fetchone()[0])\n"
    )
    result = run_manage("shell", "-c", script, DATABASE_URL=f"sqlite:///{tmp_path / 'wal.sqlite3'}")
    assert result.returncode == 0, result.stderr
    mode, timeout = result.stdout.strip().splitlines()[-1].split()
    assert mode == "wal"
    assert int(timeout) >= 5000


def test_settings_follow_the_brief(settings):
    assert settings.TIME_ZONE == "Asia/Jakarta"
    assert [code for code, _name in settings.LANGUAGES] == ["id", "en"]


def test_healthz_answers_with_a_database_round_trip(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"


def test_healthz_is_503_when_the_database_is_down(client, db):
    with mock.patch("core.views.connection.cursor", side_effect=OperationalError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503


def test_static_assets_are_vendored_not_from_a_cdn(client, admin):
    client.force_login(admin)
    html = client.get(reverse("reports:home")).content.decode()
    assert "/static/vendor/bootstrap/bootstrap.min.css" in html
    assert "cdn" not in html.lower()
    assert (ROOT / "static/vendor/bootstrap/bootstrap.min.css").exists()


@pytest.mark.parametrize("language", ["id", "en"])
def test_translation_catalogues_are_compiled(language):
    assert (ROOT / "locale" / language / "LC_MESSAGES" / "django.mo").exists()


def test_english_is_available(client, admin):
    client.force_login(admin)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("reports:home")).content.decode()
    assert "Home" in html
    assert 'lang="en"' in html


def test_indonesian_is_the_default_even_for_an_english_browser(client, admin):
    client.force_login(admin)
    html = client.get(reverse("reports:home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="id"' in html and "Beranda" in html


@pytest.mark.parametrize("language", ["id", "en"])
def test_translation_catalogues_are_complete(language):
    """No entry left empty or fuzzy (run `make messages` and translate after adding strings)."""
    text = (ROOT / "locale" / language / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    entries = text.split("\n\n")[1:]  # the first block is the header
    assert entries
    for entry in entries:
        assert "#, fuzzy" not in entry, entry
        strings = [line for line in entry.splitlines() if line.startswith("msgstr")]
        for line in strings:
            index = entry.index(line)
            rest = entry[index + len(line) :].lstrip("\n").split("\n")[0]
            assert line.rstrip().endswith('""') is False or rest.startswith('"'), entry


def test_pages_carry_a_content_security_policy_without_inline_scripts_or_styles(client, admin):
    client.force_login(admin)
    response = client.get(reverse("reports:home"))
    directives = [part.strip() for part in response["Content-Security-Policy"].split(";") if part.strip()]
    policy = dict(directive.split(" ", 1) for directive in directives)
    assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-eval'" not in policy["script-src"]
    assert "'unsafe-inline'" not in policy["style-src"] and policy["default-src"] == "'self'"
    html = response.content.decode()
    assert "<script>" not in html and ' style="' not in html  # nothing inline the policy would have to allow
