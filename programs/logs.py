"""What reaches the log: one JSON object per line in production (for journald, Loki, ELK), and
never a secret. Passwords are never logged by Django; what could slip through are the secret
parts of our own URLs (questionnaire links, check-in codes, import reports) when a request is
logged, a NIK copied from a SIASN file, and password fields of a logged query string."""

import logging
import re

REDACTED = "[disembunyikan]"
SECRET_PATHS = re.compile(r"(/(?:t|hadir|impor)/)[^/\s?]+")
SECRET_PARAMETERS = re.compile(r"((?:password|passwd|token|secret|sessionid)[^=&\s]*=)[^&\s]+", re.IGNORECASE)
NIK = re.compile(r"(?<!\d)(\d{12})(\d{4})(?!\d)")  # 16 digits; NIPs have 18 and are not masked


def redact(text):
    text = SECRET_PATHS.sub(rf"\1{REDACTED}", text)
    text = SECRET_PARAMETERS.sub(rf"\1{REDACTED}", text)
    return NIK.sub(lambda match: "*" * 12 + match.group(2), text)


class RedactingFilter(logging.Filter):
    """Rewrites the message (with its arguments merged in) of every record the handler writes."""

    def filter(self, record):
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True
