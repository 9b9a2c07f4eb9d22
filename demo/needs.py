"""Demo needs analysis: a closed campaign of last season with realistic answers and a draft plan
made from its top needs. Most people sit at or just below their standard; a few units show clear gaps."""

import datetime
import random

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from needs_analysis import campaigns
from needs_analysis.figures import recap
from needs_analysis.models import Assessment, AssessmentItem, Need, NeedsSurvey
from programs.models import DevelopmentForm, DevelopmentProgram, OrgUnit, PlanItem

DEMO_TITLE = "AKPK Kota Semarang 2027"
# Units whose staff lag on a competency, so the recap has a story to tell.
WEAK_SPOTS = {"DISDUKCAPIL": ["M.05", "T.01"], "KEC-CANDISARI": ["M.03", "M.05"], "DINKES": ["M.07"]}


@transaction.atomic
def seed_needs(seed=2026):
    survey = NeedsSurvey.objects.filter(title=DEMO_TITLE).first()
    if survey is not None:
        return {"surveys": 0, "assessments": 0, "plan_items": 0}
    rng = random.Random(seed + 4)  # demo data, not security  # nosec B311
    admin = get_user_model().objects.get(username="admin")
    root = OrgUnit.objects.get(code="KOTA")
    today = timezone.localdate()
    survey = NeedsSurvey.objects.create(
        year=today.year + 1,
        title=DEMO_TITLE,
        owner_unit=root,
        created_by=admin,
        instructions="Nilailah diri Anda dengan jujur untuk setiap kompetensi jabatan Anda. "
        "Hasilnya menjadi dasar rencana pengembangan kompetensi tahun depan.",
        opens_on=today - datetime.timedelta(days=40),
        closes_on=today - datetime.timedelta(days=10),
    )
    campaigns.open_survey(survey=survey, by=admin)

    weak = {}
    for code, competencies in WEAK_SPOTS.items():
        unit = OrgUnit.objects.get(code=code)
        for competency in competencies:
            weak.setdefault(unit.path, set()).add(competency)
    forms = list(DevelopmentForm.objects.filter(code__in=["KL03", "KL07", "NKL03", "NKL11"]))
    assessments = list(survey.assessments.select_related("unit", "employee"))
    items = {}
    for item in AssessmentItem.objects.filter(assessment__survey=survey).select_related("competency"):
        items.setdefault(item.assessment_id, []).append(item)
    answered_items, groups, validators, times, preferences = [], {}, {}, {}, []
    submitted_at = timezone.now() - datetime.timedelta(days=20)
    for assessment in assessments:
        roll = rng.random()
        if roll < 0.06:
            continue  # never started
        status = (
            Assessment.Status.DRAFT
            if roll < 0.10
            else (Assessment.Status.VALIDATED if roll < 0.70 else Assessment.Status.SUBMITTED)
        )
        weak_here = set().union(*(c for path, c in weak.items() if assessment.unit.path.startswith(path)))
        for item in items.get(assessment.pk, []):
            drop = rng.choices([0, 0, 0, 1, 1, 2], k=1)[0]
            if item.competency.code in weak_here:
                drop += rng.choice([1, 1, 2])
            item.self_level = max(1, min(5, item.required_level - drop + rng.choice([0, 0, 0, 1])))
            if status == Assessment.Status.VALIDATED:
                item.supervisor_level = max(1, item.self_level - rng.choice([0, 0, 0, 1]))
            answered_items.append(item)
        groups.setdefault(status, []).append(assessment.pk)
        if status == Assessment.Status.VALIDATED:
            supervisor = assessment.employee.supervisor
            validator = supervisor.user_id if supervisor and supervisor.user_id else admin.pk
            validators.setdefault(validator, []).append(assessment.pk)
        times.setdefault(rng.choice(["q1", "q2", "q3", "any"]), []).append(assessment.pk)
        if forms:
            preferences.append((assessment.pk, rng.choice(forms).pk))
    # Rewriting the answers as fresh rows and updating assessments by group keeps the seed fast on SQLite.
    AssessmentItem.objects.filter(pk__in=[item.pk for item in answered_items]).delete()
    for item in answered_items:
        item.pk = None
    AssessmentItem.objects.bulk_create(answered_items, batch_size=2000)
    for status, ids in groups.items():
        fields = {"status": status}
        if status != Assessment.Status.DRAFT:
            fields["submitted_at"] = submitted_at
        if status == Assessment.Status.VALIDATED:
            fields["validated_at"] = submitted_at + datetime.timedelta(days=3)
        Assessment.objects.filter(pk__in=ids).update(**fields)
    for user_id, ids in validators.items():
        Assessment.objects.filter(pk__in=ids).update(validated_by_id=user_id)
    for value, ids in times.items():
        Assessment.objects.filter(pk__in=ids).update(preferred_time=value)
    through = Assessment.preferred_forms.through
    through.objects.bulk_create(
        [through(assessment_id=pk, developmentform_id=form_id) for pk, form_id in preferences], batch_size=2000
    )
    survey.status = NeedsSurvey.Status.CLOSED
    survey.save(update_fields=["status"])

    program = DevelopmentProgram.objects.create(
        year=survey.year,
        unit=root,
        title=f"Rencana Pengembangan Kompetensi ASN {survey.year}",
    )
    data = recap(survey, admin)
    workshop = DevelopmentForm.objects.get(code="KL07")
    for cell in data.cells[:6]:
        unit, competency = data.units[cell.unit_id], data.competencies[cell.competency_id]
        item = PlanItem.objects.create(
            program=program,
            competency=competency,
            title=f"Workshop {competency.name} — {unit.name}",
            target_description=f"{cell.with_gap} pegawai dengan kesenjangan",
            planned_participants=cell.with_gap,
            development_form=workshop,
            planned_jp=15,
            provider="BPSDM Provinsi Jawa Tengah",
            quarter=rng.choice([1, 2, 3]),
            budget=cell.with_gap * 750_000,
            curriculum_fit="Sesuai kurikulum pelatihan teknis BPSDM",
        )
        item.target_units.add(unit)
        Need.objects.create(
            survey=survey,
            unit=unit,
            competency=competency,
            people_with_gap=cell.with_gap,
            people_assessed=cell.assessed,
            mean_gap=cell.mean_gap,
            priority=cell.priority,
            plan_item=item,
        )
    # An open campaign in Candisari, so the demo pegawai has something to fill in and the atasan to validate.
    candisari = OrgUnit.objects.get(code="KEC-CANDISARI")
    operator = get_user_model().objects.get(username="operator")
    current = NeedsSurvey.objects.create(
        year=today.year + 1,
        title="Penilaian kompetensi Kecamatan Candisari",
        owner_unit=candisari,
        created_by=operator,
        opens_on=today - datetime.timedelta(days=2),
        closes_on=today + datetime.timedelta(days=19),
        instructions="Isi penilaian diri paling lambat tanggal penutupan. Atasan langsung akan memvalidasinya.",
    )
    current.target_units.add(candisari)
    opened = campaigns.open_survey(survey=current, by=operator)
    return {"surveys": 2, "assessments": len(assessments) + opened, "plan_items": program.items.count()}
