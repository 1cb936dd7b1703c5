# Reserved for: the private recovery companion (accounts/companion/). Fill in the operations (keep this file's name and dependencies).
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("accounts", "0006_duty_notifications")]

    operations = []
