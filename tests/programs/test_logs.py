"""Log lines are JSON in production and never carry a secret link, a password or a full NIK."""

import json
import logging

from programs.logs import redact


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

    from programs.logs import RedactingFilter

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
