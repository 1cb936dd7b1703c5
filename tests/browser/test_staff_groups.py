"""Staff make a group without the Django admin: a bilingual (Finnish and English) hidden, invitation-only
bereavement group with rules in both languages, its impossible combination refused in words on the way, and
a professional appointed as its moderator; a member of the group then reads the rules in English and is told
that a professional moderates it. At 390x844 and 1280x800, axe-clean."""

import re

import pytest

from groups.models import Group, Membership

from .helpers import check_page

pytestmark = pytest.mark.browser


def test_staff_create_a_bilingual_hidden_group_and_appoint_its_moderator_without_the_admin(
    browse, staff, professional, outsider
):
    desk = browse(staff)
    desk.allowed_errors.append("status of 400")  # the refused form answers 400 Bad Request, as it should
    visited = []
    desk.on("request", lambda request: visited.append(request.url))
    desk.goto("/groups/staff/")
    check_page(desk, "staff-dashboard")
    desk.get_by_role("link", name="New group").click()
    desk.wait_for_url(re.compile(r"/groups/staff/new/"))
    check_page(desk, "staff-group-new")

    desk.get_by_role("textbox", name=re.compile("^Name")).fill("Muistamme yhdessä")
    desk.get_by_role("textbox", name=re.compile("^Description")).fill(
        "Läheisensä huumeisiin menettäneille. For people bereaved by drugs."
    )
    desk.get_by_label("People who lost someone to drugs").check()
    desk.get_by_label("Hidden: invisible to everyone outside it").check()
    desk.get_by_label("Invitation or request", exact=True).check()
    desk.get_by_role("combobox", name=re.compile("^Main language")).select_option("fi")
    desk.get_by_role("checkbox", name="English", exact=True).check()
    desk.get_by_role("textbox", name="Rules in Finnish", exact=True).fill("Ole lempeä.\nPidä nimet omana tietonasi.")
    desk.get_by_role("textbox", name="Rules in English", exact=True).fill("Be gentle.\nKeep names private.")
    desk.get_by_role("textbox", name="Questions for people who ask to join, in Finnish", exact=True).fill(
        "Kenet menetit?"
    )
    desk.get_by_role("textbox", name="Questions for people who ask to join, in English", exact=True).fill(
        "Whom did you lose?"
    )
    desk.get_by_role("button", name="Create the group").click()
    desk.get_by_text("nobody outside it can find it to ask").wait_for()
    check_page(desk, "staff-group-refused")
    assert not Group.objects.filter(name="Muistamme yhdessä").exists()

    desk.get_by_label("Invitation only", exact=True).check()
    desk.get_by_role("button", name="Create the group").click()
    desk.get_by_text("The group Muistamme yhdessä is created.").wait_for()
    check_page(desk, "staff-moderators-empty")
    group = Group.objects.get(name="Muistamme yhdessä")
    assert (group.kind, group.visibility, group.join_policy, group.languages) == (
        "bereavement",
        "hidden",
        "invitation",
        ["fi", "en"],
    )

    desk.get_by_role("textbox", name=re.compile("^Pseudonym of the person to appoint")).fill(professional.display_name)
    desk.get_by_role("button", name="Appoint").click()
    desk.get_by_text(f"{professional.display_name} is now a moderator.").wait_for()
    row = desk.locator("#moderators li", has_text=professional.display_name)
    assert row.locator(".role-badge").all_inner_texts() == ["Moderator", "Professional"]
    check_page(desk, "staff-moderators")
    assert Membership.objects.get(group=group, user=professional).role == "moderator"
    assert not [url for url in visited if "/admin/" in url]

    Membership.objects.create(group=group, user=outsider, rules_version_accepted=1)
    reader = browse(outsider)
    reader.goto(f"/groups/{group.slug}/rules/")
    reader.get_by_text("Keep names private.").wait_for()
    assert reader.get_by_text("Pidä nimet omana tietonasi.").count() == 0
    reader.goto(f"/groups/{group.slug}/")
    notice = reader.locator("#professional-moderators")
    assert professional.display_name in notice.inner_text()
    check_page(reader, "group-home-professional-moderator")
