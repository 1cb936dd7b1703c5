from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "outreach"
    verbose_name = _("Outreach desk")

    def ready(self):
        from groups import access as group_access

        from . import access

        group_access.register_desk_door(access.DeskDoor())
