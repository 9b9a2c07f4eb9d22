"""The platform's pages: health and error pages, the audit trail, files built in the background,
the two-step login and the password typed again before granting power."""

import base64
import sys

import segno
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import FileResponse, Http404, HttpResponse, HttpResponseServerError
from django.shortcuts import get_object_or_404, redirect, render
from django.template import loader
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from . import accounts, jobs, lists, two_factor, uploads
from .access import is_admin, require_access
from .audit import record_export
from .forms import PasswordConfirmForm, TwoFactorCodeForm
from .models import GeneratedFile


@never_cache
def healthz(request):
    """200 when the app and its database answer; 503 otherwise (for the load balancer)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


def database_unreachable():
    """Whether the error being handled is the database out of reach (not a fault of the page)."""
    error = sys.exc_info()[1]
    return isinstance(error, (OperationalError, InterfaceError))


def server_error(request):
    """handler500 for the pages: our own page, drawn without the database. When the database is what
    failed (down, restarting, unreachable) the answer is 503 with a time to come back, not a 500."""
    if database_unreachable():
        page = loader.get_template("503.html").render()
        return HttpResponse(page, status=503, headers={"Retry-After": "30"})
    return HttpResponseServerError(loader.get_template("500.html").render())


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


# --- Audit trail ----------------------------------------------------------------------------


audit_list = lists.AuditList.view(is_admin)


# --- Files generated in the background --------------------------------------------------------


@require_access()
def job_list(request):
    return render(request, "core/job_list.html", {"jobs": jobs.for_user(request.user)[:50]})


@require_access()
@never_cache
def job_detail(request, pk):
    """The job's page; htmx polls it for the status fragment until the file is ready or failed."""
    jobs.recover_stale(jobs=jobs.for_user(request.user).filter(pk=pk))  # its worker may have died
    job = get_object_or_404(jobs.for_user(request.user), pk=pk)
    template = "core/_job_status.html" if request.headers.get("HX-Request") else "core/job_detail.html"
    return render(request, template, {"job": job})


@require_access()
def job_download(request, pk):
    job = get_object_or_404(
        jobs.for_user(request.user).filter(status=GeneratedFile.Status.READY, expires_at__gt=timezone.now()), pk=pk
    )
    record_export(
        request, model=GeneratedFile, description=job.title, rows=job.params.get("rows", 0), filters=job.params
    )
    # Built by our worker under our own name, so its type may follow the name; it still runs nothing.
    return uploads.harden(FileResponse(job.file.open("rb"), as_attachment=True, filename=job.filename))


@require_POST
@require_access()
def job_retry(request, pk):
    job = get_object_or_404(jobs.for_user(request.user), pk=pk)
    if not job.is_retryable:
        raise Http404
    jobs.retry(job)
    return redirect(job)


# --- Two-step login (core/two_factor.py) ---------------------------------------------------


@login_required
@never_cache
def two_factor_settings(request):
    return _two_factor_page(request, PasswordConfirmForm(user=request.user))


def _two_factor_page(request, disable_form, status=200):
    return render(
        request,
        "registration/two_factor.html",
        {
            "enabled": two_factor.is_enabled(request.user),
            "required": two_factor.is_required(request.user),
            "codes_left": two_factor.backup_codes_left(request.user),
            "disable_form": disable_form,
        },
        status=status,
    )


@login_required
@never_cache
def two_factor_setup(request):
    device = two_factor.pending_device(request.user)
    form = TwoFactorCodeForm(request.POST or None)
    form.fields["code"].help_text = _("Enam angka yang sedang tampil di aplikasi.")  # no backup codes yet
    if request.method == "POST" and form.is_valid():
        codes = two_factor.confirm_device(request, device, form.cleaned_data["code"])
        if codes is not None:
            messages.success(request, _("Verifikasi dua langkah aktif. Simpan kode cadangan di bawah ini."))
            return render(request, "registration/two_factor_codes.html", {"codes": codes})
        form.add_error("code", _("Kode tidak cocok. Periksa jam ponsel Anda dan masukkan kode yang sedang tampil."))
    secret = base64.b32encode(device.bin_key).decode()
    return render(
        request,
        "registration/two_factor_setup.html",
        {
            "form": form,
            "qr": segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2),
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "next": safe_next(request, default=reverse("two_factor_settings")),
            "required": request.session.get(two_factor.SETUP_KEY, False),
        },
    )


@login_required
@never_cache
def two_factor_verify(request):
    if not request.session.get(two_factor.PENDING_KEY):
        return redirect(safe_next(request))
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = two_factor.verify(request, form.cleaned_data["code"])
        if outcome == "ok":
            return redirect(safe_next(request))
        if outcome == "wait":
            form.add_error("code", _("Terlalu banyak kode salah berturut-turut. Tunggu sebentar, lalu coba lagi."))
        else:
            form.add_error("code", _("Kode salah atau sudah kedaluwarsa."))
    return render(request, "registration/two_factor_verify.html", {"form": form, "next": safe_next(request)})


@login_required
@require_POST
@never_cache
def two_factor_backup_codes(request):
    if not two_factor.is_enabled(request.user):
        return redirect("two_factor_settings")
    codes = two_factor.new_backup_codes(request.user)
    messages.success(request, _("Kode cadangan baru dibuat; kode yang lama tidak berlaku lagi."))
    return render(request, "registration/two_factor_codes.html", {"codes": codes})


@login_required
@require_POST
def two_factor_disable(request):
    if two_factor.is_required(request.user):
        messages.error(request, _("Akun admin dan operator wajib memakai verifikasi dua langkah di instansi ini."))
        return redirect("two_factor_settings")
    form = PasswordConfirmForm(request.POST, user=request.user)
    if form.is_valid():
        two_factor.disable(request.user)
        messages.success(request, _("Verifikasi dua langkah dimatikan."))
        return redirect("two_factor_settings")
    return _two_factor_page(request, form, status=400)


PASSWORD_CONFIRM_TRIES = 5


@login_required
@never_cache
def password_confirm(request):
    """The password typed again before granting power (core/accounts.py). Five wrong tries in a
    row end the session, so a page running in someone else's session cannot guess it."""
    form = PasswordConfirmForm(request.POST or None, user=request.user)
    if request.method == "POST":
        if form.is_valid():
            request.session.pop("_bangkom_password_tries", None)
            accounts.note_password_entry(request=request)
            return redirect(safe_next(request))
        tries = request.session.get("_bangkom_password_tries", 0) + 1
        request.session["_bangkom_password_tries"] = tries
        if tries >= PASSWORD_CONFIRM_TRIES:
            logout(request)
            messages.error(
                request, _("Kata sandi salah terlalu sering; demi keamanan Anda dikeluarkan. Silakan masuk lagi.")
            )
            return redirect("login")
    return render(request, "registration/password_confirm.html", {"form": form, "next": safe_next(request)})


def safe_next(request, default=None):
    """The `next` page to return to, when it is one of ours."""
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default or reverse("reports:home")
