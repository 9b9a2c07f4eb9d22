"""Test-only settings and the persona fixtures of STYLE.md.

The tree: instansi > Kecamatan A > Kelurahan A1, and instansi > Kecamatan B.
`operator`/`pimpinan` work in Kecamatan A; `other_unit_operator` in Kecamatan B;
`supervisor` heads Kelurahan A1 and is the atasan of `pegawai`.
"""

from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.utils import translation

from programs.models import Competency, DevelopmentForm, OrgUnit, Role
from programs.standards import load_reference_data
from training.models import Course, CourseCompetency, Instructor, Provider

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
