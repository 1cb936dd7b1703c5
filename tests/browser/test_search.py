"""Search at 390x844 and 1280x800: a member finds a message of their group from the main navigation and from
the group's own page, and nothing from a group they are not in."""

import re

import pytest

from tests.browser.helpers import check_page
from tests.groups.search.helpers import post

pytestmark = pytest.mark.browser


def _open_main_search(page):
    toggler = page.get_by_role("button", name="Menu")
    if toggler.is_visible():
        toggler.click()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Search", exact=True).click()
    page.wait_for_url(re.compile(r"/groups/search/$"))


def _search(page, words):
    page.get_by_label("Search for").fill(words)
    page.get_by_role("button", name="Search", exact=True).click()
    page.locator("#search-results").wait_for()


def test_a_member_finds_their_groups_message_and_nothing_from_another_group(
    browse, group, other_group, member, owner, other_group_member
):
    mine = post(group, owner, "The naloxone training is on Tuesday at the drop-in centre.")
    post(other_group, other_group_member, "Naloxone kits are free at the pharmacy on Fridays.")
    page = browse(member)
    page.goto("/")
    _open_main_search(page)
    _search(page, "naloxone")
    results = page.locator("#search-results")
    results.get_by_text("training is on Tuesday").wait_for()
    assert results.locator("mark", has_text="naloxone").count() >= 1
    assert "pharmacy" not in results.inner_text()
    assert "naloxone" not in page.url  # the words stay out of the address bar and the history

    check_page(page, "search-results")

    results.get_by_role("link", name="Chat").click()
    page.locator(f"#m{mine.pk}").wait_for()

    page.goto(f"/groups/{group.slug}/")
    page.get_by_role("navigation", name="In this group").get_by_role("link", name="Search").click()
    page.get_by_role("heading", name=f"Search in {group.name}").wait_for()
    _search(page, "pharmacy")
    page.get_by_text("Nothing found").wait_for()
    check_page(page, "search-group-nothing")
