"""The access matrix, second half: on the demo district, each role asks for every URL that names
an object, with an object outside its scope. The answer is never the page: 404
(the object does not exist for them), 403 (they may see it but not change it) or 405. Every URL
with an object in its path is in OBJECT_URLS or SHARED below, so a new view must be placed here."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from api.models import ApiToken
from core.models import GeneratedFile
from documents.models import IssuedDocument
from evaluation.models import CommunityInput, Distribution, Invitation, ServiceSurvey
from needs_analysis.models import Assessment, NeedsSurvey
from programs.models import Competency, DevelopmentProgram, Employee, OrgUnit, PlanItem
from training.models import Certificate, Enrolment, ExternalClaim, Mentorship, Session

from .test_access_matrix import ALL, PUBLIC

# Reference data and catalogues every logged-in user reads; writing them is admin-only (tested per view).
SHARED = {
    "programs:position_detail", "programs:position_edit", "programs:position_standard",
    "programs:competency_detail", "programs:competency_edit",
    "training:course_detail", "training:course_edit",
    "training:provider_detail", "training:provider_edit", "training:agreement_create", "training:agreement_edit",
    "training:session_detail", "training:session_register",  # published sessions are open to every ASN
    # Every unit's operator proposes its people for any published session (only from its own staff, and
    # 403 for the roles that only read): tests/training/test_proposals.py, tests/needs_analysis/test_session_gap.py
    "training:proposal_create", "needs_analysis:session_gap_people",
    "evaluation:questionnaire_detail", "evaluation:questionnaire_copy", "evaluation:questionnaire_preview",
    "evaluation:question_move",
    "documents:text_edit",  # the agency's document texts: admin-only, one per kind (tests/documents)
    "api:position-detail", "api:competency-detail", "api:course-detail", "api:provider-detail", "api:session-detail",
}  # fmt: skip
# Objects named by a token instead of an id, each bound to its owner and tested with its view.
BY_TOKEN = {
    "api:employee-by-nip": "tests/api/test_scope.py (another unit's NIP is 404)",
}


def outside(model, user):
    """An object of `model` that `user` may not see (or, for sessions, may not manage)."""
    if model is Session:
        return Session.objects.exclude(pk__in=Session.objects.editable_by(user).values("pk"))
    if model is Certificate:
        return Certificate.objects.exclude(enrolment__in=Enrolment.objects.for_user(user))
    if model is PlanItem:
        return PlanItem.objects.exclude(program__in=DevelopmentProgram.objects.for_user(user))
    if model is Distribution:
        return Distribution.objects.exclude(session__in=Session.objects.editable_by(user))
    if model is Invitation:
        return Invitation.objects.exclude(employee_id=getattr(user, "employee", None) and user.employee.pk)
    if model is GeneratedFile:
        return GeneratedFile.objects.exclude(requested_by=user)
    if model is IssuedDocument:
        return IssuedDocument.objects.exclude(pk__in=IssuedDocument.objects.for_user(user).values("pk"))
    return model.objects.exclude(pk__in=model.objects.for_user(user).values("pk"))


# URL name -> the model its first id names (an extra id, e.g. a day, is taken from the same object).
OBJECT_URLS = {
    "reports:plan_coverage": DevelopmentProgram,
    "reports:personal_data": Employee,
    "programs:orgunit_detail": OrgUnit,
    "programs:orgunit_edit": OrgUnit,
    "programs:letterhead_edit": OrgUnit,
    "programs:signatory_edit": OrgUnit,
    "programs:employee_detail": Employee,
    "programs:employee_edit": Employee,
    "programs:employee_set_active": Employee,
    "programs:employee_create_login": Employee,
    "programs:employee_reset_two_factor": Employee,
    "programs:plan_detail": DevelopmentProgram,
    "programs:plan_edit": DevelopmentProgram,
    "programs:plan_transition": DevelopmentProgram,
    "programs:planitem_create": DevelopmentProgram,
    "programs:planitem_edit": PlanItem,
    "programs:plan_xlsx": DevelopmentProgram,
    "programs:plan_pdf": DevelopmentProgram,
    "programs:plan_docx": DevelopmentProgram,
    "core:job_detail": GeneratedFile,
    "core:job_download": GeneratedFile,
    "core:job_retry": GeneratedFile,
    "programs:employee_import_job": GeneratedFile,
    "programs:employee_import_confirm": GeneratedFile,
    "programs:employee_import_cancel": GeneratedFile,
    "programs:employee_import_errors": GeneratedFile,
    "needs_analysis:survey_detail": NeedsSurvey,
    "needs_analysis:survey_edit": NeedsSurvey,
    "needs_analysis:survey_open": NeedsSurvey,
    "needs_analysis:survey_add_latecomers": NeedsSurvey,
    "needs_analysis:survey_close": NeedsSurvey,
    "needs_analysis:survey_remind": NeedsSurvey,
    "needs_analysis:survey_recap": NeedsSurvey,
    "needs_analysis:survey_recap_xlsx": NeedsSurvey,
    "needs_analysis:survey_answers_xlsx": NeedsSurvey,
    "needs_analysis:survey_pdf": NeedsSurvey,
    "needs_analysis:survey_docx": NeedsSurvey,
    "needs_analysis:need_to_plan": NeedsSurvey,
    "needs_analysis:need_nominate": NeedsSurvey,
    "needs_analysis:assessment_detail": Assessment,
    "needs_analysis:assessment_fill": Assessment,
    "needs_analysis:assessment_autosave": Assessment,
    "needs_analysis:assessment_validate": Assessment,
    "training:session_edit": Session,
    "training:session_transition": Session,
    "training:session_participants": Session,
    "training:session_nominate": Session,
    "training:session_reservations": Session,
    "training:proposal_review": Session,
    "training:roster": Session,
    "training:roster_xlsx": Session,
    "training:checkin_screen": Session,
    "training:session_finish": Session,
    "training:session_issue_certificates": Session,
    "training:session_certificates_zip": Session,
    "training:enrolment_withdraw": Enrolment,
    "training:enrolment_decide": Enrolment,
    "training:enrolment_override": Enrolment,
    "training:certificate_pdf": Certificate,
    "training:employee_learning": Employee,
    "training:transcript_pdf": Employee,
    "training:claim_review": ExternalClaim,
    "training:claim_evidence": ExternalClaim,
    "training:mentorship_log": Mentorship,
    "evaluation:distribution_create": Session,
    "evaluation:distribution_detail": Distribution,
    "evaluation:distribution_sync": Distribution,
    "evaluation:distribution_remind": Distribution,
    "evaluation:distribution_xlsx": Distribution,
    "evaluation:distribution_pdf": Distribution,
    "evaluation:answer": Invitation,
    "evaluation:skm_detail": ServiceSurvey,
    "evaluation:skm_pdf": ServiceSurvey,
    "evaluation:skm_docx": ServiceSurvey,
    "evaluation:skm_poster": ServiceSurvey,
    "evaluation:skm_xlsx": ServiceSurvey,
    "evaluation:skm_paper": ServiceSurvey,
    "evaluation:skm_import": ServiceSurvey,
    "evaluation:community_edit": CommunityInput,
    "api:unit-detail": OrgUnit,
    "api:employee-detail": Employee,
    "api:learning-records": Employee,
    "api:jp-per-year": Employee,
    "api:needs-survey-detail": NeedsSurvey,
    "api:needs-recap": NeedsSurvey,
    "api:ikm-detail": ServiceSurvey,
    "api:token_detail": ApiToken,
    "api:token_revoke": ApiToken,
    "documents:preview": Session,
    "documents:issue": Session,
    "documents:document_detail": IssuedDocument,
    "documents:document_pdf": IssuedDocument,
    "documents:document_docx": IssuedDocument,
    "documents:refresh": IssuedDocument,
    "documents:sign": IssuedDocument,
    "documents:signed_copy_pdf": IssuedDocument,
}
WITH_IDS = [name for name, pattern in ALL if pattern.pattern.converters and name not in PUBLIC]


def test_every_url_with_an_object_is_placed():
    unplaced = set(WITH_IDS) - set(OBJECT_URLS) - SHARED - set(BY_TOKEN)
    assert not unplaced, f"place these in the access matrix: {sorted(unplaced)}"


def kwargs_for(name, obj):
    pattern = dict(ALL)[name]
    values = {}
    for key in pattern.pattern.converters:
        if key == "day_id":
            values[key] = obj.days.first().pk
        elif key == "unit_id":
            values[key] = obj.owner_unit_id
        elif key == "kind":
            values[key] = "undangan"
        elif key == "competency_id":
            values[key] = Competency.objects.order_by("pk").values_list("pk", flat=True).first()  # any will do
        else:
            values[key] = obj.pk
    return values


# The demo's logins that are outsiders to most of the district: another unit's operator, a camat
# (pimpinan of one kecamatan), a lurah (atasan of his staff) and one of his staff (pegawai).
OUTSIDERS = ["operator_dinkes", "pimpinan", "atasan", "pegawai"]


@pytest.mark.django_db
@pytest.mark.parametrize("username", OUTSIDERS)
@pytest.mark.parametrize("name", sorted(OBJECT_URLS))
def test_no_role_gets_a_page_about_an_object_outside_its_scope(demo_world, client, name, username):
    outsider = get_user_model().objects.get(username=username)
    target = outside(OBJECT_URLS[name], outsider).first()
    assert target is not None, f"the demo district has no {OBJECT_URLS[name].__name__} outside {username}'s scope"
    url = reverse(name, kwargs=kwargs_for(name, target))
    client.force_login(outsider)
    for method in (client.get, client.post):
        status = method(url).status_code
        assert status in (403, 404, 405), (name, method.__name__, status)


# The pickers' searches (core/picker.py) name people without an id in their address: the roles
# that may search (operators) find no one outside their scope, the others are refused.
SEARCHERS = {"operator_dinkes"}


@pytest.mark.django_db
@pytest.mark.parametrize("username", OUTSIDERS)
def test_no_role_finds_a_person_outside_its_scope_by_name_or_nip(demo_world, client, username):
    outsider = get_user_model().objects.get(username=username)
    target = outside(Employee, outsider).filter(is_active=True).order_by("pk").first()
    client.force_login(outsider)
    for text in (target.nip, target.nip_display, target.name):
        for scope in ("", "editable"):
            response = client.get(reverse("programs:employee_search"), {"q": text, "scope": scope})
            assert response.status_code == (200 if username in SEARCHERS else 403), (text, scope)
            if response.status_code == 200:
                assert target.nip_display not in [row["value"] for row in response.json()["results"]]
        assert client.get(reverse("api:token_owner_search"), {"q": text}).status_code == 403  # admins only
    if username in SEARCHERS:  # and the search does find whom they may pick
        mine = inside(Employee, outsider).filter(is_active=True).order_by("pk").first()
        found = client.get(reverse("programs:employee_search"), {"q": mine.nip}).json()["results"]
        assert [row["value"] for row in found] == [mine.nip_display]


# Pages that change an object. A read-only role (pimpinan, atasan, pegawai) that can see the object
# is refused the change itself: 403 (or 404 where the object is not theirs to see at all).
WRITES = [
    "programs:orgunit_edit",
    "programs:letterhead_edit",
    "programs:signatory_edit",
    "programs:employee_edit",
    "programs:employee_set_active",
    "programs:employee_create_login",
    "programs:employee_reset_two_factor",
    "programs:plan_edit",
    "programs:planitem_create",
    "needs_analysis:survey_edit",
    "needs_analysis:survey_open",
    "needs_analysis:survey_add_latecomers",
    "needs_analysis:survey_close",
    "needs_analysis:survey_remind",
    "training:session_edit",
    "training:session_transition",
    "training:session_nominate",
    "training:session_reservations",
    "training:proposal_review",
    "training:session_finish",
    "training:session_issue_certificates",
    "documents:issue",
    "evaluation:distribution_create",
    "evaluation:skm_import",
    "evaluation:community_edit",
]


def inside(model, user):
    """Objects of `model` that `user` may see (the complement of `outside`)."""
    if model is Session:
        return Session.objects.for_user(user).exclude(status=Session.Status.DRAFT)
    if model is Certificate:
        return Certificate.objects.filter(enrolment__in=Enrolment.objects.for_user(user))
    if model is PlanItem:
        return PlanItem.objects.filter(program__in=DevelopmentProgram.objects.for_user(user))
    if model is Distribution:
        return Distribution.objects.filter(session__in=Session.objects.editable_by(user))
    if model is GeneratedFile:
        return GeneratedFile.objects.filter(requested_by=user)
    return model.objects.for_user(user)


# Units, plans, SKM surveys and community input are read by unit roles only: an atasan or a pegawai
# never sees one, so for them the outside test above is the whole story.
UNIT_LEVEL = {OrgUnit, DevelopmentProgram, ServiceSurvey, CommunityInput}
READ_ONLY_CASES = [
    (name, username)
    for name in WRITES
    for username in ("pimpinan", "atasan", "pegawai")
    if username == "pimpinan" or OBJECT_URLS[name] not in UNIT_LEVEL
]


@pytest.mark.django_db
@pytest.mark.parametrize("name,username", READ_ONLY_CASES)
def test_read_only_roles_are_refused_changes_to_what_they_see(demo_world, client, name, username):
    reader = get_user_model().objects.get(username=username)
    target = inside(OBJECT_URLS[name], reader).first()
    assert target is not None, f"the demo gives {username} no {OBJECT_URLS[name].__name__} to see"
    client.force_login(reader)
    status = client.post(reverse(name, kwargs=kwargs_for(name, target)), {}).status_code
    assert status in (403, 404), (name, username, status)


# The other side of the matrix: each role gets the page (200) of what it works with. Together with
# the tests above, a page answers 200 only where the role may. BKPSDM runs the sessions, the
# campaigns and the evaluations of the demo, so their management pages are the admin's.
UNIT_READS = [
    "programs:orgunit_detail", "programs:employee_detail", "training:employee_learning", "training:transcript_pdf",
    "reports:personal_data", "training:certificate_pdf", "needs_analysis:assessment_detail",
    "needs_analysis:survey_detail", "needs_analysis:survey_recap", "needs_analysis:survey_recap_xlsx",
    "needs_analysis:survey_answers_xlsx", "needs_analysis:survey_pdf", "needs_analysis:survey_docx",
    "evaluation:skm_detail", "evaluation:skm_pdf", "evaluation:skm_docx", "evaluation:skm_poster",
    "evaluation:skm_xlsx",
    "api:unit-detail", "api:employee-detail", "api:learning-records", "api:jp-per-year", "api:needs-survey-detail",
    "api:needs-recap", "api:ikm-detail",
]  # fmt: skip
PLAN_READS = [
    "programs:plan_detail", "programs:plan_xlsx", "programs:plan_pdf", "programs:plan_docx", "reports:plan_coverage",
]  # fmt: skip
UNIT_EDITS = [
    "programs:employee_edit", "evaluation:community_edit", "evaluation:skm_paper", "evaluation:skm_import",
    "training:mentorship_log",
]  # fmt: skip
PLAN_EDITS = ["programs:plan_edit", "programs:planitem_create"]
BKPSDM_PAGES = [
    "programs:orgunit_edit", "programs:letterhead_edit", "programs:signatory_edit", "programs:planitem_edit",
    "core:job_detail",
    "needs_analysis:survey_edit", "needs_analysis:survey_remind", "needs_analysis:need_nominate",
    "training:session_edit", "training:session_participants", "training:session_nominate", "training:proposal_review",
    "training:roster", "training:roster_xlsx", "training:checkin_screen",
    "evaluation:distribution_create", "evaluation:distribution_detail", "evaluation:distribution_pdf",
    "evaluation:distribution_xlsx", "api:token_detail",
]  # fmt: skip
PERSONAL = [
    "programs:employee_detail", "training:employee_learning", "training:transcript_pdf", "reports:personal_data",
    "needs_analysis:assessment_detail", "training:claim_evidence",
    "api:employee-detail", "api:learning-records", "api:jp-per-year",
]  # fmt: skip
MAY = {
    "admin": UNIT_READS + PLAN_READS + UNIT_EDITS + PLAN_EDITS + BKPSDM_PAGES,
    "operator": UNIT_READS + PLAN_READS + UNIT_EDITS + PLAN_EDITS + ["training:claim_evidence"],
    "operator_dinkes": UNIT_READS + UNIT_EDITS + ["needs_analysis:assessment_validate"],  # no plan in Dinkes yet
    "pimpinan": UNIT_READS + PLAN_READS + ["training:claim_evidence"],
    "atasan": PERSONAL + ["training:certificate_pdf", "training:mentorship_log"],  # his staff's, and he mentors
    "pegawai": PERSONAL,
}


def works_with(model, user):
    """The objects of `model` a user works with: what they manage where they manage, else what they see."""
    if model is Session:
        managed = Session.objects.editable_by(user).filter(status__in=["open", "running"])
        return managed if managed.exists() else inside(model, user)
    if model is OrgUnit:
        return OrgUnit.objects.for_user(user).order_by("-depth")  # a leaf: the camat's own kelurahan
    if model is NeedsSurvey:
        return NeedsSurvey.objects.for_user(user).order_by("status", "pk")  # the closed campaign has a recap
    if model is Assessment:  # a submitted one that this user validates (an operator: where the supervisor is missing)
        from core.access import access_for
        from needs_analysis.campaigns import can_validate

        access = access_for(user)
        submitted = Assessment.objects.for_user(user).filter(status="submitted").select_related("employee__supervisor")
        theirs = [assessment.pk for assessment in submitted.order_by("pk") if can_validate(access, assessment)]
        if not theirs:
            # The demo draws who has submitted at random: where none of the submitted ones in scope lacks
            # a supervisor, the first one's supervisor has left (rolled back with the test).
            first = submitted.order_by("pk").first()
            if first is not None:
                first.employee.supervisor = None
                first.employee.save(update_fields=["supervisor"])
                theirs = [first.pk]
        return Assessment.objects.filter(pk__in=theirs[:1]) if theirs else inside(model, user).order_by("pk")
    if model is ExternalClaim:
        return ExternalClaim.objects.for_user(user).exclude(evidence="claims/2026/bukti.pdf")  # not far_corner's
    return inside(model, user)


@pytest.mark.django_db
@pytest.mark.parametrize("name,username", [(name, username) for username, names in MAY.items() for name in names])
def test_each_role_gets_the_pages_of_what_it_works_with(demo_world, client, name, username):
    user = get_user_model().objects.get(username=username)
    target = works_with(OBJECT_URLS[name], user).first()
    assert target is not None, f"the demo gives {username} no {OBJECT_URLS[name].__name__}"
    client.force_login(user)
    assert client.get(reverse(name, kwargs=kwargs_for(name, target))).status_code == 200


def test_admins_see_every_mentorship_and_every_campaign(demo_world, db):
    """Q() | Q(mentor=me) is just Q(mentor=me): an admin's "everything" once vanished when OR-ed."""
    admin = get_user_model().objects.get(username="admin")
    assert Mentorship.objects.for_user(admin).count() == Mentorship.objects.count() > 0
    NeedsSurvey.objects.create(
        year=2028, title="Belum dibuka", opens_on="2027-01-04", closes_on="2027-01-30",
        owner_unit=OrgUnit.objects.get(depth=1), created_by=admin,
    )  # fmt: skip
    assert NeedsSurvey.objects.for_user(admin).count() == NeedsSurvey.objects.count()
