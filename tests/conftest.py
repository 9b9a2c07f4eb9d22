"""Test-only settings and the persona fixtures of STYLE.md.

The tree: instansi > Kecamatan A > Kelurahan A1, and instansi > Kecamatan B.
`operator`/`pimpinan` work in Kecamatan A; `other_unit_operator` in Kecamatan B;
`supervisor` heads Kelurahan A1 and is the atasan of `pegawai`.
"""

import io
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from django.test import override_settings
from django.utils import translation

from api import tokens
from core.models import GeneratedFile
from evaluation.models import CommunityInput
from needs_analysis.models import Assessment, NeedsSurvey
from programs.models import Competency, DevelopmentForm, DevelopmentProgram, OrgUnit, Role
from programs.standards import load_reference_data
from training.models import Course, CourseCompetency, ExternalClaim, Instructor, Mentorship, Provider

from .factories import EmployeeFactory, OrgUnitFactory, UserFactory, grant


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """On SQLite the test database is a file, not Django's shared in-memory one: in shared-cache
    memory a second writer fails at once with "database table is locked", where a file in WAL
    mode with IMMEDIATE transactions makes it wait its turn as production does, so the
    concurrency tests run on both databases."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database.setdefault("TEST", {})["NAME"] = str(tmp_path_factory.mktemp("sqlite") / "test_bangkom.sqlite3")


@pytest.fixture(autouse=True, scope="session")
def _test_settings():
    with override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
        LANGUAGE_CODE="id",
        # Background jobs run inside the request that queues them (once its transaction commits);
        # tests/programs/test_jobs.py runs the real database queue and worker.
        TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
    ):
        yield


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _empty_cache():
    # Cached figures are keyed by user id, and ids come round again from one test to the next.
    cache.clear()


@pytest.fixture(autouse=True)
def _indonesian():
    # A request in English leaves English active in the thread; every test starts in Indonesian.
    translation.activate("id")
    yield
    translation.activate("id")


@pytest.fixture
def signing_certificate(settings, tmp_path):
    """A throwaway CA and signer (tests/signing.py) configured as the agency's TTE certificate."""
    from .signing import make_p12

    made = make_p12(tmp_path / "tte.p12", "rahasia-uji")
    settings.BANGKOM = {**settings.BANGKOM, "SIGNING_P12": str(made.path), "SIGNING_P12_PASSWORD": made.password}
    return made


@pytest.fixture
def timestamping_authority(monkeypatch):
    """A throwaway time-stamping authority (tests/signing.py) put where core.signing finds the configured
    one, so signing is PAdES B-T without the network. Its root is `.root`."""
    from core import signing

    from .signing import make_timestamper

    made = make_timestamper()
    monkeypatch.setattr(signing, "timestamper", lambda: made.stamper)
    return made


@pytest.fixture
def reference_data(db):
    load_reference_data()


@pytest.fixture
def tree(db):
    root = OrgUnitFactory(code="ROOT", name="Pemerintah Kota Contoh", kind=OrgUnit.Kind.INSTANSI)
    unit_a = OrgUnitFactory(parent=root, code="KEC-A", name="Kecamatan A", kind=OrgUnit.Kind.KECAMATAN)
    unit_a1 = OrgUnitFactory(parent=unit_a, code="KEL-A1", name="Kelurahan A1", kind=OrgUnit.Kind.KELURAHAN)
    unit_b = OrgUnitFactory(parent=root, code="KEC-B", name="Kecamatan B", kind=OrgUnit.Kind.KECAMATAN)
    for unit in (root, unit_a, unit_a1, unit_b):
        unit.refresh_from_db()
    return SimpleNamespace(root=root, a=unit_a, a1=unit_a1, b=unit_b)


@pytest.fixture
def admin(tree):
    return grant(UserFactory(username="admin_bkpsdm"), Role.ADMIN)


@pytest.fixture
def operator(tree):
    return grant(UserFactory(username="operator_a"), Role.OPERATOR, tree.a)


@pytest.fixture
def other_unit_operator(tree):
    return grant(UserFactory(username="operator_b"), Role.OPERATOR, tree.b)


@pytest.fixture
def pimpinan(tree):
    return grant(UserFactory(username="camat_a"), Role.PIMPINAN, tree.a)


@pytest.fixture
def supervisor_employee(tree):
    return EmployeeFactory(unit=tree.a1, name="Lurah A1", user=UserFactory(username="lurah_a1"))


@pytest.fixture
def supervisor(supervisor_employee):
    return supervisor_employee.user


@pytest.fixture
def pegawai_employee(tree, supervisor_employee):
    return EmployeeFactory(
        unit=tree.a1, name="Staf A1", supervisor=supervisor_employee, user=UserFactory(username="staf_a1")
    )


@pytest.fixture
def pegawai(pegawai_employee):
    return pegawai_employee.user


@pytest.fixture
def no_role_user(db):
    return UserFactory(username="tanpa_peran")


# --- training fixtures shared by the training, evaluation and cross-app tests ---------------------


@pytest.fixture
def provider(db):
    return Provider.objects.create(name="BPSDM Provinsi", kind=Provider.Kind.BPSDM_LAN)


@pytest.fixture
def workshop(reference_data, provider):
    course = Course.objects.create(
        code="WS-KOM",
        title="Workshop Komunikasi Publik",
        development_form=DevelopmentForm.objects.get(code="KL07"),
        jp=Decimal(10),
        default_provider=provider,
    )
    CourseCompetency.objects.create(course=course, competency=Competency.objects.get(code="M.03"), target_level=3)
    return course


@pytest.fixture
def instructor(db):
    return Instructor.objects.create(name="Dr. Hartono", institution="BPSDM")


@pytest.fixture
def skm_survey(tree, admin):
    """Kecamatan A as a service unit with an open SKM (July to December 2026), code "keca1"."""
    import datetime

    from evaluation.models import ServiceSurvey

    tree.a.is_service_unit = True
    tree.a.save()
    return ServiceSurvey.objects.create(
        unit=tree.a,
        title="SKM semester II",
        starts_on=datetime.date(2026, 7, 1),
        ends_on=datetime.date(2026, 12, 31),
        population=1000,
        service_types=["KTP", "Surat pindah"],
        code="keca1",
        created_by=admin,
    )


# --- the demo district, shared by the access matrix, the hostile forms and the API tests ---------------


@pytest.fixture(scope="module")
def demo_world(django_db_setup, django_db_blocker):
    """The demo district (several units, people, sessions, campaigns, surveys), rolled back after the module."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_reference", verbosity=0)
        call_command("seed_demo", verbosity=0, stdout=io.StringIO())
        admin = get_user_model().objects.get(username="admin")
        GeneratedFile.objects.create(requested_by=admin, kind="annual_report", title="Laporan tahunan")
        far_corner(admin)
        tokens.issue(user=admin, name="Dasbor provinsi", by=admin)
        # PostgreSQL defers foreign-key checks to the end of the transaction, and Django checks them at
        # every test's teardown: done once here, each test checks only its own rows (2-3 s less each).
        connection.check_constraints()
        yield
        transaction.set_rollback(True)


def far_corner(admin):
    """What the demo keeps in one kecamatan, also in Dinas Kesehatan, so the camat, the lurah and his
    staff have something outside their scope of every kind: a campaign, a claim, a mentorship, an input."""
    import datetime

    outsider_unit = get_user_model().objects.get(username="operator_dinkes").role_assignments.get().unit
    nurse, doctor = EmployeeFactory(unit=outsider_unit), EmployeeFactory(unit=outsider_unit)
    competency, form = Competency.objects.first(), DevelopmentForm.objects.first()
    today = datetime.date(2026, 11, 2)
    campaign = NeedsSurvey.objects.create(
        year=2027, title="AKPK Dinkes", opens_on=today, closes_on=today, owner_unit=outsider_unit, created_by=admin
    )
    Assessment.objects.create(survey=campaign, employee=nurse, unit=outsider_unit)
    ExternalClaim.objects.create(
        employee=nurse, development_form=form, title="Seminar", organiser="RSUD", starts_on=today, ends_on=today,
        evidence="claims/2026/bukti.pdf",  # the file itself is never reached: the view answers 404 first
    )  # fmt: skip
    Mentorship.objects.create(
        mentor=doctor, mentee=nurse, competency=competency, development_form=form,
        starts_on=today, ends_on=today, created_by=admin,
    )  # fmt: skip
    CommunityInput.objects.create(
        unit=outsider_unit, date=today, channel="forum", summary="Antrean puskesmas", created_by=admin
    )
    # And a plan of the camat's own kecamatan, which he reads but may not change.
    camat_unit = get_user_model().objects.get(username="pimpinan").role_assignments.get().unit
    DevelopmentProgram.objects.create(year=2027, unit=camat_unit, title="Rencana kecamatan")


@pytest.fixture
def operator_employee(tree, operator):
    """The operator is also an ASN in their own unit, with no supervisor."""
    return EmployeeFactory(unit=tree.a, name="Operator sendiri", user=operator)
