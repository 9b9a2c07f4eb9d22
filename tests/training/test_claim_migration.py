"""The claim_once_while_pending constraint is added on a database that already holds copies of a
claim (stored before the fix, e.g. four parallel sendings): the first stays pending, the copies are
rejected with a note, and the migration does not fail."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("training", "0003_ledger_year_person_index")]
AFTER = [("training", "0004_claim_once_while_pending")]


@pytest.mark.django_db(transaction=True)
def test_copies_stored_before_the_constraint_are_rejected_and_the_first_stays(pegawai_employee, reference_data):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    ExternalClaim = apps.get_model("training", "ExternalClaim")
    DevelopmentForm = apps.get_model("programs", "DevelopmentForm")
    webinar = DevelopmentForm.objects.get(code="KL06")
    for title in ("Webinar ASN Unggul",) * 4 + ("Seminar lain",):
        ExternalClaim.objects.create(
            employee_id=pegawai_employee.pk,
            development_form=webinar,
            title=title,
            organiser="LAN RI",
            starts_on="2026-05-01",
            ends_on="2026-05-01",
            evidence="claims/2026/bukti.pdf",
        )
    first = ExternalClaim.objects.order_by("id").first().pk

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    from training.models import ExternalClaim as Claim

    pending = Claim.objects.filter(status="pending").order_by("id")
    assert [(claim.pk, claim.title) for claim in pending][0] == (first, "Webinar ASN Unggul")
    assert pending.count() == 2
    assert Claim.objects.filter(status="rejected", review_note__startswith="Klaim ganda").count() == 3
