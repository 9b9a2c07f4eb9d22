"""Versions of a questionnaire: one that has answers is never edited; a copy is."""

from django.db import transaction
from django.db.models import Max

from .models import Questionnaire


@transaction.atomic
def new_version(original, *, by):
    """A copy of `original` with its sections and questions, numbered after the title's last version."""
    copy = Questionnaire.objects.create(
        title=original.title,
        kind=original.kind,
        description=original.description,
        version=(Questionnaire.objects.filter(title=original.title).aggregate(v=Max("version"))["v"] or 1) + 1,
        copied_from=original,
        created_by=by,
    )
    sections = {}
    for section in original.sections.all():
        sections[section.pk] = copy.sections.create(title=section.title, order=section.order)
    for question in original.questions.all():
        question.pk = None
        question.questionnaire = copy
        question.section = sections.get(question.section_id)
        question.save()
    return copy
