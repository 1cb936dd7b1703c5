# Reserved for: support-conversation notifications. Fill in the operations (keep this file's name and dependencies).
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_sanction_notifications")]

    operations = []
