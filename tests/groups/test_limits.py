"""Length limits are named once (groups/limits.py): what a form says is what is enforced."""

from django.utils import translation

from groups import limits
from groups.content.forms import ReportForm, TopicForm
from groups.membership.forms import StandingQuestionForm
from moderation import pipeline
from moderation.alerts.forms import BadBatchForm
from moderation.forms import NoteForm, RemoveForm


def test_a_message_at_the_limit_is_published_and_one_more_character_is_refused(member, group, chat):
    assert pipeline.submit(member, group, "a" * limits.MESSAGE, topic=chat).ok
    refused = pipeline.submit(member, group, "b" * (limits.MESSAGE + 1), topic=chat)
    assert not refused.ok
    assert "5,000" in refused.reason


def test_the_help_texts_name_the_limits_their_fields_enforce():
    with translation.override("en"):
        remove = RemoveForm().fields["note"]
        note = NoteForm().fields["text"]
        what = BadBatchForm().fields["what"]
        assert remove.max_length == limits.REASON and "Up to 1,000 characters." in str(remove.help_text)
        assert note.max_length == limits.NOTE and "Up to 2,000 characters." in str(note.help_text)
        assert what.max_length == limits.REASON and "At most 1,000 characters." in str(what.help_text)
        assert "Up to 150 characters." in str(TopicForm().fields["title"].help_text) and pipeline.TITLE_LIMIT == 150
        assert "Up to 5,000 characters." in str(TopicForm().fields["body"].help_text)
        assert "Up to 1,000 characters." in str(ReportForm().fields["note"].help_text)
        assert StandingQuestionForm().fields["text"].max_length == limits.REASON


def test_a_help_text_groups_the_number_the_readers_way():
    with translation.override("fi"):
        assert "1\xa0000" in str(RemoveForm().fields["note"].help_text)


def test_a_bad_batch_description_over_the_limit_is_refused():
    form = BadBatchForm(data={"what": "x" * (limits.REASON + 1)})
    assert not form.is_valid() and "what" in form.errors
