"""Figures that aggregate a whole campaign or the whole JP ledger, kept for a few minutes.

At province scale the head's home and a campaign's recap aggregate 100,000-1,000,000 rows; they
change slowly, so each user's figures are kept for BANGKOM["DASHBOARD_CACHE_SECONDS"] and the page
says when they were computed and offers to recompute them."""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone, translation

from .access import access_for


def cached_figures(user, name, *parts, compute, refresh=False):
    """compute() -> a dict, kept per user, scope, language and `parts`, given "computed_at".
    The scope and the language are in the key: figures of a unit the user no longer has, or labels
    in the other language, are never served."""
    access = access_for(user)
    scope = "admin" if access.is_admin else ",".join(sorted(access.read_paths))
    identity = "|".join(str(part) for part in (user.pk, translation.get_language(), scope, *parts))
    key = f"bangkom:{name}:{hashlib.sha256(identity.encode()).hexdigest()}"
    figures = None if refresh else cache.get(key)
    if figures is None:
        figures = compute()
        figures["computed_at"] = timezone.now()
        cache.set(key, figures, settings.BANGKOM["DASHBOARD_CACHE_SECONDS"])
    return figures
