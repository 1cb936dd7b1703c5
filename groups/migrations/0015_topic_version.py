"""Each topic's version: a counter the database bumps, in the writing transaction, on any change that shows
in its rendered message window (groups/content/window_cache.py keys the cached window by it).

Triggers rather than signals or calls in the writers, because messages change in many places (the pipeline,
edits, moderation, erasure, account deletion, bulk updates, the bench's COPY) and `QuerySet.update()` sends no
signal: a writer that forgot to bump would leave a removed or erased text on screen. What bumps it:
- any insert, update or delete of the topic's messages (a reply quotes a message of the same topic, so a
  quoted message changing bumps the reply's topic too);
- a change of an author's pseudonym or professional badge (the topics they wrote in);
- a moderator appointed or stepping down (every topic of the group: the "Moderator" badge).
A save of a Topic object read earlier writes its old version back; a trigger on the topic turns any step
backwards into a step forwards, so a version once seen is never seen again with other content.
Reactions are drawn outside the cached window (per reader), so they bump nothing.

PostgreSQL runs the message triggers once per statement over the changed rows (a COPY of a million messages
bumps each topic once); SQLite has row triggers only. SQLite drops a table's triggers when Django rebuilds
that table in a later migration: tests/groups/content/test_window_cache.py fails if that ever happens.
"""

from django.db import migrations, models

MODERATES = "role <> 'member'"

POSTGRES = f"""
CREATE OR REPLACE FUNCTION peersupport_topic_version_new() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE groups_topic SET version = version + 1 WHERE id IN (SELECT DISTINCT topic_id FROM changed);
    RETURN NULL;
END
$$;
CREATE TRIGGER groups_message_version_insert AFTER INSERT ON groups_message
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION peersupport_topic_version_new();
CREATE TRIGGER groups_message_version_update AFTER UPDATE ON groups_message
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION peersupport_topic_version_new();
CREATE TRIGGER groups_message_version_delete AFTER DELETE ON groups_message
    REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION peersupport_topic_version_new();

CREATE OR REPLACE FUNCTION peersupport_topic_version_forward() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.version := OLD.version + 1;
    RETURN NEW;
END
$$;
CREATE TRIGGER groups_topic_version_forward BEFORE UPDATE ON groups_topic
    FOR EACH ROW WHEN (NEW.version < OLD.version) EXECUTE FUNCTION peersupport_topic_version_forward();

CREATE OR REPLACE FUNCTION peersupport_topic_version_author() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE groups_topic SET version = version + 1
    WHERE id IN (SELECT DISTINCT topic_id FROM groups_message WHERE author_id = NEW.id);
    RETURN NULL;
END
$$;
CREATE TRIGGER accounts_user_topic_version AFTER UPDATE OF display_name, is_professional ON accounts_user
    FOR EACH ROW WHEN (OLD.display_name IS DISTINCT FROM NEW.display_name
                       OR OLD.is_professional IS DISTINCT FROM NEW.is_professional)
    EXECUTE FUNCTION peersupport_topic_version_author();

CREATE OR REPLACE FUNCTION peersupport_topic_version_role() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        UPDATE groups_topic SET version = version + 1 WHERE group_id = OLD.group_id;
    ELSE
        UPDATE groups_topic SET version = version + 1 WHERE group_id = NEW.group_id;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER groups_membership_version_insert AFTER INSERT ON groups_membership
    FOR EACH ROW WHEN (NEW.{MODERATES}) EXECUTE FUNCTION peersupport_topic_version_role();
CREATE TRIGGER groups_membership_version_update AFTER UPDATE OF role ON groups_membership
    FOR EACH ROW WHEN ((OLD.{MODERATES}) IS DISTINCT FROM (NEW.{MODERATES}))
    EXECUTE FUNCTION peersupport_topic_version_role();
CREATE TRIGGER groups_membership_version_delete AFTER DELETE ON groups_membership
    FOR EACH ROW WHEN (OLD.{MODERATES}) EXECUTE FUNCTION peersupport_topic_version_role();
"""

POSTGRES_BACKWARD = """
DROP TRIGGER IF EXISTS groups_membership_version_delete ON groups_membership;
DROP TRIGGER IF EXISTS groups_membership_version_update ON groups_membership;
DROP TRIGGER IF EXISTS groups_membership_version_insert ON groups_membership;
DROP FUNCTION IF EXISTS peersupport_topic_version_role();
DROP TRIGGER IF EXISTS accounts_user_topic_version ON accounts_user;
DROP FUNCTION IF EXISTS peersupport_topic_version_author();
DROP TRIGGER IF EXISTS groups_topic_version_forward ON groups_topic;
DROP FUNCTION IF EXISTS peersupport_topic_version_forward();
DROP TRIGGER IF EXISTS groups_message_version_delete ON groups_message;
DROP TRIGGER IF EXISTS groups_message_version_update ON groups_message;
DROP TRIGGER IF EXISTS groups_message_version_insert ON groups_message;
DROP FUNCTION IF EXISTS peersupport_topic_version_new();
"""

BUMP = "UPDATE groups_topic SET version = version + 1 WHERE"
SQLITE = [
    f"CREATE TRIGGER groups_message_version_insert AFTER INSERT ON groups_message "
    f"BEGIN {BUMP} id = NEW.topic_id; END",
    f"CREATE TRIGGER groups_message_version_update AFTER UPDATE ON groups_message "
    f"BEGIN {BUMP} id IN (OLD.topic_id, NEW.topic_id); END",
    f"CREATE TRIGGER groups_message_version_delete AFTER DELETE ON groups_message "
    f"BEGIN {BUMP} id = OLD.topic_id; END",
    "CREATE TRIGGER groups_topic_version_forward AFTER UPDATE OF version ON groups_topic "
    "WHEN NEW.version < OLD.version BEGIN UPDATE groups_topic SET version = OLD.version + 1 WHERE id = NEW.id; END",
    "CREATE TRIGGER accounts_user_topic_version AFTER UPDATE OF display_name, is_professional ON accounts_user "
    "WHEN OLD.display_name IS NOT NEW.display_name OR OLD.is_professional IS NOT NEW.is_professional "
    f"BEGIN {BUMP} id IN (SELECT topic_id FROM groups_message WHERE author_id = NEW.id); END",
    f"CREATE TRIGGER groups_membership_version_insert AFTER INSERT ON groups_membership WHEN NEW.{MODERATES} "
    f"BEGIN {BUMP} group_id = NEW.group_id; END",
    "CREATE TRIGGER groups_membership_version_update AFTER UPDATE OF role ON groups_membership "
    f"WHEN (OLD.{MODERATES}) IS NOT (NEW.{MODERATES}) BEGIN {BUMP} group_id = NEW.group_id; END",
    f"CREATE TRIGGER groups_membership_version_delete AFTER DELETE ON groups_membership WHEN OLD.{MODERATES} "
    f"BEGIN {BUMP} group_id = OLD.group_id; END",
]
SQLITE_NAMES = [
    "groups_message_version_insert",
    "groups_message_version_update",
    "groups_message_version_delete",
    "groups_topic_version_forward",
    "accounts_user_topic_version",
    "groups_membership_version_insert",
    "groups_membership_version_update",
    "groups_membership_version_delete",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES)
    elif schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_BACKWARD)
    elif schema_editor.connection.vendor == "sqlite":
        for name in SQLITE_NAMES:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("groups", "0014_group_archived_at"),
        ("accounts", "0014_professional_moderator_notifications"),
    ]

    operations = [
        migrations.AddField(
            model_name="topic",
            name="version",
            field=models.PositiveBigIntegerField(default=0, editable=False),
        ),
        migrations.RunPython(forward, backward),
    ]
