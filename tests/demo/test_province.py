"""The district's builder grows the demo district into a province (demo/province.py), here a small one."""

from dataclasses import replace

from demo.province import PROVINCE_OPDS, Size, seed_province
from programs.models import Employee, OrgUnit
from programs.nip import parse_nip
from training.models import LearningRecord, Session

SMALL = Size(employees=0, sessions_per_year=2, skm_responses=300, assessments=50)


def quiet(line):
    pass


def test_the_province_grows_the_district_with_the_same_builder_once(demo_world, db):
    before = Employee.objects.count()
    summary = seed_province(seed=7, log=quiet, size=replace(SMALL, employees=before + 120))
    assert summary["employees"] == 120 and Employee.objects.count() == before + 120
    opds = OrgUnit.objects.filter(code__in=[code for _name, code, _bidang, _upt in PROVINCE_OPDS])
    assert opds.count() == len(PROVINCE_OPDS)
    for person in Employee.objects.select_related("unit").order_by("-pk")[:120]:
        # The district's people, only more of them: a NIP of birth date, appointment, gender and
        # sequence, a name and an office e-mail, in a unit of the province's perangkat daerah.
        parse_nip(person.nip, pppk=person.status == Employee.Status.PPPK)
        assert person.email.endswith("@semarangkota.go.id") and " " in person.name
        assert person.unit.path.startswith(tuple(opd.path for opd in opds))
    assert summary["sessions"] == Session.objects.filter(name__startswith="Angkatan P").count() > 0
    assert LearningRecord.objects.filter(employee__unit__in=OrgUnit.objects.filter(depth__gt=2)).exists()
    assert seed_province(seed=7, log=quiet, size=SMALL) == {}  # a second run leaves it as it is
