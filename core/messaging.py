"""Messages to people outside e-mail: offices remind staff on WhatsApp, so pages offer a ready link."""

from urllib.parse import quote


def whatsapp_link(phone, text):
    """A wa.me link with the message filled in; Indonesian numbers typed as 08... become 628..."""
    digits = "".join(ch for ch in phone or "" if ch.isdigit())
    if digits.startswith("0"):
        digits = "62" + digits[1:]
    return f"https://wa.me/{digits}?text={quote(text)}" if digits else ""
