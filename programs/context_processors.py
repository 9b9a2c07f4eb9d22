from django.conf import settings

from .access import access_for


def bangkom(request):
    return {
        "access": access_for(getattr(request, "user", None)),
        "bangkom_version": settings.VERSION,
        "instansi_name": settings.BANGKOM["INSTANSI_NAME"],
    }
