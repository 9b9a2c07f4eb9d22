"""Issue 23: a supervisor could only validate an assessment. Now they may return it to the ASN with a
note; the ASN reads the note, revises and sends again, and the supervisor validates."""

import datetime

from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from needs_analysis import campaigns
from needs_analysis.models import Assessment
from tests.factories import EmployeeFactory

from .conftest import ALL_AT_STANDARD, answer
from .test_views import level_data

NOTE = "Level M.05 terlalu tinggi: belum pernah memimpin pelayanan publik."


def returned(client, supervisor, assessment, **extra):
    client.force_login(supervisor)
    m05 = assessment.items.get(competency__code="M.05")
    data = level_data(assessment, ALL_AT_STANDARD, note=NOTE, **{"return": ""}, **extra)
    data[f"note_{m05.competency_id}"] = "Coba nilai ulang; lihat uraian level 2."
    return client.post(reverse("needs_analysis:assessment_validate", args=[assessment.pk]), data)


def test_the_supervisor_returns_an_assessment_with_a_note(client, supervisor, pegawai, pegawai_assessment):
    answer(pegawai_assessment, ALL_AT_STANDARD)
    response = returned(client, supervisor, pegawai_assessment)
    assert response.status_code == 302
    pegawai_assessment.refresh_from_db()
    assert pegawai_assessment.status == Assessment.Status.RETURNED
    assert (pegawai_assessment.return_note, pegawai_assessment.returned_by) == (NOTE, supervisor)
    assert pegawai_assessment.validated_by is None
    assert LogEntry.objects.get_for_object(pegawai_assessment).filter(actor=supervisor).exists()  # audited
    # The supervisor's list shows it as returned, not as waiting for validation.
    listing = client.get(reverse("needs_analysis:validation_list"))
    assert list(listing.context["page_obj"]) == [] and list(listing.context["returned"]) == [pegawai_assessment]
    assert "Dikembalikan untuk diperbaiki" in listing.content.decode()

    # The ASN sees the note on their list, their page and the form, revises and sends again.
    client.force_login(pegawai)
    assert "Dikembalikan untuk diperbaiki" in client.get(reverse("needs_analysis:my_assessments")).content.decode()
    fill = reverse("needs_analysis:assessment_fill", args=[pegawai_assessment.pk])
    page = client.get(fill).content.decode()
    assert NOTE in page and "lihat uraian level 2" in page
    draft = client.post(fill, level_data(pegawai_assessment, dict(ALL_AT_STANDARD, **{"M.05": 2}), draft=""))
    assert draft.status_code == 302
    pegawai_assessment.refresh_from_db()
    assert pegawai_assessment.status == Assessment.Status.RETURNED  # still waiting for the ASN
    client.post(fill, level_data(pegawai_assessment, dict(ALL_AT_STANDARD, **{"M.05": 2}), submit=""))
    pegawai_assessment.refresh_from_db()
    assert pegawai_assessment.status == Assessment.Status.SUBMITTED
    assert pegawai_assessment.items.get(competency__code="M.05").self_level == 2

    # Back with the supervisor: waiting for validation again, with the earlier note in sight.
    client.force_login(supervisor)
    listing = client.get(reverse("needs_analysis:validation_list"))
    assert list(listing.context["page_obj"]) == [pegawai_assessment] and not listing.context["returned_count"]
    validate = reverse("needs_analysis:assessment_validate", args=[pegawai_assessment.pk])
    assert NOTE in client.get(validate).content.decode()
    client.post(validate, level_data(pegawai_assessment, dict(ALL_AT_STANDARD, **{"M.05": 2}), validate=""))
    pegawai_assessment.refresh_from_db()
    assert pegawai_assessment.status == Assessment.Status.VALIDATED


def test_returning_needs_a_note_and_keeps_what_was_typed(client, supervisor, pegawai_assessment):
    answer(pegawai_assessment, ALL_AT_STANDARD)
    client.force_login(supervisor)
    m05 = pegawai_assessment.items.get(competency__code="M.05")
    data = level_data(pegawai_assessment, ALL_AT_STANDARD, note="  ", **{"return": ""})
    data[f"note_{m05.competency_id}"] = "Nilai ulang"
    response = client.post(reverse("needs_analysis:assessment_validate", args=[pegawai_assessment.pk]), data)
    assert response.status_code == 200
    assert "Tulis catatan untuk pegawai" in response.content.decode()
    assert 'value="Nilai ulang"' in response.content.decode()
    pegawai_assessment.refresh_from_db()
    assert pegawai_assessment.status == Assessment.Status.SUBMITTED


def test_a_closed_campaign_cannot_be_returned(client, supervisor, pegawai_assessment):
    answer(pegawai_assessment, ALL_AT_STANDARD)
    survey = pegawai_assessment.survey
    survey.closes_on = timezone.localdate() - datetime.timedelta(days=1)
    survey.opens_on = survey.closes_on - datetime.timedelta(days=10)
    survey.save()
    response = returned(client, supervisor, pegawai_assessment)
    assert response.status_code == 200 and "Survei sudah ditutup" in response.content.decode()
    pegawai_assessment.refresh_from_db()
    assert pegawai_assessment.status == Assessment.Status.SUBMITTED


def test_only_who_validates_may_return(client, pimpinan, operator, other_unit_operator, pegawai_assessment):
    answer(pegawai_assessment, ALL_AT_STANDARD)
    assert returned(client, pimpinan, pegawai_assessment).status_code == 403
    assert returned(client, operator, pegawai_assessment).status_code == 403  # the supervisor is there
    assert returned(client, other_unit_operator, pegawai_assessment).status_code == 404
    pegawai_assessment.refresh_from_db()
    assert pegawai_assessment.status == Assessment.Status.SUBMITTED


def test_a_validated_assessment_is_not_returned(client, supervisor, pegawai_assessment):
    answer(pegawai_assessment, ALL_AT_STANDARD)
    client.force_login(supervisor)
    url = reverse("needs_analysis:assessment_validate", args=[pegawai_assessment.pk])
    client.post(url, level_data(pegawai_assessment, ALL_AT_STANDARD, validate=""))
    returned(client, supervisor, pegawai_assessment)
    pegawai_assessment.refresh_from_db()
    assert pegawai_assessment.status == Assessment.Status.VALIDATED


def test_the_validation_list_reads_returned_ones_in_constant_queries(
    client, supervisor, survey, staff, django_assert_max_num_queries
):
    for person in ("pegawai", "a1"):
        assessment = survey.assessments.get(employee=staff[person])
        answer(assessment, ALL_AT_STANDARD)
        returned(client, supervisor, assessment)
    client.force_login(supervisor)
    with django_assert_max_num_queries(14) as captured:
        client.get(reverse("needs_analysis:validation_list"))
    first = len(captured.captured_queries)  # read now: the next requests clear the connection's log
    for _index in range(5):
        EmployeeFactory(unit=staff["pegawai"].unit, position=staff["pegawai"].position, supervisor=staff["lurah"])
    campaigns.add_latecomers(survey=survey, by=survey.created_by)
    for assessment in survey.assessments.filter(status="not_started", employee__supervisor=staff["lurah"]):
        answer(assessment, ALL_AT_STANDARD)
        returned(client, supervisor, assessment)
    client.force_login(supervisor)
    with django_assert_max_num_queries(first):
        response = client.get(reverse("needs_analysis:validation_list"))
    assert response.context["returned_count"] == 7


def test_the_reminder_of_a_returned_assessment_asks_for_the_revision(
    client, admin, supervisor, staff, survey, pegawai_assessment, mailoutbox
):
    """An assessment sent back is waiting for the ASN again: the reminder says it was returned to be
    revised, not that they have not started."""
    answer(pegawai_assessment, ALL_AT_STANDARD)
    returned(client, supervisor, pegawai_assessment)
    staff["pegawai"].email = "pegawai@example.go.id"
    staff["pegawai"].save()
    client.force_login(admin)
    page = client.get(reverse("needs_analysis:survey_remind", args=[survey.pk])).content.decode()
    assert "dikembalikan oleh atasan untuk diperbaiki" in page
    client.post(reverse("needs_analysis:survey_remind", args=[survey.pk]))
    (mail,) = [message for message in mailoutbox if message.to == ["pegawai@example.go.id"]]
    assert "dikembalikan oleh atasan untuk diperbaiki" in mail.body
