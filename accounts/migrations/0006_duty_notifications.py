# Reserved for: duty and escalation notifications. Fill in the operations (keep this file's name and dependencies).
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("accounts", "0005_care_notifications")]

    operations = []
