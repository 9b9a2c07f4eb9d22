"""Checks of the deployment that `manage.py check --deploy` runs beside Django's own."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

PER_PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


@register(Tags.caches, deploy=True)
def shared_cache(app_configs, **kwargs):
    """Several gunicorn workers each keep their own per-process cache: figures kept for a user (home,
    20 JP, recap) and their "refresh" would differ from one request to the next. Production needs one
    cache for all processes."""
    backend = settings.CACHES["default"]["BACKEND"]
    if settings.DEBUG or backend not in PER_PROCESS_CACHES:
        return []
    return [
        Warning(
            "The default cache lives in each process; with several workers they disagree.",
            hint="Set DJANGO_CACHE=db and run `manage.py createcachetable` (or configure a shared cache).",
            id="bangkom.W001",
        )
    ]
