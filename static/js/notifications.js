// The bell: keeps the unread count current over /ws/notifications/ (the shared client in
// live.js reconnects) and, on the notifications page, offers to show new ones.
(function () {
  "use strict";
  var bell = document.getElementById("notification-bell");
  var counts = document.querySelectorAll("[data-unread-count]");  // in the menu, and beside the brand below 1200 px
  var suffixes = document.querySelectorAll("[data-unread-suffix]");  // " unread", for screen readers
  if (!bell || !counts.length || !window.WebSocket || !window.PeerLive) return;

  function show(isNew) {
    return function (f) {
      if (typeof f.unread !== "number") return;
      Array.prototype.forEach.call(counts, function (badge) {
        badge.textContent = String(f.unread);
        badge.hidden = !f.unread;
      });
      Array.prototype.forEach.call(suffixes, function (suffix) { suffix.hidden = !f.unread; });
      var fresh = document.getElementById("notifications-new");
      if (fresh && isNew) fresh.hidden = false;
    };
  }

  PeerLive.connect({
    path: bell.getAttribute("data-ws-path"),
    on: { "notification.new": show(true), "notification.count": show(false) }
  });
})();
