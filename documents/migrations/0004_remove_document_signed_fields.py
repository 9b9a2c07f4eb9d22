"""The signed file, its hash and time live on the document's signed copies now (0003 moved them)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0003_signed_copies_from_documents"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="issueddocument",
            name="signed_at",
        ),
        migrations.RemoveField(
            model_name="issueddocument",
            name="signed_file",
        ),
        migrations.RemoveField(
            model_name="issueddocument",
            name="signed_sha256",
        ),
    ]
