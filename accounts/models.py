from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .validators import validate_pseudonym

# What a person chooses on their settings page (accounts/forms.py); the data export holds each (accounts/export.py).
SETTINGS_FIELDS = [
    "display_name",
    "language",
    "show_presence",
    "typing_indicators",
    "email_frequency",
    "email_details",
    "urgent_email",
    "discreet_mode",
    "quick_exit_sign_out",
]


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        email = self.normalize_email(email)
        user = self.model(email=email, **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        extra.setdefault("display_name", email.split("@")[0][:30].ljust(3, "0"))
        return self._create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A pseudonymous person. The e-mail is for login and notices only, never shown."""

    class EmailFrequency(models.TextChoices):
        IMMEDIATE = "immediate", _("Immediately")
        DIGEST = "digest", _("Once a day")
        NEVER = "never", _("Never")

    email = models.EmailField(_("e-mail address"), unique=True)
    display_name = models.CharField(
        _("pseudonym"),
        max_length=30,
        validators=[validate_pseudonym],
        help_text=_("The name other people see. Do not use your real name."),
    )
    is_professional = models.BooleanField(
        _("professional"),
        default=False,
        help_text=_("Doctors, social workers and the like: may moderate, never an ordinary member of a peer group."),
    )
    is_staff = models.BooleanField(_("staff"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)
    language = models.CharField(_("language"), max_length=8, blank=True)
    show_presence = models.BooleanField(_("show when I am here"), default=True)
    typing_indicators = models.BooleanField(_("typing indicators"), default=True)
    email_frequency = models.CharField(
        _("e-mail notifications"), max_length=10, choices=EmailFrequency.choices, default=EmailFrequency.DIGEST
    )
    email_details = models.BooleanField(
        _("include details in e-mails"),
        default=False,
        help_text=_("Off by default: e-mails then say only that there is new activity."),
    )
    urgent_email = models.BooleanField(_("e-mail me at once about urgent flags (moderators)"), default=False)
    discreet_mode = models.BooleanField(
        _("discreet mode"),
        default=False,
        help_text=_("A neutral title and icon in the browser tab, and harm-reduction alerts folded away."),
    )
    quick_exit_sign_out = models.BooleanField(
        _("quick exit also signs me out"),
        default=False,
        db_default=False,
        help_text=_("After a quick exit you then have to sign in again, with your password, to come back."),
    )
    # Moves whenever what this person may read may have changed (groups/access/stamp.py): open sockets compare it
    # in memory before forwarding anything, and ask the gate again only when it moved.
    access_stamp = models.PositiveBigIntegerField(default=0, db_default=0, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("display_name"), name="unique_display_name_ci"),
        ]

    def __str__(self):
        return self.display_name

    def get_short_name(self):
        return self.display_name

    def get_full_name(self):
        return self.display_name


class Ignore(models.Model):
    """`user` ignores `ignored`: the other person's messages fold away for `user` alone (accounts/ignoring.py).

    Nothing points back from `ignored` (related_name "+"): no page, export or notice of theirs can learn
    who ignores them. Either account's deletion deletes the row.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="ignoring")
    ignored = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "ignored"], name="ignore_once"),
            models.CheckConstraint(condition=~models.Q(user=models.F("ignored")), name="ignore_not_oneself"),
        ]


# Registers the sub-packages' models with the app (one line each; their foreign keys to User are strings).
from .companion.models import (  # noqa: E402,F401  (the private recovery companion)
    Appointment,
    CheckIn,
    DiaryEntry,
    DoseReminder,
    InfoPage,
    Milestone,
    ReminderSent,
    SowsScore,
    TaperPlan,
    TaperStep,
)
from .notifications.models import EmailDelivery, Notification, PushSubscription, QueuedTask, TopicFollow  # noqa: E402,F401
