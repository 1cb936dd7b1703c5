"""The outreach desk's rows: consultants, consultations, visitors without an account, services, referrals.

A consultation's words are Messages of a private Topic in the desk's hidden group (outreach/desk.py); the row
here holds only what routes it (topic area, language), its state and who is on the case. Services are public.
A referral stores what the person agreed to share and the log of its steps, never message text.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Area(models.TextChoices):
    """What a consultation is about; a consultant answers some of them."""

    HEALTH = "health", _("Health and injecting")
    TESTING = "testing", _("HIV and hepatitis testing")
    SUBSTANCES = "substances", _("Drug checking and substances")
    TREATMENT = "treatment", _("Treatment and opioid substitution")
    MENTAL = "mental", _("Mental health")
    HOUSING = "housing", _("Housing, benefits and legal matters")
    FAMILY = "family", _("For families and friends")


class Language(models.TextChoices):
    FINNISH = "fi", _("Finnish")
    ENGLISH = "en", _("English")
    SWEDISH = "sv", _("Swedish")


class Consultant(models.Model):
    """A professional account at the desk: what they are, which areas they answer, which languages they speak."""

    class Profession(models.TextChoices):
        DOCTOR = "doctor", _("Doctor")
        NURSE = "nurse", _("Nurse")
        PSYCHOLOGIST = "psychologist", _("Psychologist")
        CASE_MANAGER = "case_manager", _("Case manager")
        SOCIAL_WORKER = "social_worker", _("Social worker")
        HIV_HEPATITIS = "hiv_hepatitis", _("HIV and hepatitis consultant")
        PEER_COUNSELLOR = "peer_counsellor", _("Peer counsellor")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consultant")
    profession = models.CharField(_("profession"), max_length=20, choices=Profession.choices)
    areas = models.JSONField(
        _("topics answered"), default=list, help_text=_("Codes of the topics this person answers.")
    )
    languages = models.JSONField(_("languages spoken"), default=list)
    active = models.BooleanField(_("at the desk"), default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("consultant")
        verbose_name_plural = _("consultants")

    def __str__(self):
        return f"{self.user.display_name} ({self.get_profession_display()})"

    def answers(self, area, language):
        return area in self.areas and language in self.languages


class DeskVisitor(models.Model):
    """An account made for one consultation by someone without one: no e-mail, no password, only a pseudonym.
    The one-time recovery code (shown once) is stored as a hash; it reopens the consultation in another browser."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="desk_visitor")
    recovery_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)


class Consultation(models.Model):
    class State(models.TextChoices):
        WAITING = "waiting", _("Waiting for a consultant")
        OPEN = "open", _("With a consultant")
        CLOSED = "closed", _("Closed")

    topic = models.OneToOneField("groups.Topic", on_delete=models.CASCADE, related_name="consultation")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consultations")
    area = models.CharField(_("topic"), max_length=20, choices=Area.choices)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    state = models.CharField(max_length=10, choices=State.choices, default=State.WAITING, db_default=State.WAITING)
    consultant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="cases"
    )
    created_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["state", "closed_at"], name="consultation_state")]

    def __str__(self):
        return f"consultation {self.pk}"

    @property
    def is_closed(self):
        return self.state == self.State.CLOSED


class Service(models.Model):
    """One place in the public directory, kept by staff."""

    class Kind(models.TextChoices):
        NEEDLES = "needles", _("Needle and syringe programme")
        NALOXONE = "naloxone", _("Naloxone")
        DRUG_CHECKING = "drug_checking", _("Drug checking")
        TESTING = "testing", _("HIV and hepatitis testing")
        OST = "ost", _("Opioid substitution clinic")
        DETOX = "detox", _("Detox")
        MENTAL = "mental", _("Mental-health service")
        SHELTER = "shelter", _("Shelter")
        LEGAL = "legal", _("Legal aid")
        FAMILY = "family", _("Family support")

    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    area = models.CharField(_("area"), max_length=60, help_text=_("Town or region, e.g. Helsinki."))
    address = models.CharField(_("address"), max_length=200, blank=True)
    opening_hours = models.TextField(_("opening hours"), max_length=500, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    description = models.TextField(_("description"), max_length=1000, blank=True)
    anonymous = models.BooleanField(_("anonymous"), default=False)
    free = models.BooleanField(_("free of charge"), default=False)
    no_referral = models.BooleanField(_("no referral needed"), default=False)
    low_threshold = models.BooleanField(_("low-threshold"), default=False)
    referral_email = models.EmailField(
        _("contact address for referrals"),
        blank=True,
        help_text=_("Told only what a person agreed to share when they accept a referral here."),
    )
    is_demo = models.BooleanField(_("demo data"), default=False, db_default=False)
    published = models.BooleanField(_("published"), default=True, db_default=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["area", "name"]
        verbose_name = _("service")
        verbose_name_plural = _("services")

    def __str__(self):
        return self.name

    def language_names(self):
        return [str(Language(code).label) for code in self.languages if code in Language.values]


class Referral(models.Model):
    """A service a consultant proposes; nothing is shared unless the person accepts and chose to share."""

    class State(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Consent withdrawn")

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="referrals")
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="referrals")
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    summary = models.TextField(_("short summary"), max_length=500, blank=True)
    share_summary = models.BooleanField(default=False)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PROPOSED)
    code = models.CharField(max_length=12, blank=True)
    service_told_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]


class ReferralEvent(models.Model):
    """One step of a referral for the desk's log: who (a role, not a name), what, when. Never any text."""

    class Step(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")
        WITHDRAWN = "withdrawn", _("consent withdrawn")
        SERVICE_TOLD = "service_told", _("service told")

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
    step = models.CharField(max_length=20, choices=Step.choices)
    shared_summary = models.BooleanField(default=False)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]
