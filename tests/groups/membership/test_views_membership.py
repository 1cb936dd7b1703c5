"""Group list, group home, rules, leaving, and the kind 403/404 pages."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from groups.membership import actions, members
from groups.models import GroupRules, Membership


def test_group_list_shows_listed_groups_and_own_hidden_ones_only(login, group, other_group, hidden_group, member):
    html = login(member).get(reverse("groups:group-list")).content.decode()
    assert "Recovery circle" in html and "Family and friends" in html
    assert "Remembering together" not in html
    Membership.objects.create(group=hidden_group, user=member)
    assert "Remembering together" in login(member).get(reverse("groups:group-list")).content.decode()


def test_group_list_sends_anonymous_people_to_sign_in(client, group):
    response = client.get(reverse("groups:group-list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


def test_group_home_shows_members_their_role_count_and_links(login, group, member, other_member):
    response = login(member).get(reverse("groups:group-home", args=[group.slug]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "For people who use drugs or are in recovery." in html
    assert "2 members" in html and "Your role: Member" in html
    assert reverse("groups:group-rules", args=[group.slug]) in html
    assert reverse("groups:member-list", args=[group.slug]) not in html  # members do not see the list here
    assert "Quiet Member" not in html.split("</nav>", 2)[-1]  # no member names on the page


def test_group_home_links_the_member_list_when_the_group_allows_it(login, group, member):
    group.members_see_member_list = True
    group.save()
    html = login(member).get(reverse("groups:group-home", args=[group.slug])).content.decode()
    assert reverse("groups:member-list", args=[group.slug]) in html


def test_group_home_for_an_outsider_offers_to_ask_to_join_and_hides_the_count(login, group, outsider, member):
    html = login(outsider).get(reverse("groups:group-home", args=[group.slug])).content.decode()
    assert reverse("groups:join-request", args=[group.slug]) in html
    assert "1 member" not in html


def test_group_home_tells_a_professional_why_they_cannot_join(login, group, professional):
    html = login(professional).get(reverse("groups:group-home", args=[group.slug])).content.decode()
    assert "Staff can appoint you as a moderator" in html
    assert reverse("groups:join-request", args=[group.slug]) not in html


def test_group_home_asks_members_to_accept_changed_rules(login, group, member):
    GroupRules.objects.create(group=group, version=2, text="Be kind.\nNew rule.")
    html = login(member).get(reverse("groups:group-home", args=[group.slug])).content.decode()
    assert "rules have changed. Please read and accept them" in html


def test_hidden_and_absent_groups_give_the_same_404_byte_for_byte(login, group, hidden_group, outsider, member):
    for user in (outsider, member):
        client = login(user)
        for name in ("groups:group-home", "groups:group-rules", "groups:join-request", "groups:member-list"):
            hidden = client.get(reverse(name, args=[hidden_group.slug]))
            absent = client.get(reverse(name, args=["no-such-group"]))
            assert hidden.status_code == absent.status_code == 404
            assert hidden.content == absent.content
            assert b"Remembering" not in hidden.content


def test_banned_person_gets_the_same_404_as_for_an_absent_group(login, group, banned):
    client = login(banned)
    banned_page = client.get(reverse("groups:group-home", args=[group.slug]))
    absent = client.get(reverse("groups:group-home", args=["no-such-group"]))
    assert banned_page.status_code == 404 and banned_page.content == absent.content


def test_refusal_page_shows_the_sentence_with_the_next_step(login, group, outsider):
    response = login(outsider).get(reverse("groups:invitation-list", args=[group.slug]))
    assert response.status_code == 403
    assert "Ask to join, or use an invitation" in response.content.decode()


def test_group_rules_are_readable_by_applicants(login, group, applicant):
    response = login(applicant).get(reverse("groups:group-rules", args=[group.slug]))
    assert response.status_code == 200
    assert "No selling or buying." in response.content.decode()


def test_group_rules_accept_records_the_current_version_and_returns(login, group, member):
    GroupRules.objects.create(group=group, version=2, text="Be kind.\nNew rule.")
    client = login(member)
    assert "I accept these rules" in client.get(reverse("groups:group-rules", args=[group.slug])).content.decode()
    back = reverse("groups:group-home", args=[group.slug])
    response = client.post(reverse("groups:group-rules", args=[group.slug]), {"next": back})
    assert response.status_code == 302 and response["Location"] == back
    assert Membership.objects.get(user=member, group=group).rules_version_accepted == 2


def test_group_rules_accept_ignores_an_off_site_next(login, group, member):
    response = login(member).post(reverse("groups:group-rules", args=[group.slug]), {"next": "https://evil.example/"})
    assert response["Location"] == reverse("groups:group-home", args=[group.slug])


def test_group_rules_accept_by_an_outsider_says_how_to_join(login, group, outsider):
    response = login(outsider).post(reverse("groups:group-rules", args=[group.slug]))
    assert response.status_code == 403
    assert "ask to join" in response.content.decode()


def test_group_leave_asks_first_then_removes_the_membership(login, group, member):
    client = login(member)
    url = reverse("groups:group-leave", args=[group.slug])
    assert client.get(url).status_code == 200
    assert Membership.objects.filter(user=member).exists()
    response = client.post(url)
    assert response.status_code == 302
    assert not Membership.objects.filter(user=member).exists()
    assert client.get(reverse("groups:group-home", args=[group.slug])).status_code == 200  # listed: still seeable
    assert client.get(reverse("groups:member-list", args=[group.slug])).status_code == 403


def test_group_leave_refuses_outsiders(login, group, outsider):
    response = login(outsider).post(reverse("groups:group-leave", args=[group.slug]))
    assert response.status_code == 403


def test_former_member_of_a_hidden_group_sees_nothing_of_it(login, hidden_group, outsider):
    Membership.objects.create(group=hidden_group, user=outsider)
    members.leave_group(outsider, hidden_group)
    client = login(outsider)
    assert client.get(reverse("groups:group-home", args=[hidden_group.slug])).status_code == 404
    assert "Remembering together" not in client.get(reverse("groups:group-list")).content.decode()


def test_home_page_lists_my_groups_and_my_requests(login, group, other_group, member, moderator):
    other_request = actions.create_join_request(
        member, other_group, {}
    )  # other_group has no questions: accepted rules only
    html = login(member).get(reverse("home")).content.decode()
    assert "Recovery circle" in html
    assert reverse("groups:join-request-detail", args=[other_group.slug, other_request.pk]) in html


def test_muted_member_sees_until_when_on_the_group_home(login, group, muted):
    html = login(muted).get(reverse("groups:group-home", args=[group.slug])).content.decode()
    assert "You are muted until" in html
    assert timezone.now() + timedelta(days=2) > Membership.objects.get(user=muted).muted_until


def test_group_home_tells_members_and_applicants_how_long_messages_are_kept(login, group, member, applicant):
    for person in (member, applicant):
        html = login(person).get(reverse("groups:group-home", args=[group.slug])).content.decode()
        assert "Messages here are kept until their authors delete them" in html
    group.retention_days = 90
    group.save()
    for person in (member, applicant):
        html = login(person).get(reverse("groups:group-home", args=[group.slug])).content.decode()
        assert "Messages here are deleted automatically after 90 days." in html
