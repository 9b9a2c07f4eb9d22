"""Documents signed before signed copies existed (the signed file, hash and time were fields of the
document) become the signed copy of the revision in force, file and hash kept, so the copies already
sent out still verify after the upgrade; unsigned documents get none."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.training.conftest import make_session

BEFORE = [("documents", "0002_signed_copies")]
AFTER = [("documents", "0004_remove_document_signed_fields")]
SIGNED_AT = datetime.datetime(2026, 12, 5, 2, 30, tzinfo=datetime.UTC)


@pytest.mark.django_db(transaction=True)
def test_signed_documents_become_their_revisions_signed_copy(workshop, tree, admin):
    session = make_session(workshop, tree.a, admin)
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    IssuedDocument = apps.get_model("documents", "IssuedDocument")
    common = {"session_id": session.pk, "unit_id": tree.a.pk, "year": 2026, "issued_on": "2026-12-05"}
    signed = IssuedDocument.objects.create(
        kind="surat_tugas",
        sequence=7,
        number="800.2/7/KEC-A/2026",
        issued_by_id=admin.pk,
        revision=2,
        signatory={"name": "Drs. Budi Santoso, M.Si."},
        signed_file="documents/2026/ab12.pdf",
        signed_sha256="a" * 64,
        signed_at=SIGNED_AT,
        **common,
    )
    IssuedDocument.objects.create(
        kind="undangan", sequence=8, number="800.2/8/KEC-A/2026", issued_by_id=admin.pk, **common
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    from documents.models import IssuedDocument as Document
    from documents.models import SignedCopy

    (copy,) = SignedCopy.objects.all()
    assert copy.document_id == signed.pk and copy.revision == 2
    assert copy.file.name == "documents/2026/ab12.pdf" and copy.sha256 == "a" * 64
    assert copy.signed_at == SIGNED_AT and copy.level == SignedCopy.Level.BASIC and copy.timestamp_at is None
    assert copy.signatory == {"name": "Drs. Budi Santoso, M.Si."}
    assert Document.objects.get(pk=signed.pk).current_copy() == copy
