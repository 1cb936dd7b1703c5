# Reserved for: the duty rota and escalation. Fill in the operations (keep this file's name and dependencies).
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("moderation", "0003_distress")]

    operations = []
