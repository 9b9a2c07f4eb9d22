"""Every URL the project serves, walked for an anonymous visitor: each one either is on the public
list below (deliberately, with its reason) or sends the visitor to the login page. A new view that
forgets its login check fails here, and so does a new public page nobody listed.

The per-role, per-object half of the matrix (another unit's objects are 404 for each role) lives in
each app's view tests; see the closing note of issue 11 for the views it does not cover yet."""

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

# Reachable without logging in, and why.
PUBLIC = {
    "healthz": "the load balancer's check",
    "login": "logging in",
    "logout": "logging out (POST; answers anyone)",
    "password_reset": "forgotten password",
    "password_reset_done": "forgotten password",
    "password_reset_confirm": "the e-mailed reset link",
    "password_reset_complete": "forgotten password",
    "set_language": "the language switch on the login page",
    "skm_public": "the citizens' satisfaction survey (no account)",
    "evaluation:answer_by_link": "a questionnaire's signed link, for participants without an account",
    "training:checkin": "QR check-in by signed code; it asks for a login itself when needed",
    "training:certificate_verify": "anyone may verify a certificate from its QR code",
    "document_verification:document_verify": "anyone may verify a signed document from its QR code",
    "api:root": "the API's index of addresses (no data)",
    "api:schema": "the API's OpenAPI description (no data), which integrators read first",
    "api:docs": "the API's documentation page (no data)",
}
SAMPLE_VALUES = {
    "int": "987654",
    "str": "bukan-token",
    "slug": "tidak-ada",
    "path": "x",
    "uuid": "00000000-0000-4000-8000-000000000000",
}


def patterns(resolvers=None, prefix="", namespace=None):
    for entry in resolvers if resolvers is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name == "admin":
                continue  # Django's admin has its own login and is tested by Django
            yield from patterns(entry.url_patterns, prefix + str(entry.pattern), entry.namespace or namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield (f"{namespace}:{entry.name}" if namespace else entry.name), entry


def sample_url(name, pattern):
    kwargs = {}
    for key, converter in pattern.pattern.converters.items():
        kind = type(converter).__name__.replace("Converter", "").lower()
        kwargs[key] = SAMPLE_VALUES.get(kind, "1")
    return reverse(name, kwargs=kwargs)


ALL = sorted(dict(patterns()).items())
PRIVATE = [(name, pattern) for name, pattern in ALL if name not in PUBLIC]


def test_the_public_list_names_only_existing_pages():
    assert set(PUBLIC) <= {name for name, _pattern in ALL}


@pytest.mark.django_db
@pytest.mark.parametrize("name,pattern", PRIVATE, ids=[name for name, _pattern in PRIVATE])
def test_every_other_page_sends_an_anonymous_visitor_to_log_in(client, name, pattern):
    url = sample_url(name, pattern)
    for method in (client.get, client.post):
        response = method(url)
        if response.status_code == 405:
            continue  # this method is not served at all
        if url.startswith("/api/v1/"):  # the API asks for credentials instead of a login page
            assert response.status_code == 401, (name, method.__name__, response.status_code)
            assert response.json()["code"] == "not_authenticated"
            continue
        assert response.status_code == 302, (name, method.__name__, response.status_code)
        assert response["Location"].startswith(reverse(settings.LOGIN_URL)), (name, response["Location"])


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(PUBLIC))
def test_public_pages_answer_without_an_error(client, name):
    url = sample_url(name, dict(ALL)[name])
    response = client.get(url)
    assert response.status_code < 500, (name, response.status_code)
