import datetime
from decimal import Decimal

import pytest

from api import tokens
from programs.models import DevelopmentForm
from tests.factories import EmployeeFactory
from training.models import LearningRecord


@pytest.fixture
def token_for(admin):
    """A bearer header for a user: token_for(user) -> {"HTTP_AUTHORIZATION": "Bearer bkm_…"}."""

    def make(user, **fields):
        _token, key = tokens.issue(user=user, name=fields.pop("name", "Uji"), by=admin, **fields)
        return {"HTTP_AUTHORIZATION": f"Bearer {key}"}

    return make


@pytest.fixture
def people(tree, reference_data):
    """Two ASN in kelurahan A1 (under operator A) and one in kecamatan B, with JP this year and last."""
    this_year = datetime.date.today().year
    a1 = EmployeeFactory(unit=tree.a1, name="Ani A1")
    a2 = EmployeeFactory(unit=tree.a, name="Budi A")
    b1 = EmployeeFactory(unit=tree.b, name="Citra B")
    form = DevelopmentForm.objects.get(code="KL06")
    for person, jp, year in ((a1, 12, this_year), (a1, 9, this_year), (a1, 30, this_year - 1), (b1, 25, this_year)):
        day = datetime.date(year, 3, 1)
        LearningRecord.objects.create(
            employee=person, source="claim", title="Kegiatan", development_form=form,
            starts_on=day, ends_on=day, year=year, jp=Decimal(jp),
        )  # fmt: skip
    return a1, a2, b1
