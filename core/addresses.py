"""The client's address, the one rule for every place that uses one (rate limits, the audit trail, login
lockout, API tokens' last use, logs).

Behind a reverse proxy every request comes from the proxy, and `X-Forwarded-For` says who the client
was; but anyone can send that header. It is believed only when the request comes from a proxy named in
BANGKOM_TRUSTED_PROXIES, and then read from the right: each trusted proxy appends the address it saw,
so the right-most address that is not one of ours is the client (the left-most is whatever the client
wrote)."""

import hashlib
import ipaddress
from functools import lru_cache

from django.conf import settings

PROXY_ADDRESS_KEY = "BANGKOM_PROXY_ADDR"
FORWARDED_KEY = "BANGKOM_FORWARDED_FOR"


@lru_cache(maxsize=8)
def _networks(proxies):
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def _parse(text):
    try:
        return ipaddress.ip_address(text.strip().strip("[]"))
    except ValueError:
        return None


def _trusted(address, networks):
    return address is not None and any(address in network for network in networks)


def client_address(request):
    """The client's address as text (None when the peer's own address is unusable)."""
    meta = request.META
    peer = _parse(meta.get("REMOTE_ADDR", ""))
    networks = _networks(tuple(settings.BANGKOM_TRUSTED_PROXIES))
    forwarded = meta.get("HTTP_X_FORWARDED_FOR", "")
    if not (forwarded and _trusted(peer, networks)):
        return str(peer) if peer is not None else None
    hops = [_parse(hop) for hop in forwarded.split(",")]
    for hop in reversed(hops):
        if hop is None:
            return str(peer)  # a hop no proxy of ours would write: the header is not believed
        if not _trusted(hop, networks):
            return str(hop)
    return str(hops[0])  # every hop is one of ours: the request began inside, at the first


def salted_address(request):
    """The client's address as a salted hash (24 hex digits), for the limits that remember who asked:
    the same client gives the same text, and the text gives no address back."""
    raw = client_address(request) or ""
    return hashlib.sha256(f"{settings.SECRET_KEY}:{raw}".encode()).hexdigest()[:24]


class ClientAddressMiddleware:
    """Puts the client's address where Django and every library read it (REMOTE_ADDR), first thing,
    keeping the proxy's own under BANGKOM_PROXY_ADDR, and takes X-Forwarded-For away: libraries that
    read it themselves (auditlog takes its left-most entry, which the client writes) find none."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        address = client_address(request)
        request.META[PROXY_ADDRESS_KEY] = request.META.get("REMOTE_ADDR", "")
        request.META["REMOTE_ADDR"] = address or ""
        forwarded = request.META.pop("HTTP_X_FORWARDED_FOR", None)
        if forwarded is not None:
            request.META[FORWARDED_KEY] = forwarded
        return self.get_response(request)
