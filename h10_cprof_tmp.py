import os, sys, time, cProfile, pstats, django
django.setup()
from django.conf import settings
settings.ALLOWED_HOSTS = ["*"]
from django.test import Client
from groups.models import Group, Membership, Topic
from benchmarks.prepare import PAGES, resolve, enable_two_factor
g = Group.objects.get(slug="bench-000")
ms = Membership.objects.filter(group=g).select_related("user").order_by("user_id")
users = [m.user for m in ms[:4]]
reader = users[-1]
moderator = next(m.user for m in ms if m.role != "member")
topic = Topic.objects.filter(group=g, is_chat=False).order_by("id").first()
values = {"slug": g.slug, "topic": topic.pk, "chat": g.chat_topic().pk}
for label, name, cands, who in PAGES:
    if label != sys.argv[1]: continue
    c = Client(); c.force_login(reader if who == "reader" else moderator)
    path = resolve(name, cands, values)
    c.get(path)
    pr = cProfile.Profile(); pr.enable()
    for i in range(5): c.get(path)
    pr.disable()
    pstats.Stats(pr).sort_stats("cumulative").print_stats(45)
