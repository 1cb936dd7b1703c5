"""Crisis support: the built-in crisis words and help resources, and the kind prompt.

Every install has them: migration 0003_distress installs the lists below
(staff edit them in the admin afterwards) and `seed_demo` only tops them up,
never duplicating. Crisis words never block a message: the pipeline
publishes it, flags it as urgent for the group's moderators and tells the
author's page to show the prompt. Most distress is found by
moderation/distress/ (stems, indirect phrases, negation, idioms); the crisis
words are the explicit triggers staff can add to.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import get_language

from moderation.models import WatchedWord
from peersupport.process_copies import ProcessCopies

from .models import CrisisResource

resource_copies = ProcessCopies("crisis-resources").watch(CrisisResource)

FALLBACK_LANGUAGE = "en"

# (pattern, language): first-person crisis phrases, matched as whole words
# in any case and in every message (people mix languages). A match that is
# negated ("I would never kill myself") or about someone else is skipped.
CRISIS_WORDS = [
    ("kill myself", "en"),
    ("end my life", "en"),
    ("want to die", "en"),
    ("don't want to live", "en"),
    ("I can't go on", "en"),
    ("tappaa itseni", "fi"),
    ("tapan itseni", "fi"),
    ("haluan kuolla", "fi"),
    ("en halua elää", "fi"),
    ("en jaksa enää", "fi"),
    ("jag vill dö", "sv"),
    ("ta livet av mig", "sv"),
    ("jag orkar inte längre", "sv"),
]

BUILTIN_PATTERNS = frozenset(pattern for pattern, _language in CRISIS_WORDS)

# Informational words: talked about every day in family and bereavement
# groups, so never urgent on their own (see distress.informational_is_urgent).
INFORMATIONAL_WORDS = [
    ("overdose", "en"),
    ("overdosed", "en"),
    ("suicide", "en"),
    ("suicidal", "en"),
    ("naloxone", "en"),
    ("yliannostus", "fi"),
    ("yliannostuksen", "fi"),
    ("itsemurha", "fi"),
    ("itsetuho", "fi"),
    ("naloksoni", "fi"),
    ("överdos", "sv"),
    ("självmord", "sv"),
    ("naloxon", "sv"),
]

# Crisis words of earlier versions that are informational: migration 0003
# turns these rows (global, plain words) into INFO rows.
FORMER_CRISIS_WORDS = [
    "overdose",
    "overdosed",
    "suicide",
    "suicidal",
    "yliannostus",
    "yliannostuksen",
    "itsemurha",
    "itsetuho",
]
# Descriptions of earlier versions ended with this note; it belongs in the admin only.
FORMER_VERIFY_NOTE = " (Tarkista ennen käyttöä / verify before use.)"

# language, area, name, phone, url, description. Real Finnish services as
# known when written (mieli.fi/helpline, 2026); the admin tells staff to
# verify each entry, and the public page shows them without that note.
CRISIS_RESOURCES = [
    ("fi", "", "Hätänumero", "112", "", "Hengenvaara, yliannostus, tapaturma. Soita heti."),
    (
        "fi",
        "",
        "MIELI ry:n Kriisipuhelin",
        "09 2525 0111",
        "https://mieli.fi",
        "Keskusteluapua kriisissä, myös itsetuhoisissa ajatuksissa. Päivystää ympäri vuorokauden.",
    ),
    (
        "fi",
        "",
        "Myrkytystietokeskus",
        "0800 147 111",
        "",
        "Neuvoo myrkytysten ja yliannostusten ensiavussa. Hätätilanteessa soita 112.",
    ),
    (
        "fi",
        "",
        "Päihdelinkki (A-klinikkasäätiö)",
        "",
        "https://paihdelinkki.fi",
        "Tietoa päihteistä, nimetöntä neuvontaa ja vertaistukea verkossa.",
    ),
    (
        "fi",
        "",
        "Irti Huumeista ry",
        "",
        "https://irtihuumeista.fi",
        "Tukea huumeita käyttävien läheisille: puhelin- ja chat-palvelu sekä vertaisryhmät.",
    ),
    (
        "en",
        "Finland",
        "Emergency number",
        "112",
        "",
        "Danger to life, overdose, accident. Call at once. You can speak English with the operator.",
    ),
    (
        "en",
        "Finland",
        "MIELI Crisis Helpline in English",
        "09 2525 0116",
        "https://mieli.fi/en/support-and-help/crisis-helpline/",
        "Talk to a trained crisis worker in English, anonymously. Open on set days and hours; the Finnish "
        "line 09 2525 0111 answers around the clock.",
    ),
    (
        "en",
        "Finland",
        "Poison Information Centre",
        "0800 147 111",
        "",
        "Advice on first aid for poisoning and overdose. In an emergency call 112.",
    ),
    ("sv", "Finland", "Nödnumret", "112", "", "Livsfara, överdos, olycka. Ring genast."),
    (
        "sv",
        "Finland",
        "MIELI Kristelefon på svenska",
        "09 2525 0112",
        "https://mieli.fi/sv/",
        "Samtalsstöd i kris, också vid självmordstankar. Öppen vissa dagar och tider; den finska linjen "
        "09 2525 0111 svarar dygnet runt.",
    ),
    (
        "sv",
        "Finland",
        "Giftinformationscentralen",
        "0800 147 111",
        "",
        "Råd om första hjälp vid förgiftning och överdos. I en nödsituation ring 112.",
    ),
]


def install(watched_word_model=WatchedWord, resource_model=CrisisResource):
    """Create the built-in crisis words, informational words and resources that are missing.

    Idempotent (get_or_create on the natural keys). The migration passes its
    historical models; `seed_demo` calls it with the live ones.
    """
    for action, words in (("crisis", CRISIS_WORDS), ("info", INFORMATIONAL_WORDS)):
        for pattern, language in words:
            watched_word_model.objects.get_or_create(
                pattern=pattern, group=None, is_regex=False, action=action, defaults={"language": language}
            )
    for position, (language, area, name, phone, url, description) in enumerate(CRISIS_RESOURCES):
        resource_model.objects.get_or_create(
            language=language,
            name=name,
            defaults={"area": area, "phone": phone, "url": url, "description": description, "position": position},
        )


def seed_crisis_words():
    """Kept for `seed_demo` and older callers: installs the built-in words and resources once."""
    install()


def resources_for(language=None):
    """Active resources for `language` (the current one by default), else the English ones: from this process's
    copy while no resource changed anywhere (peersupport/process_copies.py; the database while Redis is down)."""
    code = (language or get_language() or FALLBACK_LANGUAGE).split("-")[0]
    return list(resource_copies.get(code, lambda: _read_resources(code)))


def _read_resources(code):
    resources = list(CrisisResource.objects.filter(language=code, active=True))
    if not resources and code != FALLBACK_LANGUAGE:
        resources = list(CrisisResource.objects.filter(language=FALLBACK_LANGUAGE, active=True))
    return tuple(resources)


def prompt_language(language=None):
    """The language to speak in the prompt: the message's when it is one we have, else the page's."""
    codes = {code for code, _name in settings.LANGUAGES}
    return language if language in codes else (get_language() or FALLBACK_LANGUAGE).split("-")[0]


def prompt_html(language=None):
    """The kind help prompt as HTML, in the message's `language` where we can tell it."""
    code = prompt_language(language)
    with translation.override(code):
        return render_to_string("moderation/_crisis_prompt.html", {"crisis_language": code})
