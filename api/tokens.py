"""Issuing, checking and revoking API tokens.

A token is `bkm_` and 43 random URL-safe characters (256 bits). Being random rather than chosen by a
person, it needs no slow password hash: its SHA-256 digest is looked up directly (one indexed query
per request) and a stolen database still yields no usable key."""

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from .models import ApiToken

PREFIX = "bkm_"
# last_used_at is written at most this often per token: an integration polling every second would
# otherwise turn every read into a write.
TOUCH_SECONDS = 60


def digest_of(key):
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def issue(*, user, name, expires_on=None, by):
    """A new token for `user`; returns (ApiToken, key). The key is never stored: show it once."""
    key = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        expires_on=expires_on,
        prefix=key[: len(PREFIX) + 6],
        digest=digest_of(key),
        created_by=by,
    )
    return token, key


def revoke(token, *, by):
    if token.revoked_at is None:
        token.revoked_at, token.revoked_by = timezone.now(), by
        token.save(update_fields=["revoked_at", "revoked_by"])
    return token


def find(key):
    """The token a key belongs to, with its user, or None (one query)."""
    if not key.startswith(PREFIX) or len(key) > 100:
        return None
    return ApiToken.objects.select_related("user").filter(digest=digest_of(key)).first()


def touch(token, address):
    """Note that the token was just used: at most one UPDATE a minute, and at once from a new address
    (a key used from somewhere else shows on the token list, not hidden by a busy integration)."""
    now = timezone.now()
    stale = token.last_used_at is None or (now - token.last_used_at).total_seconds() >= TOUCH_SECONDS
    if stale or token.last_used_from != address:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now, last_used_from=address)
        token.last_used_at, token.last_used_from = now, address
