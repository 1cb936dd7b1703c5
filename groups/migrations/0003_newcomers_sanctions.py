# Reserved for: newcomers' pre-moderation and sanctions. Fill in the operations (keep this file's name and dependencies).
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("groups", "0002_message_topic_keyset_index")]

    operations = []
