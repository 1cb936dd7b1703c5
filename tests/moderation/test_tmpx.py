import pytest
from tests.benchmarks.test_query_counts import *  # noqa
from django.db import connection
from django.test.utils import CaptureQueriesContext

@pytest.mark.parametrize(("label", "name", "candidates", "who"), PAGES, ids=[p[0] for p in PAGES])
def test_x(client, bench_group, label, name, candidates, who):
    chat = bench_group.chat_topic()
    topic = Topic.objects.filter(group=bench_group, is_chat=False).order_by("id").first()
    path = resolve(name, candidates, {"slug": bench_group.slug, "topic": topic.pk, "chat": chat.pk})
    role = "member" if who == "reader" else "moderator"
    user = Membership.objects.filter(group=bench_group, role=role).order_by("-id").first().user
    enable_two_factor(user)
    client.force_login(user)
    client.get(path)
    with CaptureQueriesContext(connection) as q:
        client.get(path)
    print(label, len(q), [x["sql"][:90] for x in q.captured_queries if "alert" in x["sql"] or "ban" in x["sql"].lower()])
