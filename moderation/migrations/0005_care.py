# Reserved for: crisis items' life: claimed, handled with an outcome. Fill in the operations (keep this file's name and dependencies).
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("moderation", "0004_duty")]

    operations = []
