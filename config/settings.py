"""Bangkom settings: one module, read from the environment, safe development defaults.

Production is `DJANGO_DEBUG=0` with `DJANGO_SECRET_KEY` and `DJANGO_ALLOWED_HOSTS` set;
`python manage.py check --deploy` is then clean.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VERSION = "0.1.0"


def env(name, default=""):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name, default):
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def env_list(name, default=()):
    value = os.environ.get(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", True)

SECRET_KEY = env("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG=0.")
    # Development only: production refuses to start without its own key (above).
    SECRET_KEY = "django-insecure-bangkom-development-only-key-do-not-use-in-production"  # nosec B105

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "treebeard",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "auditlog",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "core",
    "programs",
    "needs_analysis",
    "training",
    "evaluation",
    "documents",
    "reports",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "api",
    "demo",
]

MIDDLEWARE = [
    # First: from here on REMOTE_ADDR is the client's address, also behind the reverse proxy.
    "core.addresses.ClientAddressMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Outside WhiteNoise, so that static files carry the Permissions-Policy too; it reads the user
    # that AuthenticationMiddleware set on the way in.
    "core.middleware.PrivateResponseMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "core.middleware.IdleTimeoutMiddleware",
    "core.middleware.TwoFactorMiddleware",
    # Below CSRF: its process_view runs after the CSRF check, so only genuine sendings claim a token.
    "core.middleware.OncePerSubmissionMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    # Axes last: it turns a lockout raised during authentication into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "core.context_processors.bangkom",
            ],
            # Dates, times, money and counts are written one way on every page and document.
            "builtins": ["core.templatetags.formats"],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
# SQLite is the embedded default; production sets DATABASE_URL=postgres://...
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # WAL lets readers run beside a writer; IMMEDIATE transactions plus a busy timeout make
    # concurrent writers wait their turn instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache keeps figures computed for a user (home, 20 JP, needs recap) for a few minutes. The default
# lives in each process; with several gunicorn workers set DJANGO_CACHE=db (and run `manage.py
# createcachetable`) so that all workers agree (`check --deploy` warns otherwise). The public SKM form's
# limits and the password-reset throttle live in the database itself.
if env("DJANGO_CACHE") == "db":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "bangkom_cache"}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "bangkom"}}
# What every process can keep for itself because it is derived from code and settings alone (the
# main menu drawn per roles and language): a lookup in process memory, never a round trip.
CACHES["local"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "bangkom-local"}

# --- Authentication -------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Argon2id first (new and upgraded hashes); the others still verify old hashes, which Django
# re-hashes with Argon2id at the owner's next login.
PASSWORD_HASHERS = [
    "core.hashers.Argon2idHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
]

# Current guidance (NIST SP 800-63B, OWASP ASVS): length and a list of common passwords, no
# composition rules (so no "must contain a digit", and no ban on digits only), no forced expiry.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env_int("PASSWORD_MIN_LENGTH", 12)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "reports:home"
LOGOUT_REDIRECT_URL = "login"

# Lockout: after AXES_FAILURE_LIMIT failures on one account (from any address), that account is
# locked for AXES_COOLOFF_MINUTES; after as many failures from one address (on any accounts), that
# address is. Offices that reach Bangkom through one NAT address share the address's count; behind a
# reverse proxy set BANGKOM_TRUSTED_PROXIES so the real client address is used.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username"], ["ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# The address axes counts failures by is ours (core/addresses.py), never a header it trusts by itself.
AXES_CLIENT_IP_CALLABLE = "core.addresses.client_address"
# Reverse proxies whose X-Forwarded-For is believed (addresses or networks), e.g. "127.0.0.1" for the
# documented nginx on the same machine. Empty: the peer's own address is the client.
BANGKOM_TRUSTED_PROXIES = env_list("BANGKOM_TRUSTED_PROXIES", [])
# The two-step login's authenticator entries read "Bangkom:<username>"; a wrong code doubles the
# wait before the next try (1, 2, 4… seconds), so six digits cannot be guessed.
OTP_TOTP_ISSUER = env("BANGKOM_TOTP_ISSUER", "Bangkom")

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

# --- Static and media -----------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = Path(env("DJANGO_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env("DJANGO_MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Largest spreadsheet an import accepts (a 50,000-row SIASN export is about 15 MB).
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 20 * 1024 * 1024)

# --- E-mail ---------------------------------------------------------------------------------
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Bangkom <noreply@bangkom.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security -------------------------------------------------------------------------------
SESSION_ENGINE = "core.session_store"  # database sessions, read without the ORM's overhead
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    if env_bool("DJANGO_BEHIND_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Everything is served from our own origin (assets are vendored), so the policy can be strict.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
    }
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Audit trail ----------------------------------------------------------------------------
AUDITLOG_INCLUDE_ALL_MODELS = False
AUDITLOG_DISABLE_REMOTE_ADDR = False

# --- Domain settings (unconfirmed regulatory values kept configurable) -----------------------
BANGKOM = {
    "INSTANSI_NAME": env("BANGKOM_INSTANSI_NAME", "Pemerintah Kota Semarang (demo)"),
    "JP_MINUTES": env_int("BANGKOM_JP_MINUTES", 45),
    "JP_TARGET_PNS": env_int("BANGKOM_JP_TARGET_PNS", 20),
    "JP_TARGET_PPPK": env_int("BANGKOM_JP_TARGET_PPPK", 20),
    # Certificate numbers: {seq} (the year's running number), {roman_month}, {month}, {year}.
    "CERTIFICATE_NUMBER_FORMAT": env("BANGKOM_CERTIFICATE_NUMBER_FORMAT", "{seq:03d}/BKPSDM/{roman_month}/{year}"),
    "CERTIFICATE_SIGNATORY_NAME": env("BANGKOM_CERTIFICATE_SIGNATORY_NAME", "Kepala BKPSDM"),
    "CERTIFICATE_SIGNATORY_TITLE": env(
        "BANGKOM_CERTIFICATE_SIGNATORY_TITLE", "Kepala Badan Kepegawaian dan Pengembangan Sumber Daya Manusia"
    ),
    "CERTIFICATE_SIGNATORY_NIP": env("BANGKOM_CERTIFICATE_SIGNATORY_NIP", ""),
    # Evaluation scores (as a % of the Likert scale) below this are flagged as low.
    "EVALUATION_LOW_PERCENT": env_int("BANGKOM_EVALUATION_LOW_PERCENT", 75),
    # Where reports are signed ("Semarang, 24 November 2026").
    "REPORT_PLACE": env("BANGKOM_REPORT_PLACE", "Semarang"),
    # The head's home figures are recomputed at most this often (the page offers a refresh).
    "DASHBOARD_CACHE_SECONDS": env_int("BANGKOM_DASHBOARD_CACHE_SECONDS", 600),
    # A logged-in session left idle this long ends (SESSION_COOKIE_AGE caps any session).
    "SESSION_IDLE_MINUTES": env_int("BANGKOM_SESSION_IDLE_MINUTES", 30),
    # Evidence files of decided JP claims are deleted this many years after the decision (0 = keep).
    "EVIDENCE_RETENTION_YEARS": env_int("BANGKOM_EVIDENCE_RETENTION_YEARS", 5),
    # Admins and operators must set up the two-step login (an authenticator app) at their next login.
    "TWO_FACTOR_REQUIRED": env_bool("BANGKOM_TWO_FACTOR_REQUIRED", False),
    # A failed background job is tried this many times in all; the pauses grow 4× (30 s, 2 min…).
    "JOB_ATTEMPTS": env_int("BANGKOM_JOB_ATTEMPTS", 3),
    "JOB_RETRY_SECONDS": env_int("BANGKOM_JOB_RETRY_SECONDS", 30),
    # A running job not heard from this long lost its worker: it is queued again (or, after the
    # last attempt, failed with a "Coba lagi" button) by its page, a new job or recover_jobs.
    "JOB_STALE_MINUTES": env_int("BANGKOM_JOB_STALE_MINUTES", 5),
    # SQLite's "database is locked" (a long write elsewhere) is waited out in place this many times,
    # the pauses doubling from JOB_LOCK_PAUSE_SECONDS, before it counts as a failed attempt.
    "JOB_LOCK_RETRIES": env_int("BANGKOM_JOB_LOCK_RETRIES", 5),
    "JOB_LOCK_PAUSE_SECONDS": env_int("BANGKOM_JOB_LOCK_PAUSE_SECONDS", 1),
    # An uploaded import file and its preview are deleted once saved, replaced or abandoned this long.
    "IMPORT_KEEP_HOURS": env_int("BANGKOM_IMPORT_KEEP_HOURS", 2),
    # Raw SKM responses (and their free-text suggestions) are deleted this many years after the
    # survey's period; its figures stay in a summary (prune_skm_responses; 0 = keep).
    "SKM_RAW_RETENTION_YEARS": env_int("BANGKOM_SKM_RAW_RETENTION_YEARS", 3),
    # Files generated in the background (annual reports, certificate archives) are kept this long.
    "GENERATED_FILE_HOURS": env_int("BANGKOM_GENERATED_FILE_HOURS", 72),
    # The agency's signing certificate for electronic signatures (TTE): a PKCS#12 file (.p12/.pfx, with
    # its CA chain) and its password. Unset = documents are printed and signed by hand.
    "SIGNING_P12": env("BANGKOM_SIGNING_P12", ""),
    "SIGNING_P12_PASSWORD": env("BANGKOM_SIGNING_P12_PASSWORD", ""),
    # A time-stamping authority (RFC 3161) makes the signatures PAdES B-T; unset, they stay B-B.
    "SIGNING_TSA_URL": env("BANGKOM_SIGNING_TSA_URL", ""),
    "SIGNING_TSA_USER": env("BANGKOM_SIGNING_TSA_USER", ""),
    "SIGNING_TSA_PASSWORD": env("BANGKOM_SIGNING_TSA_PASSWORD", ""),
}

# --- Background tasks ---------------------------------------------------------------------------
# Django's tasks API (the django-tasks backport) with the database backend: the queue lives in the
# same database, so no broker is needed; `manage.py db_worker` runs the jobs (`make run` starts one).
TASKS = {"default": {"BACKEND": env("BANGKOM_TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

# One JSON object per line in production (DJANGO_LOG_FORMAT=json|text), with secrets masked
# (core/logs.py).
LOG_FORMAT = env("DJANGO_LOG_FORMAT", "text" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact": {"()": "core.logs.RedactingFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["redact"]},
    },
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", "INFO" if not DEBUG else "WARNING")},
    # WeasyPrint logs every rendering step and font subset at INFO: noise in a production log, and
    # a third of a certificate's time.
    "loggers": {
        **{name: {"level": "WARNING"} for name in ("weasyprint", "fontTools")},
        # Django's defaults give django.* (in DEBUG) and runserver's request lines handlers of their
        # own, which wrote them unmasked, and mail errors with the full request to ADMINS: here
        # every line goes through the one masked console.
        "django": {"handlers": [], "level": "INFO"},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}

# --- Read API (/api/v1/, api/) -----------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # The token first: its challenge makes an anonymous call a 401.
        "api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.HasRole"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Pages",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "api.schema.ApiSchema",
    "EXCEPTION_HANDLER": "api.errors.handle",
    # JP, scores and IKM as JSON numbers, not strings.
    "COERCE_DECIMAL_TO_STRING": False,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Bangkom API",
    "DESCRIPTION": (
        "Read-only API of Bangkom (pengembangan kompetensi ASN). Each call sees what its user sees in the "
        "pages: an operator's token reads their unit's subtree only. Errors share one body: "
        '`{"status", "code", "detail", "fields"}`.'
    ),
    "VERSION": "1",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI from drf-spectacular-sidecar's static files: no CDN on a government intranet.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "SWAGGER_UI_SETTINGS": {"persistAuthorization": False, "displayRequestDuration": True},
    "PATH_CONVERTER_OVERRIDES": {"id": {"type": "integer", "minimum": 0, "maximum": 999_999_999_999_999_999}},
    "ENUM_NAME_OVERRIDES": {
        "UnitKindEnum": "programs.models.OrgUnit.Kind",
        "PositionKindEnum": "programs.models.Position.Kind",
        "ProviderKindEnum": "training.models.Provider.Kind",
    },
}
