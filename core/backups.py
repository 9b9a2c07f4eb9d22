"""Backups: the database and the uploaded and generated files in one archive, and their restore.

An archive is a .tar.gz holding manifest.json (what it is and where it came from), the database
(SQLite's online backup, or `pg_dump --format=custom` for PostgreSQL) and media/ (MEDIA_ROOT).
`manage.py backup` writes one; `manage.py restore` puts one back into the configured database,
which should be empty (a new database after a loss, or a test copy).
"""

import io
import json
import os
import shutil
import sqlite3
import subprocess  # runs fixed programs with our own arguments  # nosec B404
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.translation import gettext as _

FORMAT = 1
SQLITE_FILE = "database.sqlite3"
POSTGRES_FILE = "database.dump"


class BackupError(Exception):
    pass


def vendor_of(database):
    engine = database["ENGINE"]
    if engine.endswith("sqlite3"):
        return "sqlite"
    if engine.endswith("postgresql"):
        return "postgresql"
    raise BackupError(_("Basis data %(engine)s belum didukung oleh pencadangan.") % {"engine": engine})


def create_backup(target_dir, *, now=None):
    """Write an archive into `target_dir` and return its path."""
    now = now or timezone.localtime()
    database = connection.settings_dict
    vendor = vendor_of(database)
    target = Path(target_dir) / f"bangkom-{now:%Y%m%d-%H%M%S}.tar.gz"
    with tempfile.TemporaryDirectory() as work:
        dump = Path(work) / (SQLITE_FILE if vendor == "sqlite" else POSTGRES_FILE)
        if vendor == "sqlite":
            _sqlite_backup(dump)
        else:
            _run(
                ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={dump}", database["NAME"]],
                database,
            )
        manifest = {
            "format": FORMAT,
            "vendor": vendor,
            "created_at": now.isoformat(),
            "bangkom_version": settings.VERSION,
            "migrations": MigrationRecorder.Migration.objects.count(),
        }
        with tarfile.open(target, "w:gz") as archive:
            _add_bytes(archive, "manifest.json", json.dumps(manifest, indent=1).encode())
            archive.add(dump, arcname=dump.name)
            media = Path(settings.MEDIA_ROOT)
            if media.is_dir():
                archive.add(media, arcname="media")
    return target


def read_manifest(archive_path):
    try:
        with tarfile.open(archive_path, "r:gz") as archive:
            member = archive.extractfile("manifest.json")
            manifest = json.load(member)
    except (OSError, KeyError, tarfile.TarError, ValueError) as error:
        raise BackupError(
            _("Berkas ini bukan cadangan Bangkom yang dapat dibaca (%(error)s).") % {"error": error}
        ) from error
    if manifest.get("format") != FORMAT:
        raise BackupError(_("Format cadangan ini tidak dikenal."))
    return manifest


def restore_backup(archive_path, *, database=None, media_root=None):
    """Put the archive's database into `database` (settings of the default connection unless given)
    and its files into `media_root` (MEDIA_ROOT unless given). Returns the manifest."""
    manifest = read_manifest(archive_path)
    database = database or connection.settings_dict
    if vendor_of(database) != manifest["vendor"]:
        raise BackupError(
            _("Cadangan ini dari %(source)s; basis data tujuan adalah %(target)s.")
            % {"source": manifest["vendor"], "target": vendor_of(database)}
        )
    with tempfile.TemporaryDirectory() as work, tarfile.open(archive_path, "r:gz") as archive:
        # The "data" filter refuses absolute paths, links out of the folder and device files.
        archive.extractall(work, filter="data")
        if manifest["vendor"] == "sqlite":
            _sqlite_restore(Path(work) / SQLITE_FILE, database)
        else:
            _run(
                [
                    "pg_restore",
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--no-privileges",
                    f"--dbname={database['NAME']}",
                    str(Path(work) / POSTGRES_FILE),
                ],
                database,
            )
        media = Path(work) / "media"
        if media.is_dir():
            shutil.copytree(media, Path(media_root or settings.MEDIA_ROOT), dirs_exist_ok=True)
    return manifest


def _sqlite_backup(target):
    connection.ensure_connection()
    destination = sqlite3.connect(target)
    try:
        # SQLite's online backup: a consistent copy while the app keeps running.
        connection.connection.backup(destination)
    finally:
        destination.close()


def _sqlite_restore(source_file, database):
    source = sqlite3.connect(source_file)
    same = database["NAME"] == connection.settings_dict["NAME"]
    if same:
        connection.ensure_connection()
        destination = connection.connection
    else:
        destination = sqlite3.connect(database["NAME"])
    try:
        source.backup(destination)
    finally:
        source.close()
        if not same:
            destination.close()


def _run(command, database):
    environment = dict(os.environ)
    for key, variable in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if database.get(key):
            environment[variable] = str(database[key])
    try:
        subprocess.run(command, env=environment, check=True, capture_output=True, text=True)  # noqa: S603 - fixed programs, our arguments  # nosec B603
    except FileNotFoundError as error:
        raise BackupError(
            _("Program %(program)s tidak ditemukan; pasang klien PostgreSQL.") % {"program": command[0]}
        ) from error
    except subprocess.CalledProcessError as error:
        raise BackupError(f"{command[0]}: {error.stderr.strip()}") from error


def _add_bytes(archive, name, data):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    archive.addfile(info, io.BytesIO(data))
