"""Log lines are JSON in production and never carry a secret link, a password or a full NIK."""

import json
import logging

import pytest

from core.logs import redact


def test_secrets_in_a_logged_request_are_masked():
    line = redact(
        "Not Found: /evaluasi/t/eyJpbnYiOjF9:1v2:abc/ then /pelatihan/hadir/Zx9-q/ "
        "?next=/&password=rahasia123&token=abc NIK 3374012345678901 NIP 199001012020121001"
    )
    assert "eyJpbnYiOjF9" not in line and "Zx9-q" not in line
    assert "rahasia123" not in line and "token=abc" not in line
    assert "3374012345678901" not in line and "************8901" in line
    assert "199001012020121001" in line  # an 18-digit NIP is not a NIK


def test_the_configured_handler_writes_json_with_secrets_masked(settings):
    import io

    from pythonjsonlogger.json import JsonFormatter

    from core.logs import RedactingFilter

    installed = [h for h in logging.getLogger().handlers if any(isinstance(f, RedactingFilter) for f in h.filters)]
    assert installed  # the console handler configured at start masks secrets
    # The production formatter as configured, on a handler of our own (the global one is left alone).
    configured = settings.LOGGING["formatters"]["json"]
    output = io.StringIO()
    handler = logging.StreamHandler(output)
    handler.setFormatter(JsonFormatter(fmt=configured["fmt"], rename_fields=configured["rename_fields"]))
    handler.addFilter(RedactingFilter())
    record = logging.LogRecord(
        "django.request", logging.WARNING, __file__, 1, "Not Found: %s", ("/evaluasi/t/rahasia-token/",), None
    )
    handler.handle(record)
    entry = json.loads(output.getvalue())
    assert entry["level"] == "WARNING" and entry["logger"] == "django.request"
    assert "rahasia-token" not in entry["message"] and "/evaluasi/t/" in entry["message"]


def configured_handlers(settings):
    """The configured formatters (JSON for production, text for development), each on a handler of our
    own with the configured filter, writing to a buffer."""
    import io
    from logging.config import DictConfigurator

    from core.logs import RedactingFilter

    configurator = DictConfigurator(settings.LOGGING)
    handlers = {}
    for name in ("json", "text"):
        output = io.StringIO()
        handler = logging.StreamHandler(output)
        handler.setFormatter(configurator.configure_formatter(dict(settings.LOGGING["formatters"][name])))
        handler.addFilter(RedactingFilter())
        handlers[name] = (handler, output)
    return handlers


def test_no_field_of_a_logged_request_holds_its_secret_link(client, settings, db):
    """Django's request logger passes the request itself as an extra field; the JSON formatter printed
    it whole (`<WSGIRequest: GET '/evaluasi/t/NDky:…'>`) although the message was masked."""
    secret = "NDky:1vRahasiaTautan"
    handlers = configured_handlers(settings)
    logger = logging.getLogger("django.request")
    for handler, _output in handlers.values():
        logger.addHandler(handler)
    try:
        client.get(f"/evaluasi/t/{secret}/")  # an unknown link: 404, logged with the request
        client.get("/akun/reset/MQ/cbz9k1-4a0f7c2e9b1d/")
        try:
            raise ValueError(f"token bkm_RahasiaSekali on /evaluasi/t/{secret}/")
        except ValueError:
            logger.exception("Gagal di /evaluasi/t/%s/", secret)
    finally:
        for handler, _output in handlers.values():
            logger.removeHandler(handler)
    for name, (_handler, output) in handlers.items():
        written = output.getvalue()
        assert "/evaluasi/t/" in written, name  # something was logged
        assert "Rahasia" not in written and "cbz9k1" not in written, (name, written)
    assert any("request" in json.loads(line) for line in handlers["json"][1].getvalue().splitlines())


# --- Through the configured logging, on real requests ---------------------------------------------

LINK = "NDky:rahasiaTautanKuesioner0123456789abcdefABCDEFGHI"  # payload:signature
RESET = "c3h-rahasiaTokenReset0123456789abcdef"
API_TOKEN = "bkm_RahasiaTokenApi0123456789abcdefghijklmnopqrstu"
SECRETS = (LINK, "rahasiaTautanKuesioner", RESET, API_TOKEN, "sandiRahasia99", "sesirahasia123")


@pytest.fixture(params=["text", "json"])
def log_output(request, settings):
    """The logging of settings.LOGGING with its console in each of the two formats, every stream
    handler reachable from django.request writing into one buffer. DEBUG is on, so that Django's
    debug-only console (if any is still attached) writes too."""
    import copy
    import io

    from django.utils.log import configure_logging

    config = copy.deepcopy(settings.LOGGING)
    config["handlers"]["console"]["formatter"] = request.param
    configure_logging(settings.LOGGING_CONFIG, config)
    settings.DEBUG = True
    output = io.StringIO()
    logger = logging.getLogger("django.request")
    while logger:
        for handler in logger.handlers:
            if isinstance(handler, logging.StreamHandler):
                handler.setStream(output)
        logger = logger.parent if logger.propagate else None
    yield output
    configure_logging(settings.LOGGING_CONFIG, settings.LOGGING)


def _boom(token):
    raise RuntimeError(f"tautan {token} gagal; Authorization: Bearer {API_TOKEN} sessionid=sesirahasia123")


def test_no_field_of_a_logged_404_403_or_500_holds_a_secret(log_output, monkeypatch, db):
    from django.test import Client

    monkeypatch.setattr("evaluation.views.invitation_from_token", _boom)
    client = Client(raise_request_exception=False, enforce_csrf_checks=True)
    assert client.get(f"/evaluasi/t/{LINK}/").status_code == 500
    monkeypatch.undo()
    assert client.get(f"/evaluasi/t/{LINK}/").status_code == 404
    assert client.post(f"/evaluasi/t/{LINK}/", {"password": "sandiRahasia99"}).status_code == 403
    assert client.post(f"/akun/reset/MQ/{RESET}/", {"new_password1": "sandiRahasia99"}).status_code == 403

    written = log_output.getvalue()
    leaked = [secret for secret in SECRETS if secret in written]
    assert not leaked, written
    assert written.count("/evaluasi/t/[disembunyikan]") >= 3 and "/akun/reset/[disembunyikan]" in written
    assert "RuntimeError" in written  # the traceback is logged, masked
