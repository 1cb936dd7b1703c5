"""A socket's last re-check, trusted for its next frames while the person's access stamp has not moved.

Every frame on a group socket used to read the person's standing again (one query with four sub-queries: 2.5 ms
of the 7.4 ms of CPU a chat message cost). A `Trust` keeps the Standing of the socket's last re-read with the
access stamp it was read at. A later frame uses it, with no query, only when all of these hold:

- the socket's process watcher trusts the stamp (groups/live_watch.py: it is not unsure after an outage);
- the person's stamp is still that one (stamp.current: one cache read; with Redis down, from the database), so
  a ban, a mute, a removal, a role change, leaving, deactivation or deletion (each moves the stamp in its own
  transaction, groups/access/stamp.py) is seen at the next frame after its commit;
- it was read less than `TRUST_FOR` seconds ago, which bounds what does not move a stamp: a group's settings
  (slow mode, pre-moderation), a new version of its rules, a moderator's second factor removed.

Time-bound states are still judged at each frame (a mute that ends, `Membership.is_muted`).
"""

import time
from dataclasses import dataclass

from . import stamp
from .memo import memo
from .standing import Standing

TRUST_FOR = 10.0  # seconds a re-read standing may serve a socket's frames


@dataclass
class Trust:
    standing: Standing | None = None  # the last re-read
    stamp: int | None = None  # the person's access stamp when it was read
    read_at: float = 0.0

    def vouches_for(self, user):
        """True when the kept standing may answer this frame (see the module's docstring)."""
        if self.standing is None or time.monotonic() - self.read_at >= TRUST_FOR:
            return False
        return stamp.current([user.pk])[user.pk] == self.stamp

    def learn(self, fresh, st):
        """Keep what a re-read found (`fresh` None: the account is gone, nothing is kept)."""
        if fresh is None or st is None:
            self.forget()
            return
        self.standing, self.stamp, self.read_at = st, fresh.access_stamp, time.monotonic()

    def forget(self):
        self.standing, self.stamp, self.read_at = None, None, 0.0

    def remember(self, user):
        """Put the kept standing in the frame's memo, as a re-read does, so the gate answers from it."""
        if (remembered := memo()) is not None:
            remembered[("standing", user.pk, user.is_staff, self.standing.group.pk)] = self.standing
