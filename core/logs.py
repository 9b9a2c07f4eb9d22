"""What reaches the log: one JSON object per line in production (for journald, Loki, ELK), and
never a secret. Passwords are never logged by Django; what could slip through are the secret
parts of our own URLs (questionnaire links, check-in codes, import reports) when a request is
logged, a NIK copied from a SIASN file, and password fields of a logged query string."""

import logging
import re

REDACTED = "[disembunyikan]"
SECRET_PATHS = re.compile(r"(/(?:t|hadir|impor)/)[^/\s?'\"]+")
# Django's password-reset link: /akun/reset/<uid>/<token>/ (also the "set-password" form after it).
RESET_PATHS = re.compile(r"(/reset/)[^/\s?'\"]+/[^/\s?'\"]+")
API_KEYS = re.compile(r"bkm_[A-Za-z0-9_-]+")
# A value signed by Django (a questionnaire link's token) quoted outside its path, as an exception's
# text does ("Reverse for 'answer_by_link' with arguments '('NDI:…',)'"): a payload, maybe a
# timestamp, and a signature of 27 characters or more.
SIGNED_VALUES = re.compile(r"(?<![\w/-])[\w-]+(?::[\w-]+)?:[\w-]{27,}")
SECRET_PARAMETERS = re.compile(
    r"((?:password|passwd|token|secret|sessionid|csrftoken|csrfmiddlewaretoken)[^=&\s]*=)[^&\s]+", re.IGNORECASE
)
NIK = re.compile(r"(?<!\d)(\d{12})(\d{4})(?!\d)")  # 16 digits; NIPs have 18 and are not masked


def redact(text):
    text = SECRET_PATHS.sub(rf"\1{REDACTED}", text)
    text = RESET_PATHS.sub(rf"\1{REDACTED}", text)
    text = API_KEYS.sub(f"bkm_{REDACTED}", text)
    text = SIGNED_VALUES.sub(REDACTED, text)
    text = SECRET_PARAMETERS.sub(rf"\1{REDACTED}", text)
    return NIK.sub(lambda match: "*" * 12 + match.group(2), text)


# The attributes every LogRecord has; anything else on a record came as `extra` (Django's request logger
# adds the request itself, whose repr carries its path) and is written out by the JSON formatter.
STANDARD_ATTRIBUTES = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}
PLAIN = (int, float, bool, type(None))


class RedactingFilter(logging.Filter):
    """Masks secrets in every field of every record the handler writes: the message (with its arguments
    merged in), the traceback, the stack and each `extra` field (a request becomes its masked repr)."""

    def filter(self, record):
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        if record.exc_info:
            # Formatted once here, masked, and written from exc_text by both formatters.
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        elif record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        for name, value in list(vars(record).items()):
            if name not in STANDARD_ATTRIBUTES and not isinstance(value, PLAIN):
                setattr(record, name, redact(value if isinstance(value, str) else repr(value)))
        return True
