"""Every file a user uploads comes in through `accept` and every stored file goes out through `serve`.

An upload is a stranger's bytes. It is kept only when its name's extension, the type its browser declared
and its content all name the same kind from the allowlist of its use (claim evidence: PDF, PNG, JPEG;
imports: xlsx), and it is stored under a generated name. It is served with the allowlist's type, never
one guessed from a name, in a sandbox that runs no script: a file that was stored before these checks
(an HTML page behind a PDF header, named `.html`) reaches the browser as inert bytes.
"""

import uuid
import zipfile
from dataclasses import dataclass

from django import forms
from django.http import FileResponse
from django.utils.translation import gettext_lazy as _

# What a browser would run as a page, a picture with script, or a style sheet. A real PDF, PNG or JPEG
# does not carry these as plain bytes (their streams are compressed or binary); a polyglot must.
ACTIVE_MARKERS = (b"<html", b"<script", b"<svg", b"<body", b"<iframe", b"<!doctype", b"<?xml-stylesheet", b"<object")
# Browsers that cannot tell a file's type send one of these: they state nothing, so the content decides.
UNSTATED_TYPES = {"", "application/octet-stream"}
SNIFF_BYTES = 8192


@dataclass(frozen=True)
class Kind:
    label: str
    extensions: tuple
    declared_types: frozenset
    served_type: str
    inline: bool  # a PDF or an image may open in the browser; anything else is downloaded
    magic: tuple = ()

    @property
    def extension(self):
        return self.extensions[0]

    def matches(self, head):
        return any(head.startswith(magic) for magic in self.magic)


PDF = Kind("PDF", (".pdf",), frozenset({"application/pdf", "application/x-pdf"}), "application/pdf", True, (b"%PDF-",))
PNG = Kind("PNG", (".png",), frozenset({"image/png"}), "image/png", True, (b"\x89PNG\r\n\x1a\n",))
JPEG = Kind("JPEG", (".jpg", ".jpeg"), frozenset({"image/jpeg", "image/pjpeg"}), "image/jpeg", True, (b"\xff\xd8\xff",))
XLSX = Kind(
    "XLSX",
    (".xlsx",),
    frozenset({"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    False,
    (b"PK\x03\x04",),
)

EVIDENCE = (PDF, PNG, JPEG)
IMAGES = (PNG, JPEG)  # a letterhead's emblem
SPREADSHEET = (XLSX,)


def _names_a_workbook(upload):
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        upload.seek(0)
    return "[Content_Types].xml" in names and "xl/workbook.xml" in names


def _is_active(content):
    lowered = content.lower()
    return any(marker in lowered for marker in ACTIVE_MARKERS)


def sniff(content, kinds):
    """The kind of `content` among `kinds` by its bytes alone, or None (also for a polyglot)."""
    for kind in kinds:
        if kind.matches(content[:16]) and not (kind.inline and _is_active(content)):
            return kind
    return None


def accept(upload, kinds, *, max_bytes, refused_message):
    """The upload, renamed to a generated name, when its name, declared type and content agree on one
    of `kinds`; a ValidationError in Indonesian otherwise. The whole file is read once (uploads are
    capped at a few MB) so a script hidden past the first bytes is found too."""
    if upload.size > max_bytes:
        raise forms.ValidationError(
            _("Berkas terlalu besar; batasnya %(mb)s MB.") % {"mb": f"{max_bytes / (1024 * 1024):.0f}"}
        )
    name = (upload.name or "").lower()
    by_name = [kind for kind in kinds if name.endswith(kind.extensions)]
    declared = (getattr(upload, "content_type", "") or "").split(";")[0].strip().lower()
    upload.seek(0)
    content = upload.read()
    upload.seek(0)
    kind = sniff(content, by_name)
    if (
        kind is None
        or (declared not in UNSTATED_TYPES and declared not in kind.declared_types)
        or (kind is XLSX and not _names_a_workbook(upload))
    ):
        raise forms.ValidationError(refused_message)
    upload.original_name = upload.name  # for display only (an import's preview names the user's file)
    upload.name = f"{uuid.uuid4().hex}{kind.extension}"
    return upload


def serve(field_file, *, kinds, filename_stem, force_download=False):
    """A stored file as a response that cannot run: the type of the allowlist kind its bytes are (an
    unknown or active file is plain bytes to download), `nosniff`, a sandbox that allows nothing, and
    `attachment` unless it is a PDF or an image. Raises OSError when the storage lacks the file."""
    stored = field_file.open("rb")
    head = stored.read(SNIFF_BYTES)
    rest_is_clean = True
    if head[:1] in (b"%", b"\x89", b"\xff"):  # a PDF or an image: look for a page hidden further on
        chunk = head
        while rest_is_clean and chunk:
            chunk = stored.read(1024 * 1024)
            rest_is_clean = not _is_active(chunk)
    stored.seek(0)
    kind = sniff(head, kinds) if rest_is_clean else None
    inline = kind is not None and kind.inline and not force_download
    extension = kind.extension if kind is not None else ".bin"
    response = FileResponse(stored, as_attachment=not inline, filename=f"{filename_stem}{extension}")
    return harden(response, content_type=kind.served_type if kind is not None else "application/octet-stream")


def harden(response, *, content_type=None):
    """Headers every served file carries, whoever made it."""
    if content_type is not None:
        response.headers["Content-Type"] = content_type
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response
