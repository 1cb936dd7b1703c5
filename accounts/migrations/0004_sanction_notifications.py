# Reserved for: notifications of mutes and bans. Fill in the operations (keep this file's name and dependencies).
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_notification_warned_hidden_kinds")]

    operations = []
