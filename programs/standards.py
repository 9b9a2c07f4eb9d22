"""Competency standards of positions and the reference data they rest on."""

import csv
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from .models import (
    Competency,
    CompetencyLevel,
    CompetencyRequirement,
    DefaultRequiredLevel,
    DevelopmentForm,
    Grade,
)

REFERENCE_DIR = Path(__file__).resolve().parent / "reference"

# gap-analysis.md: a mapping common in practice (unconfirmed), seeded as editable data.
DEFAULT_LEVELS = {
    Grade.JPT_UTAMA: 5,
    Grade.JPT_MADYA: 5,
    Grade.JPT_PRATAMA: 4,
    Grade.ADMINISTRATOR: 3,
    Grade.PENGAWAS: 2,
    Grade.PELAKSANA: 1,
    Grade.AHLI_UTAMA: 4,
    Grade.AHLI_MADYA: 3,
    Grade.AHLI_MUDA: 2,
    Grade.AHLI_PERTAMA: 1,
    Grade.PENYELIA: 2,
    Grade.MAHIR: 1,
    Grade.TERAMPIL: 1,
    Grade.PEMULA: 1,
}

# Short level descriptions (PermenPANRB 38/2017 gives long ones; the admin edits these).
LEVEL_DESCRIPTIONS = {
    1: "Memahami dan menerapkan dalam lingkup tugas sendiri dengan arahan.",
    2: "Menerapkan secara mandiri dan konsisten dalam pekerjaan sehari-hari.",
    3: "Mengembangkan dan mendorong penerapannya di lingkup unit kerja.",
    4: "Mengelola dan memastikan penerapannya di lingkup instansi.",
    5: "Menjadi teladan dan membangun sistem penerapannya lintas instansi/nasional.",
}


@transaction.atomic
def load_reference_data():
    """Seed the competency dictionary and the default levels; never overwrites the admin's edits.
    Returns the number of rows created."""
    created = 0
    with (REFERENCE_DIR / "competencies.csv").open(encoding="utf-8") as handle:
        for record in csv.DictReader(handle):
            competency, is_new = Competency.objects.get_or_create(
                code=record["code"], defaults={"name": record["name"], "type": record["type"]}
            )
            created += is_new
            for level, description in LEVEL_DESCRIPTIONS.items():
                _level, is_new = CompetencyLevel.objects.get_or_create(
                    competency=competency, level=level, defaults={"description": description}
                )
                created += is_new
    created += _load_development_forms()
    for grade, level in DEFAULT_LEVELS.items():
        _default, is_new = DefaultRequiredLevel.objects.get_or_create(grade=grade, defaults={"required_level": level})
        created += is_new
    return created


def _jp_value(text):
    """'4' -> (Decimal 4, None); '+20%' -> (None, Decimal 20); '' -> (None, None)."""
    text = (text or "").strip()
    if not text:
        return None, None
    if text.startswith("+") and text.endswith("%"):
        return None, Decimal(text[1:-1])
    return Decimal(text), None


def _load_development_forms():
    created = 0
    with (REFERENCE_DIR / "forms-of-development.csv").open(encoding="utf-8") as handle:
        for record in csv.DictReader(handle):
            national, _uplift = _jp_value(record["jp_national"])
            international, uplift = _jp_value(record["jp_international"])
            _form, is_new = DevelopmentForm.objects.get_or_create(
                code=record["code"],
                defaults={
                    "jalur": record["jalur"],
                    "name": record["name"],
                    "siasn_jenis_diklat_id": int(record["siasn_jenis_diklat_id"] or 0) or None,
                    "jp_rule": record["jp_rule"],
                    "jp_national": national,
                    "jp_international": international,
                    "international_uplift_percent": uplift,
                    "note": record["note"],
                },
            )
            created += is_new
    return created


def default_level_for(position):
    default = DefaultRequiredLevel.objects.filter(grade=position.grade).first()
    return default.required_level if default else DEFAULT_LEVELS.get(position.grade, 1)


def apply_default_standard(position):
    """Give a position without a standard the managerial and socio-cultural competencies at the
    default level of its grade; technical ones are added by hand."""
    if position.requirements.exists():
        return 0
    level = default_level_for(position)
    competencies = Competency.objects.filter(
        is_active=True, type__in=[Competency.Type.MANAJERIAL, Competency.Type.SOSIAL_KULTURAL]
    )
    requirements = [
        CompetencyRequirement(position=position, competency=competency, required_level=level)
        for competency in competencies
    ]
    CompetencyRequirement.objects.bulk_create(requirements)
    return len(requirements)
