"""Reasons saved as sentences become codes and parameters (peersupport/reasons.py).

A sentence the service wrote (in English, Finnish or Swedish) is recognised and turned into its code;
what follows it (a moderator's note after the rule) stays as free text, and so does anything not
recognised. Topic titles logged with a pin or lock are left alone: they are the members' own words.
Backwards, each code is written out again in English.
"""

from django.db import migrations
from django.utils import translation

from peersupport.reasons import Reason, recognise, render

BATCH = 500
OUTCOMES = {"supported", "pointed", "no_answer", "emergency", "not_crisis"}


def _log_reason(row):
    if row.action == "crisis_handled" and row.reason in OUTCOMES:
        return Reason(f"outcome_{row.reason}")
    if row.action == "notified_on_duty":
        return Reason("on_duty_told", {"names": row.reason})
    if row.action.startswith("topic_"):
        return Reason(text=row.reason)
    return recognise(row.reason)


def _convert(model, to_reason):
    changed = []
    for row in model.objects.filter(reason_code="").exclude(reason="").iterator(chunk_size=BATCH):
        reason = to_reason(row)
        if reason.code:
            row.reason_code, row.reason_params, row.reason = reason.code, dict(reason.params), reason.text
            changed.append(row)
        if len(changed) >= BATCH:
            model.objects.bulk_update(changed, ["reason_code", "reason_params", "reason"])
            changed = []
    model.objects.bulk_update(changed, ["reason_code", "reason_params", "reason"])


def forwards(apps, schema_editor):
    _convert(apps.get_model("moderation", "ModerationLog"), _log_reason)
    _convert(apps.get_model("moderation", "QueueItem"), lambda row: recognise(row.reason))
    _convert(apps.get_model("groups", "Ban"), lambda row: recognise(row.reason))


def backwards(apps, schema_editor):
    with translation.override("en"):
        for name in ("moderation.ModerationLog", "moderation.QueueItem", "groups.Ban"):
            model = apps.get_model(*name.split("."))
            rows = list(model.objects.exclude(reason_code=""))
            for row in rows:
                row.reason, row.reason_code = render(row.reason_code, row.reason_params, row.reason), ""
            model.objects.bulk_update(rows, ["reason", "reason_code"], batch_size=BATCH)


class Migration(migrations.Migration):
    dependencies = [("moderation", "0007_reason_codes"), ("groups", "0010_reason_codes")]

    operations = [migrations.RunPython(forwards, backwards)]
