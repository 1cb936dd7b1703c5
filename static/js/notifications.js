// The bell: keeps the unread count current over /ws/notifications/ (the shared client in
// live.js reconnects) and, on the notifications page, offers to show new ones.
(function () {
  "use strict";
  var bell = document.getElementById("notification-bell");
  var badge = document.getElementById("notification-count");
  if (!bell || !badge || !window.WebSocket || !window.PeerLive) return;

  function show(isNew) {
    return function (f) {
      if (typeof f.unread !== "number") return;
      badge.textContent = String(f.unread);
      badge.hidden = !f.unread;
      var fresh = document.getElementById("notifications-new");
      if (fresh && isNew) fresh.hidden = false;
    };
  }

  PeerLive.connect({
    path: bell.getAttribute("data-ws-path"),
    on: { "notification.new": show(true), "notification.count": show(false) }
  });
})();
