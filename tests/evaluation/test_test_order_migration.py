"""Pre- and post-tests stored open at the same time before the rule: the migration moves an unanswered
post-test to open when its pre-test closes, and leaves alone one that people have already answered."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.training.conftest import MONDAY, day, make_session

from .conftest import JAKARTA

BEFORE = [("evaluation", "0006_question_section_named_bagian")]
AFTER = [("evaluation", "0007_post_test_opens_after_pre_test")]


def at(hour, date=MONDAY):
    return datetime.datetime.combine(date, datetime.time(hour), tzinfo=JAKARTA)


@pytest.mark.django_db(transaction=True)
def test_an_unanswered_post_test_moves_after_its_pre_test(workshop, tree, admin, standard):
    sessions = [make_session(workshop, tree.a, admin, days=[day(MONDAY)], name=f"Angkatan {n}") for n in (1, 2)]
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    Distribution = apps.get_model("evaluation", "Distribution")
    Response = apps.get_model("evaluation", "Response")
    posts = []
    for session in sessions:
        common = {"session_id": session.pk, "questionnaire_id": standard["test"].pk, "created_by_id": admin.pk}
        Distribution.objects.create(purpose="pre_test", opens_at=at(7), closes_at=at(15), **common)
        posts.append(Distribution.objects.create(purpose="post_test", opens_at=at(8), closes_at=at(16), **common))
    Response.objects.create(distribution_id=posts[1].pk)  # the second was already answered

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    from evaluation.models import Distribution as Current

    moved, answered = (Current.objects.get(pk=post.pk) for post in posts)
    assert (moved.opens_at, moved.closes_at) == (at(15), at(23))  # eight hours, as before, after the pre-test
    assert (answered.opens_at, answered.closes_at) == (at(8), at(16))
