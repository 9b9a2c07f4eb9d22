"""The audit trail page shows every recorded change, whatever the field is called and whatever the
change's shape (a value pair, or a many-to-many change)."""

import io

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils.text import capfirst
from openpyxl import load_workbook

from programs.models import OrgUnit
from tests.factories import UserFactory


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
    assert "items</span>: 3 → 4" in page  # no such field on the model: its stored name is all there is
    assert "Nama</span>: Lama → Baru" in page
    assert "staff</span>: ditambah Budi, Sari" in page


def test_the_trail_speaks_indonesian_and_hides_the_relations_of_a_new_account(client, admin, tree):
    """A new account's record listed 'api_tokens: None → api.ApiToken.None' and every other relation
    pointing at the user, raw field names ('is_active') and auditlog's English actions ('create')."""
    UserFactory(username="baru.sekali")
    record(tree.a, {"is_service_unit": ["False", "True"], "kind": ["kecamatan", "kelurahan"]})
    client.force_login(admin)
    page = client.get(reverse("core:audit_list"), {"q": "baru.sekali"}).content.decode()
    assert "api.ApiToken.None" not in page and "api_tokens" not in page
    assert "is_active" not in page and "username</span>" not in page
    assert ">Dibuat<" in page and ">create<" not in page
    assert " WIB" in page  # the date the account was made, as dates are written elsewhere
    page = client.get(reverse("core:audit_list"), {"q": tree.a.name}).content.decode()
    assert ">Diubah<" in page and ">update<" not in page
    assert f"{capfirst(OrgUnit._meta.get_field('is_service_unit').verbose_name)}</span>: tidak → ya" in page
    kinds = dict(OrgUnit._meta.get_field("kind").choices)
    assert f"{kinds['kecamatan']} → {kinds['kelurahan']}" in page


def test_the_trail_excel_has_the_same_words(client, admin, tree):
    record(tree.a, {"name": ["Lama", "Baru"]})
    client.force_login(admin)
    response = client.get(reverse("core:audit_list"), {"q": tree.a.name, "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    (row,) = [row for row in sheet.iter_rows(min_row=2, values_only=True) if "Lama" in (row[6] or "")]
    assert row[2] == "Diubah" and row[6] == "Nama: Lama → Baru"
