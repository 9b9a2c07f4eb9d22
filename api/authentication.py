"""How the API knows who asks: a token in the Authorization header (other systems). The browser's
logged-in session is DRF's SessionAuthentication, listed after it in settings."""

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from core.addresses import client_address

from . import tokens


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer bkm_…` (or `Token bkm_…`)."""

    keywords = ("bearer", "token")

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].decode(errors="replace").lower() not in self.keywords:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Header Authorization harus berbentuk 'Bearer <token>'."))
        try:
            key = header[1].decode()
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("Token tidak dikenal.")) from None
        token = tokens.find(key)
        if token is None:
            raise exceptions.AuthenticationFailed(_("Token tidak dikenal."))
        if token.revoked_at is not None:
            raise exceptions.AuthenticationFailed(_("Token ini sudah dicabut."))
        if token.is_expired:
            raise exceptions.AuthenticationFailed(_("Token ini sudah kedaluwarsa."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("Akun pemilik token ini tidak aktif."))
        tokens.touch(token, client_address(request))
        return token.user, token

    def authenticate_header(self, request):
        # Makes an anonymous request a 401 (with this challenge), not a 403.
        return 'Bearer realm="bangkom"'
