import datetime

import factory
from django.contrib.auth import get_user_model

from programs.models import Competency, CompetencyRequirement, Employee, OrgUnit, Position, Role, RoleAssignment


class OrgUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgUnit

    code = factory.Sequence(lambda n: f"U{n:04d}")
    name = factory.Sequence(lambda n: f"Unit {n:04d}")
    kind = OrgUnit.Kind.OPD

    @classmethod
    def _create(cls, model_class, *args, parent=None, **kwargs):
        # treebeard builds the materialized path: nodes are added, never plainly saved.
        if parent is None:
            return model_class.objects.add_root(kwargs)
        parent.refresh_from_db()
        return model_class.objects.add_child(parent, kwargs)


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position

    name = factory.Sequence(lambda n: f"Jabatan {n}")
    kind = Position.Kind.PELAKSANA


class CompetencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Competency

    code = factory.Sequence(lambda n: f"T.{n:03d}")
    name = factory.Sequence(lambda n: f"Kompetensi teknis {n}")
    type = Competency.Type.TEKNIS


class RequirementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CompetencyRequirement

    position = factory.SubFactory(PositionFactory)
    competency = factory.SubFactory(CompetencyFactory)
    required_level = 2


def make_nip(n, *, birth=datetime.date(1985, 3, 14), appointed="201001", gender="1"):
    """A valid NIP whose sequence number encodes n (unique per n up to 999 per birth date)."""
    day = birth + datetime.timedelta(days=n // 999)
    return f"{day:%Y%m%d}{appointed}{gender}{n % 999 + 1:03d}"


class EmployeeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employee

    nip = factory.Sequence(make_nip)
    name = factory.Sequence(lambda n: f"Pegawai {n}")
    status = Employee.Status.PNS
    golongan = "31"
    unit = factory.SubFactory(OrgUnitFactory)
    position = factory.SubFactory(PositionFactory)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.test")
    password = factory.django.Password("rahasia-123")


def grant(user, role, unit=None):
    RoleAssignment.objects.create(user=user, role=role, unit=unit)
    return user


__all__ = ["Role", "grant"]
