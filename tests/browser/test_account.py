"""Journey 6: a member deletes the account; their other open page is signed out and its socket closed."""

import re

import pytest

from accounts.models import User

from .helpers import check_page, sign_in_by_keyboard, tab_to, use_skip_link

pytestmark = pytest.mark.browser


def test_account_deletion_signs_out_the_other_open_page(browse, group, member, password):
    phone = browse(member)
    phone.goto(f"/groups/{group.slug}/chat/")
    phone.locator("#chat-status", has_text=re.compile("^Live$")).wait_for()

    laptop = browse()
    sign_in_by_keyboard(laptop, member.email, password)
    laptop.goto("/account/delete/")
    check_page(laptop, "account-delete")
    use_skip_link(laptop)
    tab_to(laptop, laptop.get_by_label(re.compile("Keep my messages")))
    laptop.keyboard.press("Space")
    tab_to(laptop, laptop.get_by_label("Your password"))
    laptop.keyboard.type(password)
    tab_to(laptop, laptop.get_by_role("button", name="Delete my account now"))
    laptop.keyboard.press("Enter")
    laptop.wait_for_url(lambda url: "/account/delete/" not in url)
    assert not User.objects.filter(pk=member.pk).exists()

    # Closed for good (4410: the account was deleted), never a reconnect loop.
    phone.locator("#chat-status", has_text="This account was deleted").wait_for()
    assert phone.locator("#chat-form button").is_disabled()
    phone.reload()
    assert "/accounts/login/" in phone.url
