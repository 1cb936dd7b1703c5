# Reserved for: support conversations. Fill in the operations (keep this file's name and dependencies).
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("groups", "0003_newcomers_sanctions")]

    operations = []
