"""Demo crisis words, crisis resources, alerts and a bad-batch report for `seed_demo`.

The crisis resources are real Finnish services as known when written, but
the operator must verify every entry before use (see the admin note).
"""

from datetime import timedelta

from django.utils import timezone

from accounts.models import User

from . import crisis, sanitize
from .models import Alert, BadBatchReport, CrisisResource

VERIFY = " (Tarkista ennen käyttöä / verify before use.)"

CRISIS_RESOURCES = [
    # language, area, name, phone, url, description
    ("fi", "", "Hätänumero", "112", "", "Hengenvaara, yliannostus, tapaturma. Soita heti." + VERIFY),
    (
        "fi",
        "",
        "MIELI ry:n Kriisipuhelin",
        "09 2525 0111",
        "https://mieli.fi",
        "Keskusteluapua kriisissä, myös itsetuhoisissa ajatuksissa. Päivystää ympäri vuorokauden." + VERIFY,
    ),
    (
        "fi",
        "",
        "Myrkytystietokeskus",
        "0800 147 111",
        "",
        "Neuvoo myrkytysten ja yliannostusten ensiavussa. Hätätilanteessa soita 112." + VERIFY,
    ),
    (
        "fi",
        "",
        "Päihdelinkki (A-klinikkasäätiö)",
        "",
        "https://paihdelinkki.fi",
        "Tietoa päihteistä, nimetöntä neuvontaa ja vertaistukea verkossa." + VERIFY,
    ),
    (
        "fi",
        "",
        "Irti Huumeista ry",
        "",
        "https://irtihuumeista.fi",
        "Tukea huumeita käyttävien läheisille: puhelin- ja chat-palvelu sekä vertaisryhmät." + VERIFY,
    ),
    ("en", "", "Emergency number", "112", "", "Danger to life, overdose, accident. Call at once." + VERIFY),
    (
        "en",
        "Finland",
        "Poison Information Centre",
        "0800 147 111",
        "",
        "Advice on first aid for poisoning and overdose. In an emergency call 112." + VERIFY,
    ),
    (
        "en",
        "",
        "Local crisis helpline",
        "",
        "",
        "Ask your group's moderators for the crisis line in your country and language." + VERIFY,
    ),
]

DEMO_ALERTS = [
    # title, body, substance, area, severity, days to expiry, verified, source
    (
        "Strong opioids found in pills sold as oxycodone",
        "Drug checking found **fentanyl-type opioids** in pills sold as oxycodone in Kallio, Helsinki.\n\n"
        "- Do not use alone; have naloxone at hand.\n- Start with a small amount.\n- In an overdose call 112.",
        "Fentanyl analogue",
        "Helsinki, Kallio",
        Alert.Severity.URGENT,
        14,
        True,
        "Drug checking service",
    ),
    (
        "Naloxone kits: free training this month",
        "Free naloxone kits and a short training are available at the low-threshold health counselling points.",
        "",
        "Helsinki",
        Alert.Severity.INFO,
        -3,
        True,
        "Health counselling service",
    ),
]


def seed_resources():
    for position, (language, area, name, phone, url, description) in enumerate(CRISIS_RESOURCES):
        CrisisResource.objects.get_or_create(
            language=language,
            name=name,
            defaults={"area": area, "phone": phone, "url": url, "description": description, "position": position},
        )


def seed_demo_alerts():
    author = User.objects.filter(email="admin@example.org").first()
    now = timezone.now()
    for title, body, substance, area, severity, days, verified, source in DEMO_ALERTS:
        if Alert.objects.filter(title=title).exists():
            continue
        alert = Alert(
            title=title,
            body_source=body,
            substance=substance,
            area=area,
            severity=severity,
            expires_at=now + timedelta(days=days),
            all_groups=True,
            verified=verified,
            source_note=source,
            created_at=now - timedelta(days=max(0, -days) + 7),
        )
        # Saved directly: the demo notifies nobody and has no open pages.
        alert.body_html = sanitize.render_markdown(body)
        alert.created_by = author
        alert.save()
    if not BadBatchReport.objects.exists():
        BadBatchReport.objects.create(
            what="Blue pills sold as ecstasy, much stronger than usual.",
            where="Tampere, city centre",
            effects="Two friends had seizures and needed an ambulance.",
        )


def seed_alerts():
    """Create the demo crisis words, resources, alerts and report once."""
    crisis.seed_crisis_words()
    seed_resources()
    seed_demo_alerts()
