"""Journey 1: a newcomer opens an invitation link, signs up with a pseudonym, verifies the e-mail,
answers the questions, accepts the rules and waits; a moderator in another browser approves from
the queue; the newcomer's page shows the group. And the way in without an invitation: asking from
the group's page."""

import re

import pytest

from groups.addresses import code_for
from groups.models import Invitation, Membership

from .helpers import check_page, sign_in_by_keyboard, tab_to, use_skip_link

pytestmark = pytest.mark.browser
NEW_PASSWORD = "a-long-and-quiet-evening-7"


def _sign_up_by_keyboard(page, server, email, pseudonym):
    if "/accounts/signup/" not in page.url:
        tab_to(page, page.locator("#main").get_by_role("link", name="Create an account"))
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(r"/accounts/signup/"))
    check_page(page, "signup")
    use_skip_link(page)
    for name, value in [("display_name", pseudonym), ("email", email), ("password1", NEW_PASSWORD)]:
        tab_to(page, page.locator(f"input[name={name}]"))
        page.keyboard.type(value)
    if page.locator("input[name=password2]").count():
        tab_to(page, page.locator("input[name=password2]"))
        page.keyboard.type(NEW_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/accounts/confirm-email/"))
    check_page(page, "verify-email-sent")
    link = _confirmation_link(server, email)
    page.goto(link)
    page.get_by_role("button", name="Yes, this is my address").press("Enter")
    page.wait_for_url(lambda url: "confirm-email" not in url)
    if "/accounts/login/" in page.url:  # confirmed; allauth asks to sign in once more
        sign_in_by_keyboard(page, email, NEW_PASSWORD)


def _confirmation_link(server, email):
    for text in reversed(server.mails()):
        if email in text:
            found = re.search(r"http://127\.0\.0\.1:\d+/accounts/confirm-email/[^\s]+", text)
            if found:
                return found.group(0)
    raise AssertionError(f"no confirmation e-mail for {email}")


def test_join_newcomer_asking_from_the_group_page_is_approved_by_a_moderator(browse, server, group, moderator):
    newcomer = browse()
    newcomer.goto(f"/groups/{group.slug}/")
    check_page(newcomer, "sign-in")
    _sign_up_by_keyboard(newcomer, server, "newcomer@example.net", "New Leaf")

    newcomer.goto(f"/groups/{group.slug}/join/")
    check_page(newcomer, "join-form")
    use_skip_link(newcomer)
    for field in newcomer.locator("textarea[name^=answer_]").all():
        tab_to(newcomer, field)
        newcomer.keyboard.type("I want to talk with people who understand.")
    tab_to(newcomer, newcomer.locator("input[name=accept_rules]"))
    newcomer.keyboard.press("Space")
    tab_to(newcomer, newcomer.get_by_role("button", name="Send my request"))
    newcomer.keyboard.press("Enter")
    newcomer.wait_for_url(re.compile(r"/requests/\d+/(#main)?$"))
    assert newcomer.get_by_text("Your request is waiting for a moderator").is_visible()
    check_page(newcomer, "join-waiting")

    mod = browse(moderator)
    mod.goto(f"/moderation/{group.slug}/")
    check_page(mod, "moderation-queue")
    mod.get_by_role("link", name="Join request from New Leaf").click()
    assert mod.get_by_text("I want to talk with people who understand.").first.is_visible()
    check_page(mod, "join-request-moderator")
    mod.get_by_label("Welcome them in").check()
    mod.get_by_role("button", name="Save the decision").click()
    assert mod.get_by_text("New Leaf is now a member.").is_visible()

    newcomer.reload()
    newcomer.get_by_role("link", name="Go to the group").click()
    newcomer.wait_for_url(re.compile(rf"/groups/{code_for(group.slug)}/(#main)?$"))
    assert newcomer.get_by_role("heading", name=group.name).first.is_visible()
    assert Membership.objects.filter(group=group, user__display_name="New Leaf").exists()
    check_page(newcomer, "group-home")


def test_join_invitation_link_leads_through_sign_up_and_vetting_into_the_group(browse, server, group, moderator):
    mod = browse(moderator)
    mod.goto(f"/groups/{group.slug}/invitations/new/")
    check_page(mod, "invitation-form")
    mod.get_by_role("button", name="Make the link").click()
    url = mod.locator("#invitation-link").input_value()
    assert url.startswith(server.url + "/groups/invite/")
    assert Invitation.objects.filter(group=group).count() == 1

    # The newcomer opens the link, signs up with a pseudonym and verifies the e-mail (same browser: signed in).
    newcomer = browse()
    newcomer.goto(url)
    # Sign-up first (an invitee almost certainly has no account), with the invitation said to be kept.
    newcomer.wait_for_url(re.compile(r"/accounts/signup/"))
    assert newcomer.get_by_text("your invitation is kept while you do").is_visible()
    check_page(newcomer, "invitation-sign-up")
    # The token was in the fragment: the page posted it and took it out of the address bar and history.
    token = url.split("#", 1)[1]
    assert "/groups/invite/#" in url and token not in newcomer.url
    newcomer.go_back()
    assert token not in newcomer.url
    newcomer.go_forward()
    _sign_up_by_keyboard(newcomer, server, "invited@example.net", "Invited Iris")
    # Confirming the e-mail in the same browser leads straight back to the invitation.
    newcomer.wait_for_url(re.compile(r"/groups/invite/continue/"))
    check_page(newcomer, "invitation-join-form")
    use_skip_link(newcomer)

    # Answers the questions, accepts the rules, and waits.
    for field in newcomer.locator("textarea[name^=answer_]").all():
        tab_to(newcomer, field)
        newcomer.keyboard.type("A friend told me about this group.")
    tab_to(newcomer, newcomer.locator("input[name=accept_rules]"))
    newcomer.keyboard.press("Space")
    tab_to(newcomer, newcomer.get_by_role("button", name="Send my request"))
    newcomer.keyboard.press("Enter")
    newcomer.wait_for_url(re.compile(rf"/groups/{code_for(group.slug)}/(#main)?$"))
    assert newcomer.get_by_text("A moderator will read your answers soon").is_visible()
    assert newcomer.get_by_text("Your request to join is waiting for a moderator.").is_visible()
    assert not Membership.objects.filter(group=group, user__display_name="Invited Iris").exists()
    assert Invitation.objects.get(group=group).uses == 1
    check_page(newcomer, "invitation-waiting")

    # A moderator in a second browser context approves from the queue.
    mod.goto(f"/moderation/{group.slug}/")
    assert mod.get_by_text("Invited; wants to join").first.is_visible()
    mod.get_by_role("link", name="Join request from Invited Iris").click()
    assert mod.get_by_text("A friend told me about this group.").first.is_visible()
    assert mod.get_by_text("an invitation").is_visible()
    mod.get_by_label("Welcome them in").check()
    mod.get_by_role("button", name="Save the decision").click()
    assert mod.get_by_text("Invited Iris is now a member.").is_visible()

    # The newcomer's page shows the group.
    newcomer.reload()
    assert newcomer.get_by_role("heading", name=group.name).first.is_visible()
    assert newcomer.get_by_text("Your role: Member").is_visible()
    assert not newcomer.get_by_text("Your request to join is waiting for a moderator.").count()
    assert Membership.objects.filter(group=group, user__display_name="Invited Iris").exists()
    check_page(newcomer, "invitation-group-home")
