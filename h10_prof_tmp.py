import os, sys, time, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.bench_settings")
django.setup()
from django.conf import settings
settings.ALLOWED_HOSTS = ["*"]
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from groups.models import Group, Membership, Topic
from benchmarks.prepare import PAGES, resolve, enable_two_factor
g = Group.objects.get(slug="bench-000")
ms = Membership.objects.filter(group=g).select_related("user").order_by("user_id")
users = [m.user for m in ms[:4]]
reader = users[-1]
moderator = next(m.user for m in ms if m.role != "member")
enable_two_factor(moderator)
topic = Topic.objects.filter(group=g, is_chat=False).order_by("id").first()
values = {"slug": g.slug, "topic": topic.pk, "chat": g.chat_topic().pk}
only = sys.argv[1:] 
for label, name, cands, who in PAGES:
    if only and label not in only: continue
    c = Client(); c.force_login(reader if who == "reader" else moderator)
    path = resolve(name, cands, values)
    c.get(path)
    with CaptureQueriesContext(connection) as q:
        t = time.perf_counter(); r = c.get(path); el = time.perf_counter() - t
    print(f"== {label} {path} {r.status_code} {el*1000:.0f} ms, {len(q)} queries")
    for x in q.captured_queries:
        print(f"  {float(x['time'])*1000:7.1f} ms  {x['sql'][:230]}")
