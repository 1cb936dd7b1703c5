"""The topic page's reply form is written out without crispy (templates/groups/_textarea_form.html): the markup a
screen reader meets (label, error text, help text, aria-describedby) is crispy's, and what was typed stays."""

import re

import pytest
from django.template import Context, Template
from django.template.loader import render_to_string
from django.urls import reverse

from groups.content.forms import ReplyForm
from moderation.pipeline import Kind, submit

CRISPY = Template("{% load crispy_forms_tags %}{{ form|crispy }}")


def _normal(html):
    html = html.replace("&gt;", ">")  # crispy writes the help text unescaped; the browser reads both alike
    return re.sub(r"\s+", " ", re.sub(r"\s*([<>])\s*", r"\1", html)).strip()  # spaces beside tags do not show


def _ours(form):
    return render_to_string("groups/_textarea_form.html", {"form": form, "field": form["body"]})


def _bound(data, non_field_error=None):
    form = ReplyForm(data)
    form.is_valid()
    if non_field_error:
        form.add_error(None, non_field_error)
    return form


@pytest.mark.parametrize(
    "form",
    [ReplyForm(), _bound({"body": ""}), _bound({"body": "half <b>a thought"}, "Slow down & try again")],
    ids=["empty", "required", "refused by the pipeline"],
)
def test_reply_form_markup_is_crispys(form):
    assert _normal(_ours(form)) == _normal(CRISPY.render(Context({"form": form})))


def test_a_refused_reply_keeps_the_typed_text_and_says_why(login, member, group, settings):
    topic = submit(member, group, "First message", kind=Kind.TOPIC, title="Sleep").message.topic
    url = reverse("groups:topic-detail", args=[group.slug, topic.pk])
    page = login(member).post(url, {"body": "x" * 6000}).content.decode()
    assert 'aria-describedby="id_body_helptext"' in page
    assert "x" * 6000 + "</textarea>" in page
    assert "alert-danger" in page
