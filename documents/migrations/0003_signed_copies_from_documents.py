"""Each document signed before signed copies existed becomes the signed copy of the revision it was
signed at (a signed document's fields were cleared when it was revised, so its signature belongs to
the revision in force). Its file stays where it is. A separate migration from the schema changes on
either side: PostgreSQL does not alter a table in the transaction that wrote rows pointing at it."""

from django.db import migrations


def forwards(apps, schema_editor):
    IssuedDocument = apps.get_model("documents", "IssuedDocument")
    SignedCopy = apps.get_model("documents", "SignedCopy")
    signed = IssuedDocument.objects.exclude(signed_sha256="").exclude(signed_file="").order_by("pk")
    for document in signed.iterator():
        SignedCopy.objects.get_or_create(
            document=document,
            revision=document.revision,
            defaults={
                "file": document.signed_file.name,
                "sha256": document.signed_sha256,
                "signed_at": document.signed_at or document.updated_at,
                "signatory": document.signatory,
                "level": "b-b",
            },
        )


def backwards(apps, schema_editor):
    IssuedDocument = apps.get_model("documents", "IssuedDocument")
    SignedCopy = apps.get_model("documents", "SignedCopy")
    for document in IssuedDocument.objects.order_by("pk").iterator():
        copy = SignedCopy.objects.filter(document=document, revision=document.revision).first()
        if copy is not None:
            document.signed_file, document.signed_sha256, document.signed_at = (
                copy.file.name,
                copy.sha256,
                copy.signed_at,
            )
            document.save(update_fields=["signed_file", "signed_sha256", "signed_at"])
    SignedCopy.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0002_signed_copies"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
