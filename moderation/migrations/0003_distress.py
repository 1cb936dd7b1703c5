# Reserved for: crisis words and resources as shipped data (distress detection). Fill in the operations (keep this file's name and dependencies).
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("moderation", "0002_alerts_bad_batch_crisis")]

    operations = []
