"""Demo accounts for `seed_demo`. These e-mails, names and password are a contract."""

from allauth.account.models import EmailAddress

from .models import User

DEMO_PASSWORD = "peer-support-demo"

DEMO_ACCOUNTS = [
    # e-mail, pseudonym, extra fields
    ("admin@example.org", "Admin", {"is_staff": True, "is_superuser": True}),
    ("moderator@example.org", "Moderator Mia", {}),
    ("member@example.org", "Quiet River", {}),
    ("family@example.org", "Hopeful Parent", {}),
    ("bereaved@example.org", "Remembering Sam", {}),
    ("newcomer@example.org", "New Leaf", {}),
    ("applicant@example.org", "Waiting Willow", {}),
    ("professional@example.org", "Nurse Noor", {"is_professional": True}),
]


def seed_accounts():
    """Create the demo accounts (verified e-mails) once; return {email: user}."""
    users = {}
    for email, name, extra in DEMO_ACCOUNTS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email=email, password=DEMO_PASSWORD, display_name=name, **extra)
        EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
        users[email] = user
    return users
