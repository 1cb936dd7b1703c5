"""Search: each group's language, and each message's stemmed words kept by PostgreSQL.

Why a stored column kept by a trigger, not a functional index on to_tsvector(config, body): the
configuration is the *group's* language, on another table, and an index expression cannot read
another row. The trigger stems the sanitized text (body_html; the parser skips the tags) on every
insert and every change of the text, whichever path writes it (the pipeline, edits, erasure, the bench's
COPY), and a change of a group's language re-stems that group's messages. SQLite gets the column
only (it stays empty; search falls back to a plain match there).
"""

import django.contrib.postgres.search
from django.db import migrations, models

import groups.search.config

FORWARD = """
CREATE OR REPLACE FUNCTION peersupport_search_config(language text) RETURNS regconfig
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE language WHEN 'fi' THEN 'pg_catalog.finnish' WHEN 'sv' THEN 'pg_catalog.swedish'
                         WHEN 'en' THEN 'pg_catalog.english' ELSE 'pg_catalog.simple' END::regconfig
$$;

CREATE OR REPLACE FUNCTION peersupport_message_search_vector() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_vector := to_tsvector(
        peersupport_search_config((SELECT language FROM groups_group WHERE id = NEW.group_id)),
        coalesce(NEW.body_html, ''));
    RETURN NEW;
END
$$;

CREATE TRIGGER groups_message_search_vector
BEFORE INSERT OR UPDATE OF body_html, group_id, search_vector ON groups_message
FOR EACH ROW EXECUTE FUNCTION peersupport_message_search_vector();

CREATE OR REPLACE FUNCTION peersupport_group_search_language() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE groups_message SET search_vector = NULL WHERE group_id = NEW.id;
    RETURN NULL;
END
$$;

CREATE TRIGGER groups_group_search_language
AFTER UPDATE OF language ON groups_group
FOR EACH ROW WHEN (OLD.language IS DISTINCT FROM NEW.language)
EXECUTE FUNCTION peersupport_group_search_language();

UPDATE groups_message SET search_vector = NULL;

CREATE INDEX groups_message_search ON groups_message USING gin (search_vector);
"""

BACKWARD = """
DROP INDEX IF EXISTS groups_message_search;
DROP TRIGGER IF EXISTS groups_group_search_language ON groups_group;
DROP FUNCTION IF EXISTS peersupport_group_search_language();
DROP TRIGGER IF EXISTS groups_message_search_vector ON groups_message;
DROP FUNCTION IF EXISTS peersupport_message_search_vector();
DROP FUNCTION IF EXISTS peersupport_search_config(text);
"""


def on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("groups", "0006_message_client_id")]

    operations = [
        migrations.AddField(
            model_name="group",
            name="language",
            field=models.CharField(
                blank=True,
                choices=[("fi", "Finnish"), ("sv", "Swedish"), ("en", "English"), ("", "Other or mixed")],
                default=groups.search.config.default_language,
                max_length=8,
                verbose_name="language people write in",
            ),
        ),
        migrations.AddField(
            model_name="message",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(on_postgresql(FORWARD), on_postgresql(BACKWARD), elidable=False),
    ]
