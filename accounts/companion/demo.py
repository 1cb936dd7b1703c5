"""Demo information pages for `seed_demo` (clearly marked as demo text; idempotent).

Real installs write their own pages (staff: Companion → Information → New page). Production never runs
seed_demo, so nothing here is needed for the service to work.
"""

from .models import InfoPage

SLUG = "demo-about-tapering"
PAGES = {
    "en": (
        "Tapering off substitution treatment (demo text)",
        "**Demo text**: an example only, to be replaced by the service's own words.\n\n"
        "Many people in opioid substitution treatment think about lowering their dose one day. It usually goes "
        "best in small steps, agreed with the clinic, with room to pause or go back a step.\n\n"
        "- Changes in sleep and mood are common in the first weeks of a new step.\n"
        "- Pausing is part of the plan, not a failure.\n"
        "- Your clinic can help if withdrawal feels hard.",
    ),
    "fi": (
        "Korvaushoidon annoksen pienentäminen (esimerkkiteksti)",
        "**Esimerkkiteksti**: vain malli, jonka palvelu korvaa omalla tekstillään.\n\n"
        "Moni opioidikorvaushoidossa oleva miettii jossain vaiheessa annoksen pienentämistä. Yleensä se sujuu "
        "parhaiten pienin askelin, klinikan kanssa sopien, ja niin että välillä voi pitää taukoa tai palata "
        "askeleen taaksepäin.\n\n"
        "- Uni ja mieliala vaihtelevat usein uuden askeleen alussa.\n"
        "- Tauko kuuluu suunnitelmaan, se ei ole epäonnistuminen.\n"
        "- Klinikka auttaa, jos vieroitusoireet tuntuvat raskailta.",
    ),
    "sv": (
        "Att trappa ner substitutionsbehandlingen (demotext)",
        "**Demotext**: bara ett exempel, som tjänsten ersätter med sin egen text.\n\n"
        "Många i opioidsubstitutionsbehandling funderar någon gång på att sänka dosen. Oftast går det bäst i "
        "små steg, i samråd med mottagningen, med utrymme att pausa eller gå tillbaka ett steg.\n\n"
        "- Sömn och humör förändras ofta i början av ett nytt steg.\n"
        "- En paus är en del av planen, inget misslyckande.\n"
        "- Mottagningen kan hjälpa om abstinensen känns tung.",
    ),
}


def seed_companion():
    """Create the demo information pages once (one per language)."""
    pages = []
    for language, (title, body) in PAGES.items():
        page, _ = InfoPage.objects.get_or_create(
            language=language, slug=SLUG, defaults={"title": title, "body": body, "is_demo": True}
        )
        pages.append(page)
    return pages
