"""Staff's group pages: creating a bilingual group, the impossible combinations refused in words, moderators
appointed and removed through the logged actions, and everyone else refused (the matrix has every role)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from groups.membership import members
from groups.models import Group, GroupRules, Membership
from moderation.models import ModerationLog
from tests.factories import with_totp

pytestmark = pytest.mark.django_db


def _data(**overrides):
    data = {
        "name": "Muistamme yhdessä",
        "description": "Läheisensä huumeisiin menettäneille.",
        "kind": "bereavement",
        "visibility": "hidden",
        "join_policy": "invitation",
        "main_language": "fi",
        "other_languages": ["en"],
        "rules_fi": "Ole lempeä.\nPidä nimet omana tietonasi.",
        "rules_en": "Be gentle.\nKeep names private.",
        "questions_fi": "Kenet menetit?",
        "questions_en": "Whom did you lose?",
    }
    data.update(overrides)
    return data


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def test_staff_create_a_bilingual_hidden_invitation_only_bereavement_group(staff_client, staff):
    response = staff_client.post(reverse("groups:staff-group-create"), _data())
    group = Group.objects.get(name="Muistamme yhdessä")
    assert response.status_code == 302
    assert response.url == reverse("groups:staff-moderators", args=[group.slug])
    assert (group.kind, group.visibility, group.join_policy) == ("bereavement", "hidden", "invitation")
    assert group.languages == ["fi", "en"]
    assert group.language == ""  # search: a mix of languages, matched word by word
    assert group.slug == "muistamme-yhdessa"
    rules = {r.language: (r.version, r.text) for r in GroupRules.objects.filter(group=group)}
    assert rules == {
        "fi": (1, "Ole lempeä.\nPidä nimet omana tietonasi."),
        "en": (1, "Be gentle.\nKeep names private."),
    }
    assert [q.text for q in group.questions_in("en")] == ["Whom did you lose?"]
    assert ModerationLog.objects.filter(group=group, actor=staff, action="group_created").exists()


def test_readers_get_rules_and_questions_in_their_language_or_the_groups_first(staff_client):
    staff_client.post(reverse("groups:staff-group-create"), _data())
    group = Group.objects.get(name="Muistamme yhdessä")
    assert group.current_rules("en").text.startswith("Be gentle")
    assert group.current_rules("fi").text.startswith("Ole lempeä")
    assert group.current_rules("sv").text.startswith("Ole lempeä")  # Swedish is not one of its languages
    with translation.override("sv"):
        assert [q.text for q in group.questions_in()] == ["Kenet menetit?"]


def test_hidden_with_requests_is_refused_with_a_sentence(staff_client):
    response = staff_client.post(reverse("groups:staff-group-create"), _data(join_policy="request"))
    assert response.status_code == 400
    assert "nobody outside it can find it to ask" in response.content.decode()
    assert not Group.objects.filter(name="Muistamme yhdessä").exists()


def test_rules_in_a_language_the_group_lacks_and_uneven_questions_are_refused(staff_client):
    response = staff_client.post(
        reverse("groups:staff-group-create"), _data(rules_sv="Var snäll.", questions_en="Whom did you lose?\nWhen?")
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Swedish is not one of the group&#x27;s languages" in page
    assert "Ask the same questions in each language" in page


def test_a_ticked_language_needs_its_rules(staff_client):
    response = staff_client.post(reverse("groups:staff-group-create"), _data(rules_en=""))
    assert response.status_code == 400
    assert "Write the group&#x27;s rules in this language too (English)" in response.content.decode()


def test_editing_publishes_a_new_rules_version_only_when_a_text_changed(staff_client, hidden_group):
    url = reverse("groups:staff-group-edit", args=[hidden_group.slug])
    same = _data(name=hidden_group.name, main_language="en", other_languages=[], rules_en="Be gentle.", rules_fi="")
    same.update(questions_fi="", questions_en="")
    assert staff_client.post(url, same).status_code == 302
    assert list(hidden_group.rules.values_list("version", flat=True)) == [1]
    staff_client.post(url, {**same, "other_languages": ["fi"], "rules_fi": "Ole lempeä."})
    hidden_group.refresh_from_db()
    assert hidden_group.languages == ["en", "fi"]
    assert sorted(hidden_group.rules.filter(version=2).values_list("language", flat=True)) == ["en", "fi"]


def test_staff_appoint_a_professional_and_the_log_keeps_it(staff_client, staff, hidden_group, professional):
    url = reverse("groups:staff-moderators", args=[hidden_group.slug])
    response = staff_client.post(url, {"pseudonym": professional.display_name.upper()})
    assert response.status_code == 302
    assert Membership.objects.get(group=hidden_group, user=professional).role == "moderator"
    assert ModerationLog.objects.filter(group=hidden_group, action="role_moderator", target_user=professional).exists()
    page = staff_client.get(url).content.decode()
    assert professional.display_name in page and "Professional" in page


def test_a_professional_who_steps_down_leaves_the_group_a_peer_stays_a_member(
    staff_client, group, moderator, professional
):
    Membership.objects.create(group=group, user=professional, role="moderator")
    for person in (professional, moderator):
        url = reverse("groups:staff-moderator-remove", args=[group.slug, person.pk])
        assert staff_client.post(url, {"reason": "Rota change."}).status_code == 302
    assert not Membership.objects.filter(group=group, user=professional).exists()
    assert Membership.objects.get(group=group, user=moderator).role == "member"
    actions = set(ModerationLog.objects.filter(group=group).values_list("action", flat=True))
    assert {"member_removed", "role_member"} <= actions


def test_an_unknown_pseudonym_is_said_plainly(staff_client, group):
    response = staff_client.post(reverse("groups:staff-moderators", args=[group.slug]), {"pseudonym": "Nobody Here"})
    assert response.status_code == 400
    assert "Nobody has this pseudonym" in response.content.decode()


def test_owners_moderators_and_outsiders_are_refused(client, owner, outsider, hidden_group):
    client.force_login(owner)
    assert client.get(reverse("groups:staff-group-create")).status_code == 403
    assert client.post(reverse("groups:staff-group-create"), _data()).status_code == 403
    assert client.get(reverse("groups:staff-group-edit", args=[owner.memberships.get().group.slug])).status_code == 403
    client.force_login(outsider)
    assert client.get(reverse("groups:staff-group-edit", args=[hidden_group.slug])).status_code == 404
    assert not Group.objects.filter(name="Muistamme yhdessä").exists()


def test_staff_without_a_second_factor_are_told_how_to_set_it_up(client, staff, two_factor_required):
    client.force_login(staff)
    response = client.get(reverse("groups:staff-dashboard"))
    assert response.status_code == 403
    assert "two-factor" in response.content.decode()
    with_totp(staff)
    assert client.get(reverse("groups:staff-dashboard")).status_code == 200


def test_the_navigation_offers_staff_their_pages_and_nobody_else(client, staff, member):
    client.force_login(member)
    assert reverse("groups:staff-dashboard") not in client.get(reverse("groups:group-list")).content.decode()
    client.force_login(staff)
    assert reverse("groups:staff-dashboard") in client.get(reverse("groups:group-list")).content.decode()


def test_a_moderator_of_a_bilingual_group_publishes_each_version_in_both_languages(client, group, moderator):
    group.languages = ["fi", "en"]
    group.save()
    client.force_login(moderator)
    url = reverse("groups:rules-edit", args=[group.slug])
    page = client.get(url).content.decode()
    assert "Rules (Finnish)" in page and "Rules (English)" in page
    refused = client.post(url, {"text": "Ole ystävällinen."})
    assert "Please fill this in." in refused.content.decode()
    assert not group.rules.filter(version=2).exists()
    assert client.post(url, {"text": "Ole ystävällinen.", "text_en": "Be kind."}).status_code == 302
    assert dict(group.rules.filter(version=2).values_list("language", "text")) == {
        "fi": "Ole ystävällinen.",
        "en": "Be kind.",
    }
    questions = reverse("groups:questions-edit", args=[group.slug])
    client.post(questions, {"question_1": "Mitä toivot?", "question_en_1": "What do you hope for?"})
    assert [q.text for q in group.questions_in("en")] == ["What do you hope for?"]
    assert [q.text for q in group.questions_in("sv")] == ["Mitä toivot?"]


def test_publishing_rules_without_one_of_the_groups_languages_is_refused(group, moderator):
    group.languages = ["fi", "en"]
    group.save()
    with pytest.raises(ValidationError, match="missing: English"):
        members.publish_rules(moderator, group, {"fi": "Ole ystävällinen.", "en": "  "})
