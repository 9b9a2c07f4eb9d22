"""Two app servers behind one PostgreSQL: a login made on one is honoured by the other, and a report
asked for on one is built by a separate worker and downloaded from the other. This is what lets a
province run several gunicorn hosts and a worker pool (README, "Production topology")."""

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import override_settings

from config import settings as project_settings

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the point is one shared PostgreSQL"),
]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(port, deadline=30):
    started = time.monotonic()
    while time.monotonic() - started < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)  # noqa: S310 - loopback
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"gunicorn on {port} did not come up")


class Browser:
    """Cookies shared between the two servers, as a load balancer would make them."""

    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, url):
        with self.opener.open(url, timeout=60) as response:  # noqa: S310 - loopback
            return response.geturl(), response.read()

    def post(self, url, data):
        token = next(cookie.value for cookie in self.jar if cookie.name == "csrftoken")
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}).encode()
        request = urllib.request.Request(url, data=body, headers={"Referer": url})  # noqa: S310
        with self.opener.open(request, timeout=60) as response:
            return response.geturl(), response.read()


def test_a_session_and_a_background_job_cross_two_app_servers(tmp_path):
    # Hashed as the servers hash (the test settings use a fast hasher they would not accept).
    with override_settings(PASSWORD_HASHERS=project_settings.PASSWORD_HASHERS):
        user = get_user_model().objects.create_superuser("kepala", password="kata-sandi-uji-123")  # noqa: S106
    settings_dict = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{settings_dict['USER']}@{settings_dict['HOST'] or '127.0.0.1'}:"
        f"{settings_dict['PORT'] or 5432}/{settings_dict['NAME']}",
        "DJANGO_MEDIA_ROOT": str(tmp_path / "media"),
        "DJANGO_DEBUG": "1",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
    }
    ports = [free_port(), free_port()]
    servers = [
        subprocess.Popen(  # noqa: S603 - our own gunicorn, fixed arguments
            [sys.executable, "-m", "gunicorn", "config.wsgi", "-w", "1", "-b", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for port in ports
    ]
    try:
        for port in ports:
            wait_until_up(port)
        a, b = (f"http://127.0.0.1:{port}" for port in ports)
        browser = Browser()
        browser.get(f"{a}/akun/login/")
        after_login, _page = browser.post(f"{a}/akun/login/", {"username": "kepala", "password": "kata-sandi-uji-123"})
        assert "/akun/login/" not in after_login, _page.decode()[-3000:]
        home_url, home = browser.get(f"{b}/")  # logged in on A, recognised by B
        assert home_url == f"{b}/", home_url
        assert b"Selamat datang" in home and b"kepala" in home
        browser.get(f"{a}/laporan/tahunan/")
        job_url, page = browser.post(f"{a}/laporan/tahunan/", {"year": "2026"})
        job = re.search(r"/unduhan/(\d+)/", job_url).group(1)
        assert b"Dalam antrean" in page  # queued: nothing is built inside the request
        worker = subprocess.run(  # noqa: S603 - the worker, as its own process
            [sys.executable, "manage.py", "db_worker", "--batch", "--interval", "0", "--no-startup-delay"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            timeout=120,
        )
        assert worker.returncode == 0, worker.stderr.decode()[-2000:]
        _url, status = browser.get(f"{b}/unduhan/{job}/")
        assert b"Siap diunduh" in status
        _url, pdf = browser.get(f"{b}/unduhan/{job}/berkas/")
        assert pdf.startswith(b"%PDF")
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=10)
        user.delete()
