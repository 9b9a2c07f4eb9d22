"""The JP rule notes of the forms of development were seeded in English from the reference CSV
('rule unconfirmed', 'at most 3 JP per day') and shown as such on Indonesian pages; the CSV now
says them in Indonesian and this puts the same words in databases seeded before. A note an admin
has since rewritten is left alone."""

from django.db import migrations

NOTES = {
    "JP of the programme": "JP sesuai program",
    "rule unconfirmed": "aturan belum dipastikan",
    "at most 3 JP per day": "paling banyak 3 JP per hari",
    "per hour of learning; at most 2 JP per day": "per jam belajar; paling banyak 2 JP per hari",
    "at most 2 sessions per month": "paling banyak 2 sesi per bulan",
}


def notes_in_indonesian(apps, schema_editor):
    DevelopmentForm = apps.get_model("programs", "DevelopmentForm")
    for english, indonesian in NOTES.items():
        DevelopmentForm.objects.filter(note=english).update(note=indonesian)


def notes_in_english(apps, schema_editor):
    DevelopmentForm = apps.get_model("programs", "DevelopmentForm")
    for english, indonesian in NOTES.items():
        DevelopmentForm.objects.filter(note=indonesian).update(note=english)


class Migration(migrations.Migration):
    dependencies = [("programs", "0010_letterheads_and_signatories")]

    operations = [migrations.RunPython(notes_in_indonesian, notes_in_english)]
