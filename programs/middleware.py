import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _


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
                logout(request)
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


def start_session_clock(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_STARTED_KEY] = request.session[SESSION_SEEN_KEY] = int(time.time())


class TwoFactorMiddleware:
    """Holds a session that still owes its second login step (programs/two_factor.py) on the
    verification page, and an admin or operator who must set one up on the set-up page; logging
    out and switching language stay possible. The state was fixed at login: no query here."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from . import two_factor

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
