"""Finnish and English, ready for more languages (issue 10).

The catalogs in locale/ are compiled here (as `make test` does), so the checks
see exactly what a person would read.
"""

import gettext
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from accounts.models import User
from tests.crawl import crawl

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ["accounts", "groups", "moderation", "peersupport", "templates"]
VENDORED = ["django", "allauth"]


@pytest.fixture(scope="module")
def catalogs():
    """Compile locale/*.po and return {msgid: msgstr} of the Finnish catalog."""
    if not shutil.which("msgfmt"):
        pytest.fail("GNU gettext (msgfmt) is missing: install it, e.g. `apt-get install gettext`.")
    call_command("compilemessages", locale=["fi", "sv"], ignore_patterns=[".venv", "staticfiles"], verbosity=0)
    with override_settings(LOCALE_PATHS=settings.LOCALE_PATHS):  # drops Django's cached catalogs
        pass
    with open(ROOT / "locale/fi/LC_MESSAGES/django.mo", "rb") as mo:
        return gettext.GNUTranslations(mo)._catalog


def _vendored_finnish():
    """msgids Django and allauth already translate to Finnish themselves."""
    translated = set()
    for package in VENDORED:
        module = __import__(package)
        for mo in Path(module.__file__).parent.rglob("locale/fi/LC_MESSAGES/django.mo"):
            with open(mo, "rb") as handle:
                translated |= {key for key, value in gettext.GNUTranslations(handle)._catalog.items() if value}
    return translated


def _po_entries(text):
    """(msgid, translated?) for each entry of a .po file; fuzzy counts as not translated."""
    entries = []
    for block in text.split("\n\n"):
        fields, current = {}, None
        for line in block.splitlines():
            match = re.match(r'^(msgid|msgid_plural|msgstr(?:\[\d+\])?) "(.*)"$', line)
            if match:
                current = match.group(1)
                fields[current] = match.group(2)
            elif line.startswith('"') and current:
                fields[current] += line[1:-1]
        if fields.get("msgid"):
            strings = [value for key, value in fields.items() if key.startswith("msgstr")]
            fuzzy = re.search(r"^#,.*\bfuzzy\b", block, re.M)
            entries.append((fields["msgid"], bool(strings) and all(strings) and not fuzzy))
    return entries


def test_catalog_fi_translates_every_string_of_our_code(tmp_path, monkeypatch):
    """`makemessages -l fi` on the code as it is now leaves nothing untranslated."""
    if not shutil.which("xgettext"):
        pytest.fail("GNU gettext (xgettext) is missing: install it, e.g. `apt-get install gettext`.")
    for name in SOURCES:
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "migrations"))
    shutil.copytree(ROOT / "locale/fi", tmp_path / "locale/fi")
    monkeypatch.chdir(tmp_path)
    with override_settings(LOCALE_PATHS=[tmp_path / "locale"]):
        call_command("makemessages", locale=["fi"], no_obsolete=True, no_location=True, verbosity=0)
    entries = _po_entries((tmp_path / "locale/fi/LC_MESSAGES/django.po").read_text())
    vendored = _vendored_finnish()
    missing = [msgid for msgid, done in entries if not done and msgid.replace("%%", "%") not in vendored]
    assert len(entries) > 500
    assert not missing, "Translate these in locale/fi/LC_MESSAGES/django.po (run `make messages`):\n" + "\n".join(
        missing
    )


def test_catalog_fi_uses_no_stigmatising_words(catalogs):
    stigmatising = re.compile(r"narkomaan|narkkari|addikt|väärinkäyttäj|nisti", re.I)
    assert not [text for text in catalogs.values() if stigmatising.search(text)]


class VisibleText(HTMLParser):
    """What a person reads or hears: text, and the attributes screen readers and browsers show."""

    SHOWN_ATTRIBUTES = {"title", "aria-label", "placeholder", "alt", "value"}

    def __init__(self):
        super().__init__()
        self.parts, self.skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style"} and ("type", "application/json") not in attrs:
            self.skip += 1
        for name, value in attrs:
            if value and (name in self.SHOWN_ATTRIBUTES or name.startswith("data-t")):
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in {"script", "style"} and self.skip:
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def visible_text(html):
    """The page's own words; what members and staff wrote (demo content is in English) is left out."""
    html = re.sub(r'<div class="[^"]*\bmessage-body\b[^"]*">.*?</div>', "", html, flags=re.S)
    html = re.sub(r'<p class="authored">.*?</p>', "", html, flags=re.S)  # a survey's intro, written by staff
    html = re.sub(r"<textarea\b.*?</textarea>", "", html, flags=re.S)
    parser = VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def leftover_english(text, english):
    return sorted(phrase for phrase in english if phrase in text)


def _english_phrases(catalogs):
    """Our English strings of three words or more (no placeholders) whose Finnish differs."""
    return {
        msgid
        for msgid, msgstr in catalogs.items()
        if isinstance(msgid, str) and "%" not in msgid and len(msgid.split()) >= 3 and msgstr and msgstr != msgid
    }


# English that comes from allauth and Django rather than our catalog.
KNOWN_ENGLISH = [
    "Forgot your password?",
    "Remember Me",
    "Sign In",
    "Sign Up",
    "Already have an account?",
    "Don't have an account?",
    "This field is required.",
    "Skip to content",
    "Get help now",
]


@pytest.fixture
def demo(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)


# Every demo account, and a visitor, walks the whole demo in Finnish and in Swedish (issue 20).
JOURNEY = [
    None,
    "member@example.org",
    "moderator@example.org",
    "applicant@example.org",
    "family@example.org",
    "bereaved@example.org",
    "newcomer@example.org",
    "professional@example.org",
    "admin@example.org",
]


def _catalog(language):
    with open(ROOT / f"locale/{language}/LC_MESSAGES/django.mo", "rb") as mo:
        return gettext.GNUTranslations(mo)._catalog


@pytest.mark.parametrize("language", ["fi", "sv"])
@pytest.mark.parametrize("email", JOURNEY)
def test_demo_journey_has_no_english_left(client, demo, catalogs, email, language):
    english = _english_phrases(_catalog(language)) | set(KNOWN_ENGLISH)
    if email:
        user = User.objects.get(email=email)
        user.language = language
        user.save(update_fields=["language"])
        client.force_login(user)
    else:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    problems, pages = {}, 0
    for path, response in crawl(client):
        html = response.get("Content-Type", "").startswith("text/html")
        if response.status_code != 200 or not html or path.startswith("/" + settings.ADMIN_URL):
            continue
        pages += 1
        assert f'lang="{language}"' in response.content.decode(), path
        found = leftover_english(visible_text(response.content.decode()), english)
        if found:
            problems[path] = found
    assert pages >= 3
    assert not problems, f"English left on {language} pages: {problems}"


def test_visitor_language_follows_the_browser(client, catalogs, db):
    response = client.get(reverse("home"), headers={"accept-language": "fi"})
    assert 'lang="fi"' in response.content.decode()
    assert "Hae apua nyt" in response.content.decode()


def test_visitor_chooses_swedish_with_the_selector(client, catalogs, db):
    response = client.post(reverse("set_language"), {"language": "sv", "next": reverse("crisis-help")})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "sv"
    page = client.get(reverse("crisis-help")).content.decode()
    assert 'lang="sv"' in page
    assert "Få hjälp nu" in page


def test_language_selector_refuses_to_redirect_off_site(client, db):
    response = client.post(reverse("set_language"), {"language": "fi", "next": "https://evil.example.com/"})
    assert response.status_code == 302
    assert "evil.example.com" not in response["Location"]


def test_language_selector_saves_a_members_choice(login, member, catalogs):
    client = login(member)
    client.post(reverse("set_language"), {"language": "fi", "next": "/"})
    member.refresh_from_db()
    assert member.language == "fi"


def test_language_selector_ignores_languages_we_do_not_offer(login, member):
    client = login(member)
    client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    member.refresh_from_db()
    assert member.language == ""


def test_members_saved_language_wins_over_browser(login, member, catalogs):
    member.language = "fi"
    member.save(update_fields=["language"])
    client = login(member)
    page = client.get(reverse("home"), headers={"accept-language": "en"}).content.decode()
    assert 'lang="fi"' in page
    assert "Kirjaudu ulos" in page


def test_member_without_saved_language_follows_browser(login, member, catalogs):
    client = login(member)
    page = client.get(reverse("home"), headers={"accept-language": "fi"}).content.decode()
    assert 'lang="fi"' in page


def test_sign_in_switches_to_members_language(client, member, catalogs):
    member.set_password("a-long-test-password")
    member.language = "fi"
    member.save()
    response = client.post(
        reverse("account_login"),
        {"login": member.email, "password": "a-long-test-password"},
        headers={"accept-language": "en"},
    )
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fi"


def test_sign_in_page_is_finnish_for_finnish_browser(client, catalogs, db):
    page = client.get(reverse("account_login"), headers={"accept-language": "fi"}).content.decode()
    text = visible_text(page)
    assert "Kirjaudu sisään" in text
    assert not leftover_english(text, KNOWN_ENGLISH)


def test_dates_are_localized_in_finnish(catalogs):
    from datetime import date

    from django.template import Context, Template

    with translation.override("fi"):
        rendered = Template("{{ day|date }}").render(Context({"day": date(2026, 3, 5)}))
    assert rendered == "5.3.2026"  # peersupport/formats/fi: the numeric form a Finnish organisation uses


def test_crisis_help_shows_finnish_resources_in_finnish(client, catalogs, db):
    from moderation.alerts.demo import seed_resources
    from moderation.models import CrisisResource

    seed_resources()
    finnish = CrisisResource.objects.filter(language="fi", active=True).first()
    english = CrisisResource.objects.filter(language="en", active=True).exclude(name=finnish.name).first()
    page = client.get(reverse("crisis-help"), headers={"accept-language": "fi"}).content.decode()
    assert finnish.name in page
    assert english is None or english.name not in page


def test_crisis_resources_fall_back_to_english(catalogs, db):
    from moderation.alerts.crisis import resources_for
    from moderation.alerts.demo import seed_resources

    seed_resources()
    assert {resource.language for resource in resources_for("sv") or resources_for("en")} <= {"sv", "en"}
    assert resources_for("de") == resources_for("en")


def test_crisis_words_exist_in_finnish(db):
    from moderation.alerts.crisis import CRISIS_WORDS

    assert {language for _pattern, language in CRISIS_WORDS} >= {"en", "fi"}


def test_every_offered_language_has_a_catalog():
    for code, _name in settings.LANGUAGES:
        if code != settings.LANGUAGE_CODE:
            assert (ROOT / f"locale/{code}/LC_MESSAGES/django.po").exists(), code


def test_notification_email_is_in_members_language(catalogs, member):
    from accounts.notifications.email import render_email

    member.language = "fi"
    member.save(update_fields=["language"])
    message = render_email(member, [])
    assert message.subject == "Sinulle on uutta toimintaa"
    assert "Hei," in message.body


def test_makefile_compiles_catalogs_before_tests_and_run():
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^test: .*compilemessages", makefile, re.M)
    assert re.search(r"^run: .*compilemessages", makefile, re.M)
    assert re.search(r"^messages:", makefile, re.M)
    result = subprocess.run(["make", "-n", "messages"], cwd=ROOT, capture_output=True, text=True)
    assert "makemessages" in result.stdout


def _socket_app():
    from channels.routing import URLRouter

    from accounts.language import SocketLanguageMiddleware
    from groups.routing import websocket_urlpatterns

    return SocketLanguageMiddleware(URLRouter(websocket_urlpatterns))


async def _bad_frame_error(user, headers=()):
    import json

    from channels.testing import WebsocketCommunicator

    comm = WebsocketCommunicator(_socket_app(), "/ws/groups/recovery-circle/", headers=list(headers))
    comm.scope["user"] = user
    connected, _code = await comm.connect()
    assert connected
    await comm.send_to(text_data="{not json")
    while True:
        frame = json.loads(await comm.receive_from(timeout=2))
        if frame["type"] == "error":
            await comm.disconnect()
            return frame["message"]


@pytest.mark.django_db(transaction=True)
async def test_socket_errors_use_members_saved_language(settings, catalogs, member):
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    member.language = "fi"
    await member.asave(update_fields=["language"])
    assert await _bad_frame_error(member) == "Kehys ei ollut kelvollinen. Lataa sivu uudelleen."


@pytest.mark.django_db(transaction=True)
async def test_socket_errors_follow_the_browser_without_saved_language(settings, catalogs, member):
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    message = await _bad_frame_error(member, headers=[(b"accept-language", b"fi-FI,fi;q=0.9")])
    assert message == "Kehys ei ollut kelvollinen. Lataa sivu uudelleen."
    assert await _bad_frame_error(member) == "That was not a valid frame. Reload the page."
