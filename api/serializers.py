"""What each endpoint answers. Nested objects are short references ({id, code, name}); their full
record has its own endpoint. Numbers (JP, scores, IKM) are JSON numbers."""

from decimal import Decimal

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from evaluation.models import UNSUR, ServiceSurvey
from needs_analysis.models import NeedsSurvey
from programs.models import Competency, CompetencyLevel, CompetencyRequirement, Employee, OrgUnit, Position
from training.models import Course, LearningRecord, Provider, Session
from training.targets import jp_target


class UnitRef(serializers.ModelSerializer):
    class Meta:
        model = OrgUnit
        fields = ["id", "code", "name"]


class UnitSerializer(serializers.ModelSerializer):
    parent_id = serializers.SerializerMethodField()
    subunits = serializers.IntegerField(source="numchild")

    class Meta:
        model = OrgUnit
        fields = ["id", "code", "name", "kind", "is_service_unit", "depth", "parent_id", "subunits", "siasn_unor_id"]

    def get_parent_id(self, unit) -> int | None:
        return self.context["parents"].get(unit.path[: -OrgUnit.steplen]) if unit.depth > 1 else None


class PositionRef(serializers.ModelSerializer):
    class Meta:
        model = Position
        fields = ["id", "name", "kind", "jenjang"]


class CompetencyRef(serializers.ModelSerializer):
    class Meta:
        model = Competency
        fields = ["id", "code", "name", "type"]


class JpSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    jp = serializers.DecimalField(max_digits=8, decimal_places=2)
    target = serializers.DecimalField(max_digits=8, decimal_places=2)
    missing = serializers.DecimalField(max_digits=8, decimal_places=2, help_text="Target − JP, never negative.")
    reached = serializers.BooleanField()


def jp_figures(year, jp, target):
    return {"year": year, "jp": jp, "target": target, "missing": max(target - jp, Decimal(0)), "reached": jp >= target}


class EmployeeSerializer(serializers.ModelSerializer):
    full_name = serializers.CharField()
    unit = UnitRef()
    position = PositionRef(allow_null=True)
    jp = serializers.SerializerMethodField(help_text="JP of the year asked (`year`, default this year).")

    class Meta:
        model = Employee
        fields = [
            "id",
            "nip",
            "name",
            "gelar_depan",
            "gelar_belakang",
            "full_name",
            "status",
            "golongan",
            "gender",
            "birth_date",
            "unit",
            "position",
            "supervisor_id",
            "is_active",
            "siasn_pns_id",
            "jp",
        ]

    def to_representation(self, employee):
        # Written out: DRF's field-by-field walk was a third of a 100-row page's time. The declared
        # fields above still describe it in the schema, and the schemathesis run checks the two agree.
        unit, position = employee.unit, employee.position
        return {
            "id": employee.pk,
            "nip": employee.nip,
            "name": employee.name,
            "gelar_depan": employee.gelar_depan,
            "gelar_belakang": employee.gelar_belakang,
            "full_name": employee.full_name,
            "status": employee.status,
            "golongan": employee.golongan,
            "gender": employee.gender,
            "birth_date": employee.birth_date.isoformat() if employee.birth_date else None,
            "unit": {"id": unit.pk, "code": unit.code, "name": unit.name},
            "position": position
            and {"id": position.pk, "name": position.name, "kind": position.kind, "jenjang": position.jenjang},
            "supervisor_id": employee.supervisor_id,
            "is_active": employee.is_active,
            "siasn_pns_id": employee.siasn_pns_id,
            "jp": self.get_jp(employee),
        }

    @extend_schema_field(JpSerializer)
    def get_jp(self, employee):
        year = self.context["year"]
        jp = self.context["jp"].get(employee.pk, Decimal(0))
        return jp_figures(year, jp, jp_target(employee.status))


class LearningRecordSerializer(serializers.ModelSerializer):
    development_form = serializers.CharField(source="development_form.name")
    session_id = serializers.SerializerMethodField()

    class Meta:
        model = LearningRecord
        fields = [
            "id",
            "year",
            "title",
            "source",
            "development_form",
            "organiser",
            "starts_on",
            "ends_on",
            "jp",
            "certificate_number",
            "session_id",
        ]

    def get_session_id(self, record) -> int | None:
        return record.enrolment.session_id if record.enrolment_id else None


class RequirementSerializer(serializers.ModelSerializer):
    competency = CompetencyRef()

    class Meta:
        model = CompetencyRequirement
        fields = ["competency", "required_level"]


class PositionSerializer(serializers.ModelSerializer):
    standard = RequirementSerializer(many=True, source="requirements")

    class Meta:
        model = Position
        fields = ["id", "name", "kind", "jenjang", "siasn_jabatan_id", "standard"]


class LevelSerializer(serializers.ModelSerializer):
    class Meta:
        model = CompetencyLevel
        fields = ["level", "description", "indicators"]


class CompetencySerializer(serializers.ModelSerializer):
    levels = LevelSerializer(many=True)

    class Meta:
        model = Competency
        fields = ["id", "code", "name", "type", "definition", "is_active", "levels"]


class ProviderSerializer(serializers.ModelSerializer):
    class Meta:
        model = Provider
        fields = ["id", "name", "kind", "unit_id", "contact_person", "phone", "email", "website", "is_active"]


class ProviderRef(serializers.ModelSerializer):
    class Meta:
        model = Provider
        fields = ["id", "name", "kind"]


class CourseSerializer(serializers.ModelSerializer):
    development_form = serializers.CharField(source="development_form.name")
    jalur = serializers.CharField(source="development_form.jalur")
    default_provider = ProviderRef(allow_null=True)
    competencies = CompetencyRef(many=True)

    class Meta:
        model = Course
        fields = [
            "id",
            "code",
            "title",
            "description",
            "development_form",
            "jalur",
            "jp",
            "target_position_kinds",
            "default_provider",
            "requires_post_test",
            "is_active",
            "competencies",
        ]


class CourseRef(serializers.ModelSerializer):
    class Meta:
        model = Course
        fields = ["id", "code", "title"]


class SessionSerializer(serializers.ModelSerializer):
    course = CourseRef()
    provider = ProviderRef(allow_null=True)
    organiser_unit = UnitRef()

    class Meta:
        model = Session
        fields = [
            "id",
            "name",
            "course",
            "provider",
            "organiser_unit",
            "status",
            "mode",
            "starts_on",
            "ends_on",
            "jp",
            "capacity",
            "registration_opens_on",
            "registration_closes_on",
            "venue",
            "is_international",
            "plan_item_id",
        ]


class ComplianceRowSerializer(serializers.Serializer):
    unit = UnitRef(allow_null=True)
    staff = serializers.IntegerField(help_text="Active ASN in the unit's subtree.")
    compliant = serializers.IntegerField(help_text="Of them, those who reached their JP target.")
    below = serializers.IntegerField()
    share = serializers.DecimalField(max_digits=6, decimal_places=4, help_text="compliant / staff, 0..1")
    missing_jp = serializers.DecimalField(max_digits=12, decimal_places=2, help_text="JP still missing in total.")


class ComplianceSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    unit = UnitRef(allow_null=True, help_text="The unit asked for; its sub-units are the rows.")
    target_pns = serializers.DecimalField(max_digits=8, decimal_places=2)
    target_pppk = serializers.DecimalField(max_digits=8, decimal_places=2)
    totals = ComplianceRowSerializer()
    rows = ComplianceRowSerializer(many=True)
    computed_at = serializers.DateTimeField(help_text="Figures are kept 10 minutes per user; `refresh=1` recomputes.")


class NeedsSurveySerializer(serializers.ModelSerializer):
    owner_unit = UnitRef()

    class Meta:
        model = NeedsSurvey
        fields = ["id", "year", "title", "status", "opens_on", "closes_on", "owner_unit"]


class RecapCellSerializer(serializers.Serializer):
    unit = UnitRef(allow_null=True, help_text="Null in the per-competency ranking.")
    competency = CompetencyRef()
    population = serializers.IntegerField(help_text="People asked.")
    assessed = serializers.IntegerField(help_text="People who answered for this competency.")
    with_gap = serializers.IntegerField()
    mean_gap = serializers.DecimalField(max_digits=6, decimal_places=2)
    share = serializers.DecimalField(max_digits=6, decimal_places=4, help_text="with_gap / population, 0..1")
    priority = serializers.DecimalField(max_digits=12, decimal_places=2, help_text="mean_gap × with_gap")


class ScoreSerializer(serializers.Serializer):
    percent = serializers.FloatField(allow_null=True, help_text="Mean Likert answer as % of its scale.")
    answers = serializers.IntegerField()
    responses = serializers.IntegerField()
    low = serializers.BooleanField(help_text="Below BANGKOM_EVALUATION_LOW_PERCENT.")


class SessionScoresSerializer(serializers.Serializer):
    session = serializers.IntegerField(source="session.pk")
    name = serializers.CharField(source="session.__str__")
    course = CourseRef(source="session.course")
    provider = ProviderRef(source="session.provider", allow_null=True)
    ends_on = serializers.DateField(source="session.ends_on", allow_null=True)
    reaction = ScoreSerializer(allow_null=True, help_text="Level 1, after the session.")
    follow_up = ScoreSerializer(allow_null=True, help_text="Level 3, months later.")


class GroupScoresSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    percent = serializers.FloatField(allow_null=True)
    answers = serializers.IntegerField()
    sessions = serializers.IntegerField()
    low = serializers.BooleanField()


class UnsurSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    name = serializers.CharField()
    nrr = serializers.DecimalField(max_digits=5, decimal_places=3, allow_null=True)
    band = serializers.CharField(allow_null=True)


class IkmSerializer(serializers.ModelSerializer):
    """A survey period with its result, which the view attaches as `ikm_result` (None: no answers yet)."""

    unit = UnitRef()
    questionnaires = serializers.IntegerField(source="ikm_result.questionnaires", default=0)
    ikm = serializers.DecimalField(
        max_digits=5, decimal_places=4, source="ikm_result.ikm_display", allow_null=True, help_text="1..4"
    )
    converted = serializers.DecimalField(
        max_digits=5,
        decimal_places=2,
        source="ikm_result.converted",
        allow_null=True,
        help_text="IKM × 25, the published 25..100 value.",
    )
    mutu = serializers.CharField(source="ikm_result.mutu", allow_null=True)
    kinerja = serializers.CharField(source="ikm_result.kinerja", allow_null=True)
    unsur = serializers.SerializerMethodField()

    class Meta:
        model = ServiceSurvey
        fields = [
            "id",
            "title",
            "unit",
            "starts_on",
            "ends_on",
            "is_open",
            "population",
            "questionnaires",
            "ikm",
            "converted",
            "mutu",
            "kinerja",
            "unsur",
            "raw_deleted_on",
        ]

    @extend_schema_field(UnsurSerializer(many=True))
    def get_unsur(self, survey):
        result = survey.ikm_result
        if not result:
            return []
        return [
            {"number": number, "name": str(name), "nrr": unsur.nrr_display, "band": unsur.band}
            for (number, name, _labels), unsur in zip(UNSUR, result.unsur, strict=True)
        ]
