"""The audit trail page shows every recorded change, whatever the field is called and whatever the
change's shape (a value pair, or a many-to-many change)."""

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from programs.models import OrgUnit


def record(unit, changes):
    return LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(OrgUnit),
        object_pk=str(unit.pk),
        object_id=unit.pk,
        object_repr=unit.name,
        action=LogEntry.Action.UPDATE,
        changes=changes,
    )


def test_a_field_named_items_does_not_break_the_page(client, admin, tree):
    # A template's `changes_dict.items` reads a key called "items" before the dict's method: the page
    # answered 500 for such an entry.
    record(tree.a, {"items": ["3", "4"], "name": ["Lama", "Baru"]})
    record(tree.b, {"staff": {"type": "m2m", "operation": "add", "objects": ["Budi", "Sari"]}})
    client.force_login(admin)
    page = client.get(reverse("core:audit_list")).content.decode()
    assert "<code>items</code>: 3 → 4" in page
    assert "<code>name</code>: Lama → Baru" in page
    assert "<code>staff</code>: add Budi, Sari" in page
