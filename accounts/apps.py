from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from groups import signals

        from . import checks as _checks  # noqa: F401  (registers the system checks)
        from . import signals as _socket_signals  # noqa: F401  (closes sockets on logout, password change)
        from .notifications import chrome as _chrome  # noqa: F401  (forgets the alert index when alerts change)
        from .notifications import create, receivers

        signals.message_saved.connect(receivers.message_saved, dispatch_uid="accounts.notify.message_saved")
        signals.message_moderated.connect(receivers.message_moderated, dispatch_uid="accounts.notify.moderated")
        signals.join_request_changed.connect(receivers.join_request_changed, dispatch_uid="accounts.notify.join")
        signals.alert_published.connect(receivers.alert_published, dispatch_uid="accounts.notify.alert")
        signals.messages_shown.connect(receivers.messages_shown, dispatch_uid="accounts.notify.messages_shown")
        signals.member_sanctioned.connect(receivers.member_sanctioned, dispatch_uid="accounts.notify.sanction")
        signals.standing_question_asked.connect(receivers.standing_question_asked, dispatch_uid="accounts.notify.ask")
        signals.support_opened.connect(receivers.support_opened, dispatch_uid="accounts.notify.support_opened")
        signals.professional_moderator_appointed.connect(
            receivers.professional_moderator_appointed, dispatch_uid="accounts.notify.pro_moderator"
        )
        create.notification_created.connect(receivers.notification_created, dispatch_uid="accounts.notify.announce")
