"""The coalesced "here now" count: a change while the pending count is read still gets announced."""

import asyncio
import json

from groups import consumers, presence


class Layer:
    def __init__(self):
        self.sent = []

    async def group_send(self, group, event):
        self.sent.append(event)


async def test_a_leave_while_the_count_is_read_schedules_its_own_settling(monkeypatch):
    """Before, the task counted first and gave up its place only after sending: a socket leaving in between found
    it pending, scheduled nothing, and the others kept showing the person who had left."""
    monkeypatch.setattr(presence, "ANNOUNCE_EVERY", 0)
    counts, pending_while_counting = iter([1, 0]), []

    def settle(group_id):
        pending_while_counting.append(group_id in consumers._settling)
        return next(counts), True

    monkeypatch.setattr(presence, "settle", settle)
    layer = Layer()
    consumers._settling[7] = asyncio.ensure_future(consumers._settle_later(layer, 7))
    await consumers._settling[7]
    assert pending_while_counting == [False]  # a leave now finds no pending task, and schedules one
    consumers._settling[7] = asyncio.ensure_future(consumers._settle_later(layer, 7))
    await consumers._settling[7]
    assert [json.loads(event["text"])["count"] for event in layer.sent] == [1, 0]
    assert 7 not in consumers._settling
