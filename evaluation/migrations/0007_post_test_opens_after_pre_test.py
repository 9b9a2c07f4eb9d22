"""Pre- and post-tests stored before the rule (Distribution.test_overlapped) may be open at the same time,
as a one-day session's default windows were. Each such post-test without answers now opens when its
pre-test closes (and closes no earlier than it did, nor sooner after opening than it did); one that already
has answers keeps its window, since people took it then. An anonymous post-test with answers is locked
anyway (issue 20)."""

from django.db import migrations
from django.db.models import F, OuterRef, Subquery


def post_test_after_pre_test(apps, schema_editor):
    Distribution = apps.get_model("evaluation", "Distribution")
    pre_closes = Distribution.objects.filter(session_id=OuterRef("session_id"), purpose="pre_test").values(
        "closes_at"
    )[:1]
    overlapping = (
        Distribution.objects.filter(purpose="post_test", responses__isnull=True)
        .annotate(pre_closes=Subquery(pre_closes))
        .filter(opens_at__lt=F("pre_closes"))
    )
    for post in overlapping:
        length = post.closes_at - post.opens_at
        post.opens_at = post.pre_closes
        post.closes_at = max(post.closes_at, post.opens_at + length)
        post.save(update_fields=["opens_at", "closes_at"])


class Migration(migrations.Migration):
    dependencies = [
        ("evaluation", "0006_question_section_named_bagian"),
    ]

    operations = [
        migrations.RunPython(post_test_after_pre_test, migrations.RunPython.noop),
    ]
