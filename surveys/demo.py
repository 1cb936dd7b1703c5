"""Demo survey for `seed_demo`: one closed survey with enough answers to show results and a suppressed cell."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from groups.models import Group

from . import lifecycle
from .models import Answer, Question, Response, Survey

TITLE = "How are the groups working for you?"
SCALE = [3] * 5 + [4] * 9 + [5] * 7  # 21 answers; nobody chose 1 or 2
HEARD = [1] * 9 + [2] * 8 + [3] * 4  # "The internet" has 4 answers: fewer than 5
TEXTS = [
    ("More evening chats, please.", Answer.Review.SHOWN),
    ("The moderators reply quickly, thank you.", Answer.Review.SHOWN),
    ("A group for partners would help.", Answer.Review.SHOWN),
    ("Reading here helped me on bad nights.", Answer.Review.SHOWN),
    ("I would like tips on talking to my doctor.", Answer.Review.WAITING),
    ("Shorter rules would be easier to read.", Answer.Review.WAITING),
]


def seed_surveys():
    """Create the closed demo survey once (idempotent: found by its title)."""
    if Survey.objects.filter(title=TITLE, kind=Survey.Kind.SURVEY).exists():
        return
    groups = list(Group.objects.filter(slug__in=["recovery-circle", "family-and-friends"]).order_by("slug"))
    family, recovery = groups
    today = timezone.localdate()
    with transaction.atomic():
        survey = lifecycle.create_survey(
            User.objects.filter(is_staff=True).order_by("pk").first(),
            Survey(
                title=TITLE,
                intro="A few questions about the groups. Answering is optional and anonymous.",
                opens_on=today - timedelta(days=40),
                closes_on=today - timedelta(days=10),
            ),
            groups,
        )
        scale = lifecycle.add_question(
            survey,
            Question.Kind.SCALE,
            "How much has the group helped you?",
            low_label="not at all",
            high_label="a lot",
        )
        heard = lifecycle.add_question(
            survey, Question.Kind.SINGLE, "How did you find us?", ["A worker or a clinic", "A friend", "The internet"]
        )
        text = lifecycle.add_question(survey, Question.Kind.TEXT, "What would make the groups better?")
        scale_choices = {c.position: c for c in scale.choices.all()}
        heard_choices = {c.position: c for c in heard.choices.all()}
        for i, (value, source) in enumerate(zip(SCALE, HEARD, strict=True)):
            response = Response.objects.create(
                survey=survey, group=recovery if i % 3 else family, answered_on=survey.opens_on + timedelta(days=i // 4)
            )
            Answer.objects.create(response=response, question=scale, choice=scale_choices[value])
            Answer.objects.create(response=response, question=heard, choice=heard_choices[source])
            if i < len(TEXTS):
                Answer.objects.create(response=response, question=text, text=TEXTS[i][0], review=TEXTS[i][1])
        lifecycle.publish(survey)
        lifecycle.close(survey)
