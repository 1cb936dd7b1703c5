"""`{% second_factor_missing user %}`: the banner that tells a moderator or staff member to set up TOTP."""

from django import template

from groups.access import lacks_second_factor

register = template.Library()


@register.simple_tag
def second_factor_missing(user):
    return bool(user and user.is_authenticated and lacks_second_factor(user))
