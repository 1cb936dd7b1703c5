"""The one-answer-per-person rule without a person-to-answer link.

An AnsweredMark holds HMAC(key, survey id : person id). Without the key, a copy of the database cannot tell who
answered; with it, one can tell only *whether* a given person answered an open survey (never what), and the marks
are deleted when the survey closes. The key is settings.SURVEY_HMAC_KEY, always passed through a domain separator,
so even its default (derived from SECRET_KEY) is a key used for nothing else.
"""

import hashlib
import hmac

from django.conf import settings

DOMAIN = b"peersupport.surveys.answered-mark.v1\x00"


def _key():
    return hashlib.sha256(DOMAIN + settings.SURVEY_HMAC_KEY.encode()).digest()


def answered_digest(survey, user):
    """The mark stored for `user` having answered `survey`: unlinkable across surveys and without the key."""
    return hmac.new(_key(), f"{survey.pk}:{user.pk}".encode(), hashlib.sha256).hexdigest()
