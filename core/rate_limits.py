"""How often one client may use a public action that costs the server (checking an uploaded PDF's
signature, say): at most `per_hour` uses an hour per client address, counted in the database so that
every server process sees the same count. The address is kept only as a salted hash, for one hour.

Each use is written first and counted after, so however many arrive at once, no more than `per_hour`
of them find themselves within the limit."""

import datetime

from django.utils import timezone

from .addresses import salted_address
from .models import RateLimitHit

WINDOW = datetime.timedelta(hours=1)


def over_limit(request, action, *, per_hour):
    """Record this use of `action` by the request's client; True when it is beyond `per_hour` uses
    within the last hour (the caller then refuses it, doing none of the work)."""
    now = timezone.now()
    RateLimitHit.objects.filter(attempted_at__lt=now - WINDOW).delete()
    address = salted_address(request)
    RateLimitHit.objects.create(action=action, address=address, attempted_at=now)
    recent = RateLimitHit.objects.filter(action=action, address=address, attempted_at__gt=now - WINDOW)
    return recent.count() > per_hour
