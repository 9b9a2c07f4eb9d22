"""One error body for every failure of the API:

    {"status": 404, "code": "not_found", "detail": "Tidak ditemukan.", "fields": {...}}

`fields` appears on invalid input only, with the messages per parameter."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from rest_framework import exceptions, serializers, status
from rest_framework.views import exception_handler

from core import views as pages
from core.views import database_unreachable


class ErrorSerializer(serializers.Serializer):
    """The body of every error answer (for the schema)."""

    status = serializers.IntegerField()
    code = serializers.CharField()
    detail = serializers.CharField()
    fields = serializers.DictField(child=serializers.ListField(child=serializers.CharField()), required=False)


def handle(exc, context):
    # Django's own 404 and 403 (get_object_or_404, PermissionDenied) get DRF's worded messages.
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None:
        return None  # a real fault: Django logs it and answers 500
    if isinstance(exc, exceptions.ValidationError):
        body = {
            "status": response.status_code,
            "code": "invalid",
            "detail": _("Parameter tidak valid."),
            "fields": _flatten(exc.detail),
        }
    else:
        detail = getattr(exc, "detail", "")
        body = {
            "status": response.status_code,
            "code": getattr(detail, "code", None) or getattr(exc, "default_code", "error"),
            "detail": str(detail),
        }
    response.data = body
    return response


def _flatten(detail):
    """{parameter: [messages]}: the API reads query parameters only, so nothing is nested deeper."""
    if isinstance(detail, dict):
        return {key: [str(m) for m in (value if isinstance(value, list) else [value])] for key, value in detail.items()}
    return {"non_field_errors": [str(m) for m in (detail if isinstance(detail, list) else [detail])]}


def not_found(request, *args, **kwargs):
    """An address under /api/ that does not exist: the same body as any other 404 of the API."""
    return JsonResponse(
        {"status": status.HTTP_404_NOT_FOUND, "code": "not_found", "detail": _("Alamat API ini tidak ada.")},
        status=status.HTTP_404_NOT_FOUND,
    )


def server_error(request):
    """handler500: the API's fault body under /api/, Django's page elsewhere."""
    if request.path.startswith("/api/") and database_unreachable():
        return JsonResponse(
            {"status": 503, "code": "unavailable", "detail": _("Layanan sedang tidak tersedia. Coba lagi nanti.")},
            status=503,
            headers={"Retry-After": "30"},
        )
    if request.path.startswith("/api/"):
        return JsonResponse(
            {
                "status": status.HTTP_500_INTERNAL_SERVER_ERROR,
                "code": "server_error",
                "detail": _("Terjadi kesalahan di server dan sudah dicatat. Coba lagi nanti."),
            },
            status=status.HTTP_500_INTERNAL_SERVER_ERROR,
        )
    return pages.server_error(request)
