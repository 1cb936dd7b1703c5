import django.db.models.manager
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("groups", "0004_support_conversations")]

    operations = [
        migrations.AddField(
            model_name="group",
            name="is_desk",
            field=models.BooleanField(db_default=False, default=False, editable=False),
        ),
        migrations.AlterModelOptions(
            name="group",
            options={
                "base_manager_name": "all_objects",
                "ordering": ["name"],
                "verbose_name": "group",
                "verbose_name_plural": "groups",
            },
        ),
        migrations.AlterModelManagers(
            name="group",
            managers=[
                ("objects", django.db.models.manager.Manager()),
                ("all_objects", django.db.models.manager.Manager()),
            ],
        ),
    ]
