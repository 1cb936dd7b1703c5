"""PostgreSQL full-text search: stemming in the group's language, the trigger that keeps the stored words,
the GIN index. Run with DATABASE_URL pointing at PostgreSQL (CI does); skipped on SQLite."""

import pytest
from django.db import connection

from groups.models import Group, Message
from groups.search import query
from groups.search.config import CONFIGS, SIMPLE, config_for
from tests.groups.search.helpers import found, post

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search"),
]


def _language(group, language):
    Group.objects.filter(pk=group.pk).update(language=language)
    group.refresh_from_db()


def test_a_finnish_inflected_form_finds_the_message(group, member, owner):
    _language(group, "fi")
    message = post(group, owner, "Sain eilen naloksonia apteekista, ja kerroin siitä ystäville.")
    assert found(member, "apteekki") == [message.pk]  # "from the pharmacy" found by "pharmacy"
    assert found(member, "ystävät") == [message.pk]  # "to friends" found by "friends"
    hit = query.search(query.scope_of(member), "apteekki").messages[0]
    assert "<mark>apteekista</mark>" in hit.snippet


def test_swedish_and_english_groups_stem_their_own_way(group, other_group, member, owner):
    _language(group, "sv")
    other_group.memberships.create(user=member, role="member", rules_version_accepted=1)
    _language(other_group, "en")
    swedish = post(group, owner, "Vännerna hjälpte mig med behandlingen.")
    english = post(other_group, None, "Walking helped me through the night.")
    assert found(member, "vänner") == [swedish.pk]  # "the friends" found by "friends"
    assert found(member, "behandling") == [swedish.pk]
    assert found(member, "walks") == [english.pk]


def test_another_language_matches_whole_words_without_stemming(group, member, owner):
    _language(group, "")
    message = post(group, owner, "Naloksoni pelasti hänet.")
    assert found(member, "naloksoni") == [message.pk]
    assert found(member, "naloksonia") == []


def test_the_sql_table_of_configurations_matches_the_python_one():
    with connection.cursor() as cursor:
        for language in [*CONFIGS, "", "de", "xx"]:
            cursor.execute("SELECT peersupport_search_config(%s)::text", [language])
            assert cursor.fetchone()[0] == config_for(language)
    assert config_for("de") == SIMPLE


def test_an_edit_and_an_erasure_update_the_stored_words(group, member, owner):
    message = post(group, owner, "The shelter on Main street has beds.")
    assert found(member, "shelter") == [message.pk]
    Message.objects.filter(pk=message.pk).update(body_html="<p>The clinic has beds.</p>")
    assert found(member, "shelter") == []
    assert found(member, "clinic") == [message.pk]
    message.refresh_from_db()
    message.erase()
    message.publish()
    assert found(member, "clinic") == []


def test_changing_a_groups_language_restems_its_messages(group, member, owner):
    _language(group, "en")
    message = post(group, owner, "Sain naloksonia apteekista.")
    assert found(member, "apteekki") == []
    group.language = "fi"
    group.save()
    assert found(member, "apteekki") == [message.pk]


def test_the_search_uses_the_gin_index(group, member, owner):
    post(group, owner, "Index me please.")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(
            "EXPLAIN SELECT id FROM groups_message WHERE search_vector @@ websearch_to_tsquery('english', 'index')"
        )
        plan = " ".join(row[0] for row in cursor.fetchall())
    assert "groups_message_search" in plan


def test_a_common_word_is_found_among_the_newest_and_a_rare_one_anywhere(group, member, owner, monkeypatch):
    monkeypatch.setattr(query, "RECENT", 6)
    monkeypatch.setattr(query, "CANDIDATES", 3)
    old = post(group, owner, "A rare word: buprenorphine.")
    common = [post(group, owner, f"Tonight is hard, number {i}.").pk for i in range(8)]
    assert sorted(found(member, "tonight")) == sorted(common[-3:])  # the window held enough: newest three
    assert found(member, "buprenorphine") == [old.pk]  # not in the window: the GIN index finds it
