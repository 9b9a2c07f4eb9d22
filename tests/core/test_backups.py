"""A backup restored into an empty database holds the data, on SQLite and on PostgreSQL."""

import sqlite3
import tarfile
import uuid

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from core.backups import BackupError, create_backup, read_manifest, restore_backup
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db(transaction=True)


def count_employees(database):
    if connection.vendor == "sqlite":
        with sqlite3.connect(database["NAME"]) as restored:
            return restored.execute("SELECT COUNT(*), MIN(name) FROM programs_employee").fetchone()
    import psycopg

    with psycopg.connect(
        dbname=database["NAME"], host=database["HOST"] or None, port=database["PORT"] or None, user=database["USER"]
    ) as restored:
        return restored.execute("SELECT COUNT(*), MIN(name) FROM programs_employee").fetchone()


@pytest.fixture
def empty_database(tmp_path):
    """A new, empty database of the same kind as the test database."""
    database = dict(connection.settings_dict)
    if connection.vendor == "sqlite":
        database["NAME"] = str(tmp_path / "restored.sqlite3")
        yield database
        return
    import psycopg

    database["NAME"] = f"bangkom_restore_{uuid.uuid4().hex[:8]}"
    admin = {"host": database["HOST"] or None, "port": database["PORT"] or None, "user": database["USER"]}
    admin["autocommit"] = True
    with psycopg.connect(dbname="postgres", **admin) as server:
        server.execute(f'CREATE DATABASE "{database["NAME"]}"')
    yield database
    with psycopg.connect(dbname="postgres", **admin) as server:
        server.execute(f'DROP DATABASE IF EXISTS "{database["NAME"]}" WITH (FORCE)')


def test_a_backup_restores_into_an_empty_database_with_its_files(tmp_path, tree, empty_database, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "imports").mkdir(parents=True)
    (settings.MEDIA_ROOT / "imports" / "siasn.xlsx").write_bytes(b"uploaded file")
    EmployeeFactory(unit=tree.a, name="Ani Cadangan")
    EmployeeFactory(unit=tree.b, name="Budi Cadangan")

    archive = create_backup(tmp_path)
    manifest = read_manifest(archive)
    assert manifest["vendor"] == connection.vendor and manifest["migrations"] > 0
    with tarfile.open(archive) as contents:
        assert "media/imports/siasn.xlsx" in contents.getnames()

    restored_media = tmp_path / "restored-media"
    restore_backup(archive, database=empty_database, media_root=restored_media)
    assert count_employees(empty_database) == (2, "Ani Cadangan")
    assert (restored_media / "imports" / "siasn.xlsx").read_bytes() == b"uploaded file"


def test_restore_refuses_what_is_not_a_backup_and_asks_for_confirmation(tmp_path, tree):
    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(b"not an archive")
    with pytest.raises(BackupError):
        read_manifest(junk)
    archive = create_backup(tmp_path)
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(archive))
    with pytest.raises(CommandError):
        call_command("restore", str(junk), "--yes")


def test_backup_command_writes_an_archive(tmp_path, tree, capsys):
    call_command("backup", "--output", str(tmp_path / "cadangan"))
    (archive,) = (tmp_path / "cadangan").glob("bangkom-*.tar.gz")
    assert str(archive) in capsys.readouterr().out
