from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from core import views as core_views
from core.accounts import ThrottledPasswordResetForm
from core.forms import LoginForm
from core.middleware import keep_alive
from evaluation import views as evaluation_views

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path(
        "akun/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True, authentication_form=LoginForm),
        name="login",
    ),
    path("akun/verifikasi/", core_views.two_factor_verify, name="two_factor_verify"),
    path("akun/konfirmasi-sandi/", core_views.password_confirm, name="password_confirm"),
    path("akun/tetap-masuk/", keep_alive, name="keep_alive"),
    path("akun/dua-langkah/", core_views.two_factor_settings, name="two_factor_settings"),
    path("akun/dua-langkah/pasang/", core_views.two_factor_setup, name="two_factor_setup"),
    path("akun/dua-langkah/kode-cadangan/", core_views.two_factor_backup_codes, name="two_factor_backup_codes"),
    path("akun/dua-langkah/matikan/", core_views.two_factor_disable, name="two_factor_disable"),
    path(
        "akun/password_reset/",
        auth_views.PasswordResetView.as_view(form_class=ThrottledPasswordResetForm),
        name="password_reset",
    ),
    path("akun/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", include("api.urls")),
    path("", include("reports.urls")),
    path("", include("core.urls")),
    path("", include("programs.urls")),
    path("kebutuhan/", include("needs_analysis.urls")),
    path("pelatihan/", include("training.urls")),
    path("evaluasi/", include("evaluation.urls")),
    # The public page a signed document's QR code opens (no login).
    path("verifikasi/naskah/", include("documents.public_urls")),
    path("naskah/", include("documents.urls")),
    # The short public link of a unit's satisfaction survey (printed on the counter's QR poster).
    path("s/<slug:code>/", evaluation_views.skm_public, name="skm_public"),
]
# User files are never served from /media/, not even in development: each goes out through its view,
# which checks who asks (core/uploads.py serves it inert).

handler403 = "core.views.permission_denied"
handler404 = "core.views.page_not_found"
handler500 = "api.errors.server_error"
