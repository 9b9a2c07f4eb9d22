"""The uploaded workbook of an import between its preview and its confirmation: personal data, so it
lives only as long as it is needed. One per session (a new upload replaces the last), deleted when the
import is confirmed, and any left behind (a preview abandoned) are deleted after PREVIEW_HOURS by the
import pages and by the nightly `prune_generated_files`."""

import re
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core.files import File

SESSION_KEY = "employee_import"
PREVIEW_HOURS = 1
TOKEN = re.compile(r"[0-9a-f]{32}")


def _directory():
    path = Path(settings.MEDIA_ROOT) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def keep(request, upload, name):
    """Store the upload for this session's confirmation (dropping the session's previous one); its token."""
    drop(request)
    token = uuid.uuid4().hex
    upload.seek(0)
    with (_directory() / f"{token}.xlsx").open("wb") as target:
        for chunk in upload.chunks():
            target.write(chunk)
    request.session[SESSION_KEY] = {"token": token, "name": name}
    return token


def open_kept(request, token):
    """The session's stored upload with this token, or None."""
    stored = request.session.get(SESSION_KEY) or {}
    if stored.get("token") != token or not TOKEN.fullmatch(token or ""):
        return None
    path = _directory() / f"{token}.xlsx"
    if not path.exists():
        return None
    return File(path.open("rb"), name=stored.get("name") or "import.xlsx")


def drop(request):
    stored = request.session.pop(SESSION_KEY, None) or {}
    if TOKEN.fullmatch(stored.get("token") or ""):
        (_directory() / f"{stored['token']}.xlsx").unlink(missing_ok=True)


def prune(now=None):
    """Delete previews older than PREVIEW_HOURS; returns how many went."""
    cutoff = (now or time.time()) - PREVIEW_HOURS * 3600
    pruned = 0
    for stale in _directory().glob("*.xlsx"):
        if stale.stat().st_mtime < cutoff:
            stale.unlink(missing_ok=True)
            pruned += 1
    return pruned
