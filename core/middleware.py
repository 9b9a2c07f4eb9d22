import hashlib
import re
import time
import uuid
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.db import IntegrityError, transaction
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from . import two_factor
from .addresses import client_address
from .models import FormSubmission


class LanguageMiddleware:
    """Bahasa Indonesia first: the language is the one chosen with the switcher (its cookie), else
    LANGUAGE_CODE. Unlike Django's LocaleMiddleware, a browser set to English does not switch an
    Indonesian office's pages to English on its own."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ["Cookie"])
        response.headers.setdefault("Content-Language", language)
        return response


class IdleTimeoutMiddleware:
    """Ends a logged-in session left idle for BANGKOM["SESSION_IDLE_MINUTES"] (an office PC left
    unlocked), and any session older than SESSION_COOKIE_AGE however busy it is. The last activity
    is written to the session at most once a minute, so a busy page costs no extra write."""

    REFRESH_SECONDS = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            session = request.session
            idle_limit = settings.BANGKOM["SESSION_IDLE_MINUTES"] * 60
            started, seen = session.get(SESSION_STARTED_KEY), session.get(SESSION_SEEN_KEY)
            if started is None:
                session[SESSION_STARTED_KEY] = session[SESSION_SEEN_KEY] = now
            elif (idle := now - seen > idle_limit) or now - started > settings.SESSION_COOKIE_AGE:
                typed = typed_fields(request) if request.method == "POST" else None
                owner = user.pk
                logout(request)
                if typed:
                    # Kept in the new, anonymous session, which login carries over: restored on this
                    # page after logging in again, to the same user only (core/context_processors.py).
                    request.session[DRAFT_KEY] = {"path": request.path, "user": owner, "fields": typed}
                if idle:
                    message = _("Sesi Anda berakhir karena tidak ada aktivitas selama %(minutes)d menit.") % {
                        "minutes": idle_limit // 60
                    }
                else:
                    message = _("Sesi Anda sudah terlalu lama; demi keamanan silakan masuk lagi.")
                messages.info(request, message)
                return redirect_to_login(request.get_full_path())
            elif now - seen >= self.REFRESH_SECONDS:
                session[SESSION_SEEN_KEY] = now
        return self.get_response(request)


SESSION_STARTED_KEY = "_bangkom_started"
SESSION_SEEN_KEY = "_bangkom_seen"
DRAFT_KEY = "_bangkom_draft"
# Never kept: the form's own tokens, and anything that is or looks like a secret.
NOT_KEPT = re.compile(r"^(csrfmiddlewaretoken|_submission|started|website)$|password|passwd|token|secret", re.I)
DRAFT_LIMITS = {"fields": 200, "chars": 20_000}


def typed_fields(request):
    """What a form sent after its session ended held (files are not kept), to put back after login."""
    kept = {}
    for name, values in request.POST.lists():
        if NOT_KEPT.search(name) or len(kept) >= DRAFT_LIMITS["fields"]:
            continue
        kept[name] = [value[: DRAFT_LIMITS["chars"]] for value in values]
    return kept


@login_required
def keep_alive(request):
    """Pinged by "Tetap masuk" in the idle warning (static/js/bangkom.js): counts as activity."""
    request.session[SESSION_SEEN_KEY] = int(time.time())
    return HttpResponse(status=204, headers={"Cache-Control": "no-store"})


def start_session_clock(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_STARTED_KEY] = request.session[SESSION_SEEN_KEY] = int(time.time())


class TwoFactorMiddleware:
    """Holds a session that still owes its second login step (core/two_factor.py) on the
    verification page, and an admin or operator who must set one up on the set-up page; logging
    out and switching language stay possible. The state was fixed at login: no query here."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and request.user.is_authenticated:
            if session.get(two_factor.PENDING_KEY):
                target = "two_factor_verify"
            elif session.get(two_factor.SETUP_KEY):
                target = "two_factor_setup"
            else:
                return self.get_response(request)
            allowed = {reverse(target), reverse("logout"), reverse("set_language")}
            if request.path not in allowed:
                return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)


class OncePerSubmissionMiddleware:
    """Any form sent twice is stored once. Each page's forms carry a one-time token, written into the
    page beside each CSRF field (so it needs no JavaScript; static/js/bangkom.js adds one to a form
    that lacks it); the first sending claims it in the database, where every worker sees it.
    A second sending with the same token waits for the first to finish and is redirected where the
    first went, with a note. A sending that did not succeed (a form with errors) frees its token, so
    the corrected form goes through. htmx requests (autosave) are left alone: they repeat by design.
    It runs after the CSRF check (process_view), so only genuine sendings claim anything."""

    FIELD = "_submission"
    TOKEN = re.compile(r"^[A-Za-z0-9-]{16,64}$")
    WAIT_SECONDS = 15
    KEEP = timezone.timedelta(hours=6)

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        self.add_tokens(response)
        claim = getattr(request, "_bangkom_submission", None)
        if claim is not None:
            if response.status_code in (301, 302, 303) and response.get("Location"):
                FormSubmission.objects.filter(pk=claim).update(location=response["Location"][:2000])
            else:
                FormSubmission.objects.filter(pk=claim).delete()
        return response

    CSRF_FIELD = re.compile(rb'<input type="hidden" name="csrfmiddlewaretoken" value="[^"<>]*">')

    def add_tokens(self, response):
        """A fresh token after each CSRF field of an HTML page: every form that posts gets its own."""
        if response.streaming or not response.get("Content-Type", "").startswith("text/html"):
            return
        if b'name="csrfmiddlewaretoken"' not in response.content:
            return
        response.content = self.CSRF_FIELD.sub(
            lambda found: (
                found.group(0) + f'<input type="hidden" name="{self.FIELD}" value="{uuid.uuid4().hex}">'.encode()
            ),
            response.content,
        )
        if response.has_header("Content-Length"):
            response["Content-Length"] = str(len(response.content))

    def process_view(self, request, view, args, kwargs):
        if request.method != "POST" or request.headers.get("HX-Request"):
            return None
        token = request.POST.get(self.FIELD, "")
        if not self.TOKEN.match(token):
            return None
        user = getattr(request, "user", None)
        who = f"user:{user.pk}" if user is not None and user.is_authenticated else (client_address(request) or "")
        key = hashlib.sha256(f"{who}|{request.path}|{token}".encode()).hexdigest()
        deadline = time.monotonic() + self.WAIT_SECONDS
        while True:
            try:
                with transaction.atomic():
                    claim = FormSubmission.objects.create(key=key)
            except IntegrityError:
                location = FormSubmission.objects.filter(key=key).values_list("location", flat=True).first()
                if location:
                    messages.info(request, _("Formulir ini sudah terkirim; kiriman ganda tidak disimpan lagi."))
                    return HttpResponseRedirect(location)
                if time.monotonic() > deadline:
                    return HttpResponse(_("Formulir ini masih diproses. Tunggu sebentar, lalu muat ulang."), status=409)
                time.sleep(0.1)  # the first sending is still at work (or is freeing its token)
                continue
            request._bangkom_submission = claim.pk
            FormSubmission.objects.filter(created_at__lt=timezone.now() - self.KEEP).delete()
            return None


class PrivateResponseMiddleware:
    """What a signed-in user sees, and every file handed out (exports, PDFs, evidence), stays out of
    browser and proxy caches: a shared office PC's back button or a caching proxy must not show it to the
    next person. Every response also says which powerful browser features the pages never use."""

    PERMISSIONS_POLICY = (
        "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), "
        "magnetometer=(), gyroscope=(), accelerometer=(), display-capture=(), interest-cohort=()"
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        if signed_in or response.get("Content-Disposition", "").startswith("attachment"):
            response.headers["Cache-Control"] = "no-store"
            response.headers.pop("Expires", None)
        return response
